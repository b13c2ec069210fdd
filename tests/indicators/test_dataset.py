"""The open dataset of the indicators' values: every value, corrections included, without
who recorded it."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.urls import reverse

from parvis.indicators import services
from parvis.indicators.datasets import VALUES
from tests.opendata import table_schema
from tests.opendata.conftest import streamed


def test_every_value_is_published_against_its_table_schema(client, make_indicator, manager):
    indicator = make_indicator(code="wifi-social")
    for value in (12, 13):  # a correction keeps both values
        services.record(indicator, date(2025, 12, 31), Decimal(value), manager, note="relevé")
    content = streamed(client.get(reverse("indicators:values_csv")))
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [(row["indicateur"], row["date"], row["valeur"], row["origine"]) for row in rows] == [
        ("wifi-social", "2025-12-31", "12.00", "entered"),
        ("wifi-social", "2025-12-31", "13.00", "entered")]
    assert manager.pseudonym not in content and "relevé" not in content
    schema = client.get(reverse("opendata:schema", args=[VALUES.slug])).json()
    assert table_schema.descriptor_errors(schema) == []
    assert table_schema.errors(schema, content) == []
