"""The public pages: list and filters, detail with its milestones, the map (and its list
without JavaScript), the CSV export and « Mon espace »."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from parvis.core.formats import euros
from parvis.realisations import services
from parvis.realisations.models import Status
from tests.opendata.conftest import streamed


@pytest.fixture
def followed(realisations, manager):
    """The project in progress (two milestones), the laureate done."""
    project = services.update(realisations["budgets"], manager, status=Status.IN_PROGRESS,
                              progress=45, spent_amount=12_500)
    for day, title in ((date(2026, 3, 2), "Début des travaux"), (date(2026, 1, 10), "Études")):
        services.add_milestone(project, services.Step(day, title, "Texte de l'étape."), manager)
    services.update(realisations["calls"], manager, status=Status.DONE, progress=100)
    return realisations


def titles(response) -> list[str]:
    return [realisation.title for realisation in response.context["page_obj"]]


def test_the_list_filters_by_status_commune_and_source(client, followed):
    url = reverse("realisations:list")
    assert len(titles(client.get(url))) == 4
    assert titles(client.get(url, {"status": "in_progress"})) == ["Un jardin partagé"]
    assert titles(client.get(url, {"commune": "pessac"})) == ["Des boîtes à livres"]
    assert titles(client.get(url, {"source": "calls"})) == ["Ateliers numériques"]
    page = client.get(url, {"status": "nonsense"})  # an invalid filter is ignored
    assert page.status_code == 200 and len(titles(page)) == 4


def test_a_realisation_of_a_process_no_longer_public_is_not_shown(client, followed, adopted):
    process = adopted.idea.box.process
    process.is_published = False
    process.save()
    assert "Des boîtes à livres" not in titles(client.get(reverse("realisations:list")))
    assert client.get(followed["ideas"].get_absolute_url()).status_code == 404


def test_the_detail_shows_progress_budget_and_dated_milestones(client, followed):
    page = client.get(followed["budgets"].get_absolute_url()).content.decode()
    assert '<progress max="100" value="45"' in page and "45 %" in page
    assert euros(28_000) in page and euros(12_500) in page
    assert page.index("Études") < page.index("Début des travaux")  # oldest first
    assert '<time datetime="2026-03-02">' in page
    assert "Publier une étape" not in page  # for those who follow it up only


def test_the_map_lists_the_located_realisations_without_javascript(client, followed):
    response = client.get(reverse("realisations:map"))
    page = response.content.decode()
    assert titles(response) == ["Un jardin partagé"]  # the only one with a point
    assert "Bordeaux" in page and "data-map-open" not in page  # no tile server configured


def test_with_tiles_the_map_opens_on_demand_from_geojson(client, followed, settings):
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    page = client.get(reverse("realisations:map"), {"status": "in_progress"}).content.decode()
    assert "data-map-open" in page and "parvis/map.js" in page
    assert f'data-source="{reverse("realisations:map_data")}?status=in_progress"' in page
    data = client.get(reverse("realisations:map_data"), {"status": "in_progress"}).json()
    feature = data["features"][0]
    assert feature["geometry"]["coordinates"] == [-0.58, 44.84]
    assert feature["properties"]["status_label"] == "en cours (45 %)"
    assert feature["properties"]["url"] == followed["budgets"].get_absolute_url()
    assert client.get(reverse("realisations:map_data"), {"status": "done"}).json()[
        "features"] == []


def test_the_pages_cost_a_bounded_number_of_queries(count_queries, followed, manager):
    for realisation in list(followed.values()):
        services.add_milestone(realisation, services.Step(date(2026, 4, 1), "Point"), manager)
    for url in (reverse("realisations:list"), reverse("realisations:map"),
                followed["budgets"].get_absolute_url()):
        assert count_queries(url) <= 12, url


def test_the_csv_export(client, followed):
    response = client.get(reverse("realisations:export_csv"))
    assert response["Content-Type"].startswith("text/csv") and response.streaming
    rows = {row["origine"]: row for row in csv.DictReader(io.StringIO(streamed(response)))}
    project = rows[followed["budgets"].source_key]
    assert (project["statut"], project["avancement"], project["budget_prevu"],
            project["depenses"], project["etapes"], project["derniere_etape"],
            project["commune"]) == ("in_progress", "45", "28000", "12500", "2", "2026-03-02",
                                    "Bordeaux")
    assert len(rows) == 4


def test_my_space_lists_the_realisations_of_what_i_supported(client, followed, adopted):
    client.force_login(adopted.voter)
    page = client.get(reverse("my_space")).content.decode()
    assert "Réalisation des projets que j&#x27;ai soutenus" in page
    assert "Un jardin partagé" in page and "Des boîtes à livres" not in page
    client.force_login(adopted.author)  # proposed the project and the idea
    page = client.get(reverse("my_space")).content.decode()
    assert "Un jardin partagé" in page and "Des boîtes à livres" in page
    client.force_login(adopted.bystander)
    assert "Réalisation des projets" not in client.get(reverse("my_space")).content.decode()
