"""The daily dump writes whole files with flat memory, whatever the number of rows."""

import tracemalloc

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from parvis.opendata import dumps
from parvis.reports.datasets import REPORTS
from parvis.reports.models import Category, Report
from parvis.reports.services import load_default_categories
from tests.reports.factories import bulk_reports

pytestmark = pytest.mark.django_db


def test_the_dump_of_20000_reports_holds_few_rows_in_memory(communes, make_service):
    dumps.write_all()  # imports, lookups and storage folders, before measuring
    load_default_categories()
    voirie = Category.objects.get(slug="voirie")
    bulk_reports(20_000, make_service("Voirie"), voirie, communes["bordeaux"])
    Report.objects.update(latitude=44.8, longitude=-0.57)
    tracemalloc.start()
    try:
        written = dumps.write(REPORTS, timezone.now())
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    sizes = {dump.format: dump.size for dump in written}
    assert sizes["geojson"] > 8_000_000 and sizes["csv"] > 2_000_000
    assert default_storage.size("opendata/signalements.geojson") == sizes["geojson"]
    assert peak < 3_000_000
