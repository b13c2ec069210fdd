"""The catalog's pages: built from what the modules declare, linked from every page."""

import pytest
from django.urls import reverse

from parvis.core.datasets import Column, Dataset, Distribution

pytestmark = pytest.mark.django_db


def rows():
    yield "code,nombre\r\n"
    yield "a,1\r\n"


TRIAL = Dataset(
    slug="essai",
    title="Jeu de test",
    description="Des lignes d'essai.",
    processing="Fabriqué pour les tests, sans donnée personnelle.",
    removed=["les auteurs"],
    biases="Aucun biais : rien n'est mesuré.",
    columns=[Column("code", "string", "Code", required=True),
             Column("nombre", "integer", "Nombre", minimum=0)],
    distributions=[Distribution("csv", "health", rows)],
    licence="odbl-1.0",
    frequency="WEEKLY",
    keywords=["essai"],
    primary_key="code",
)


@pytest.fixture
def trial(register_module):
    return register_module(datasets=[TRIAL])


def test_a_declared_dataset_is_listed_with_its_facts(client, trial):
    page = client.get(reverse("opendata:catalog")).content.decode()
    assert "Jeu de test" in page and "Open Database License (ODbL) 1.0" in page
    assert "hebdomadaire" in page
    detail = client.get(reverse("opendata:dataset", args=["essai"])).content.decode()
    for text in ("Fabriqué pour les tests", "les auteurs", "Aucun biais", "<code>nombre</code>"):
        assert text in detail


def test_the_catalog_describes_it_in_dcat(client, trial):
    catalog = client.get(reverse("opendata:catalog_jsonld")).json()
    dataset = next(item for item in catalog["dcat:dataset"]
                   if item["dct:identifier"] == "essai")
    assert dataset["dct:accrualPeriodicity"]["@id"].endswith("/frequency/WEEKLY")
    [distribution] = dataset["dcat:distribution"]  # no daily file before the first dump
    assert distribution["dct:license"]["@id"] == "https://opendatacommons.org/licenses/odbl/1-0/"
    assert distribution["dct:conformsTo"]["@id"].endswith("/donnees/essai/schema.json")
    label = dataset["dct:provenance"]["rdfs:label"]["@value"]
    assert "Retiré : les auteurs." in label and "Biais connus" in label


def test_its_table_schema(client, trial):
    schema = client.get(reverse("opendata:schema", args=["essai"])).json()
    assert schema == {
        "fields": [
            {"name": "code", "type": "string", "title": "Code", "constraints": {"required": True}},
            {"name": "nombre", "type": "integer", "title": "Nombre",
             "constraints": {"minimum": 0}},
        ],
        "missingValues": [""],
        "primaryKey": "code",
    }


def test_every_page_links_the_catalog_in_its_head(client):
    page = client.get(reverse("home")).content.decode()
    head = page[:page.index("</head>")]
    assert ('<link rel="alternate" type="application/ld+json" title="Catalogue DCAT" href="'
            f'{reverse("opendata:catalog_jsonld")}">') in head


@pytest.mark.parametrize("path", ["/donnees/inconnu/", "/donnees/inconnu/schema.json",
                                  "/donnees/inconnu/quotidien.csv",
                                  "/donnees/signalements/quotidien.csv",
                                  "/donnees/signalements/quotidien.xlsx"])
def test_unknown_datasets_and_files_not_yet_dumped_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_a_dataset_must_be_complete():
    with pytest.raises(ValueError, match="licence"):
        Dataset(**{**TRIAL.__dict__, "licence": "cc-by"})
    with pytest.raises(ValueError, match="no CSV"):
        Dataset(**{**TRIAL.__dict__, "distributions": [Distribution("json", "health", rows)]})
    with pytest.raises(ValueError, match="type"):
        Column("x", "text", "X")


def test_the_catalog_reads_the_registry_not_the_database(client, trial,
                                                         django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        for name in ("opendata:catalog", "opendata:catalog_jsonld"):
            assert client.get(reverse(name)).status_code == 200
        assert client.get(reverse("opendata:dataset", args=["essai"])).status_code == 200
