"""The realisations' open dataset: its Table Schema describes its CSV file."""

from django.urls import reverse

from parvis.realisations import exports
from parvis.realisations.datasets import REALISATIONS
from tests.opendata import table_schema
from tests.opendata.conftest import streamed


def test_the_dataset_is_in_the_catalog_and_its_csv_matches_its_schema(client, realisations):
    assert [column.name for column in REALISATIONS.columns] == exports.COLUMNS
    assert client.get(reverse("opendata:dataset", args=["realisations"])).status_code == 200
    schema = client.get(reverse("opendata:schema", args=["realisations"])).json()
    assert table_schema.descriptor_errors(schema) == []
    content = streamed(client.get(REALISATIONS.distribution("csv").url()))
    assert content.count("\n") == 5
    assert table_schema.errors(schema, content) == []
