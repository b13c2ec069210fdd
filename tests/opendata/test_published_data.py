"""Every dataset of the catalog, on the demo data: its CSV validates against its Table
Schema, no personal data leaves in any of its files, the daily dump writes the same files,
and the catalog, read as RDF, conforms to the DCAT-AP 3.0 SHACL shapes."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from pyshacl import validate
from rdflib import Graph

from parvis.core import modules
from parvis.core.links import absolute
from parvis.core.models import User
from parvis.reports.models import Report
from tests.opendata import table_schema
from tests.opendata.conftest import streamed

SHAPES = Path(__file__).parent / "dcat_ap"
pytestmark = pytest.mark.django_db


def all_files(client) -> dict[tuple[str, str], str]:
    return {(dataset.slug, item.format): streamed(client.get(item.url()))
            for dataset in modules.datasets() for item in dataset.distributions}


def test_the_catalog_lists_the_tools_datasets(demo_data):
    assert {"signalements", "idees"} <= {dataset.slug for dataset in modules.datasets()}


def test_every_csv_validates_against_its_table_schema(demo_data, client):
    for dataset in modules.datasets():
        schema = client.get(reverse("opendata:schema", args=[dataset.slug])).json()
        content = streamed(client.get(dataset.distribution("csv").url()))
        assert content.count("\n") > 1, f"{dataset.slug}: the demo data has no row"
        assert table_schema.errors(schema, content) == [], dataset.slug


def test_no_personal_data_leaves_through_open_data(demo_data, client):
    files = all_files(client)
    people = User.objects.exclude(email="")
    secrets = {value for user in people
               for value in (user.email, user.pseudonym, user.first_name, user.last_name,
                             f"{user.first_name} {user.last_name}")
               if value and len(value) >= 5}
    reports = list(Report.objects.exclude(latitude=None))
    assert people and reports
    secrets |= {report.title for report in reports if len(report.title) >= 8}
    secrets |= {value for report in reports
                for value in (report.contact_email, report.contact_name, report.contact_phone,
                              report.address)
                if len(value) >= 5}
    for (slug, format), content in files.items():
        leaked = sorted(secret for secret in secrets if secret in content)
        assert leaked == [], f"{slug}.{format} shows {leaked[:5]}"
        exact = {f"{report.latitude:.6f}".rstrip("0") for report in reports}
        digits = set(re.findall(r"\d+\.\d{4,}", content))
        assert not (exact & digits), f"{slug}.{format} shows an exact position"


def test_the_daily_dump_writes_each_file_and_the_catalog_links_it(demo_data, client):
    out = io.StringIO()
    call_command("opendata_dump", stdout=out)
    live = all_files(client)
    assert len(out.getvalue().splitlines()) == len(live)
    for (slug, format), content in live.items():
        dump = client.get(reverse("opendata:dump", args=[slug, format]))
        assert dump.status_code == 200
        assert streamed(dump) == content
    catalog = client.get(reverse("opendata:catalog_jsonld")).json()
    urls = {distribution["dcat:downloadURL"]["@id"] for dataset in catalog["dcat:dataset"]
            for distribution in dataset["dcat:distribution"]}
    assert {absolute(reverse("opendata:dump", args=key)) for key in live} <= urls
    page = client.get(reverse("opendata:dataset", args=["signalements"])).content.decode()
    assert "fichier complet du" in page


@pytest.mark.parametrize("dumped", [False, True], ids=["live exports", "with daily dumps"])
def test_the_catalog_conforms_to_dcat_ap_3(demo_data, client, dumped):
    if dumped:
        call_command("opendata_dump", stdout=io.StringIO())
    response = client.get(reverse("opendata:catalog_jsonld"))
    assert response["Content-Type"] == "application/ld+json"
    data = Graph().parse(data=response.content.decode(), format="json-ld")
    shapes = Graph().parse(SHAPES / "dcat-ap-SHACL.ttl", format="turtle")
    conforms, _graph, report = validate(data, shacl_graph=shapes, inference="rdfs",
                                        allow_warnings=True)
    assert conforms, report
    datasets = json.loads(response.content)["dcat:dataset"]
    assert len(datasets) == len(modules.datasets())
    assert all(dataset["dct:provenance"]["rdfs:label"]["@value"] for dataset in datasets)
