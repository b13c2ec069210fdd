from datetime import datetime

import pytest

from parvis.core.models import Commune, District, Role
from parvis.core.services.roles import grant_role
from parvis.processes.models import Theme

pytestmark = pytest.mark.django_db


def slugs(response):
    assert response.status_code == 200, response.content
    return {item["slug"] for item in response.json()["items"]}


def assert_error(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def test_communes_are_listed_by_page(client, communes):
    body = client.get("/api/v1/communes").json()
    assert body["count"] == 28 and len(body["items"]) == 28
    assert body["items"][0] == {
        "name": "Ambarès-et-Lagrave", "slug": "ambares-et-lagrave", "insee_code": "33003",
        "latitude": 44.925, "longitude": -0.486,
    }
    last_page = client.get("/api/v1/communes", {"page_size": 10, "page": 3}).json()
    assert [item["name"] for item in last_page["items"]][-1] == "Villenave-d'Ornon"
    assert len(last_page["items"]) == 8
    assert client.get("/api/v1/communes", {"page": 4, "page_size": 10}).json()["items"] == []


def test_commune_detail_lists_its_districts(client, communes):
    District.objects.create(commune=communes["bordeaux"], name="Bastide", slug="bastide")
    body = client.get("/api/v1/communes/bordeaux").json()
    assert body["name"] == "Bordeaux"
    assert body["districts"] == [{"name": "Bastide", "slug": "bastide"}]


def test_services_can_be_filtered_by_commune(client, communes, make_service):
    metropolis = make_service(communes=communes.values(), email="voirie@example.org")
    bordeaux = make_service(communes=[communes["bordeaux"]], owner_commune=communes["bordeaux"])
    make_service(communes=[communes["bordeaux"]], is_active=False)
    assert slugs(client.get("/api/v1/services")) == {metropolis.slug, bordeaux.slug}
    assert slugs(client.get("/api/v1/services", {"commune": "pessac"})) == {metropolis.slug}
    body = client.get(f"/api/v1/services/{bordeaux.slug}").json()
    assert body["owner_commune"] == "bordeaux" and body["communes"] == ["bordeaux"]
    assert client.get(f"/api/v1/services/{metropolis.slug}").json()["email"] == (
        "voirie@example.org"
    )


def test_inactive_service_is_not_found(client, make_service):
    service = make_service(is_active=False)
    assert_error(client.get(f"/api/v1/services/{service.slug}"), 404, "not_found")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"open", "upcoming", "closed"}),
        ({"status": "open"}, {"open"}),
        ({"status": "upcoming"}, {"upcoming"}),
        ({"status": "closed"}, {"closed"}),
        ({"commune": "cenon"}, {"open", "upcoming"}),
        ({"theme": "mobilites"}, {"open"}),
        ({"commune": "pessac", "status": "open"}, {"open"}),
    ],
)
def test_processes_can_be_filtered(client, processes, params, expected):
    response = client.get("/api/v1/processes", params)
    assert slugs(response) == {processes[name].slug for name in expected}


def test_process_detail_has_its_phases_with_iso_dates(client, processes):
    process = processes["upcoming"]
    body = client.get(f"/api/v1/processes/{process.slug}").json()
    assert body["status"] == "upcoming" and body["communes"] == ["cenon"]
    assert body["url"].endswith(f"/demarches/{process.slug}/")
    [phase] = body["phases"]
    assert phase["actions"] == ["submit", "comment"]
    assert datetime.fromisoformat(phase["starts_at"]) == process.phases.get().starts_at
    assert datetime.fromisoformat(body["ends_at"]) == process.phases.get().ends_at


def test_draft_process_is_not_found(client, processes):
    body = assert_error(client.get(f"/api/v1/processes/{processes['draft'].slug}"), 404,
                        "not_found")
    assert processes["draft"].slug in body["detail"]


def test_themes_are_listed(client):
    Theme.objects.create(name="Numérique", slug="numerique")
    body = client.get("/api/v1/themes").json()
    assert body == {"items": [{"name": "Numérique", "slug": "numerique"}], "count": 1,
                    "count_capped": False}


@pytest.mark.parametrize(
    ("url", "params", "location"),
    [
        ("/api/v1/processes", {"status": "soon"}, ["query", "status"]),
        ("/api/v1/processes", {"commune": "<script>"}, ["query", "commune"]),
        ("/api/v1/communes", {"page": 0}, ["query", "page"]),
        ("/api/v1/communes", {"page": "two"}, ["query", "page"]),
        ("/api/v1/communes", {"page": 10**30}, ["query", "page"]),
        ("/api/v1/themes", {"page_size": 101}, ["query", "page_size"]),
        ("/api/v1/communes/bor%00deaux", {}, ["path", "slug"]),
        ("/api/v1/events", {"start": "0001-01-01"}, ["query", "start"]),
        ("/api/v1/reports", {"until": "9999-12-31"}, ["query", "until"]),
    ],
)
def test_invalid_parameters_answer_422_field_by_field(client, processes, url, params, location):
    body = assert_error(client.get(url, params), 422, "invalid")
    assert [error["loc"] for error in body["errors"]] == [location]
    assert location[-1] in body["detail"]


@pytest.mark.parametrize(
    ("params", "word"), [({"commune": "atlantis"}, "commune"), ({"theme": "cuisine"}, "theme")]
)
def test_unknown_filter_value_answers_404(client, processes, params, word):
    body = assert_error(client.get("/api/v1/processes", params), 404, "not_found")
    assert word in body["detail"] and params[word] in body["detail"]


@pytest.mark.parametrize(
    "url", ["/api/v1/", "/api/v1/nowhere", "/api/v1/communes/bordeaux/districts", "/api/v1/me/"]
)
def test_unknown_route_answers_json_404(client, url):
    assert_error(client.get(url), 404, "not_found")


def test_unknown_object_answers_json_404(client, communes):
    assert_error(client.get("/api/v1/communes/atlantis"), 404, "not_found")


def test_disallowed_method_answers_json_405(client, communes):
    response = client.post("/api/v1/communes", {"name": "Atlantis"})
    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


def test_public_endpoints_show_no_personal_data(client, processes, make_user, make_service):
    service = make_service(communes=[processes["upcoming"].communes.get()])
    agent = make_user(email="agent.secret@perso.example", first_name="Aurélie",
                      last_name="Confidentielle")
    grant_role(None, agent, Role.AGENT, service=service)
    make_user(email="citoyen.secret@perso.example", first_name="Bernard",
              last_name="Privé", commune=processes["upcoming"].communes.get())
    urls = [
        "/api/v1/communes", "/api/v1/communes/cenon", "/api/v1/services",
        f"/api/v1/services/{service.slug}", "/api/v1/processes", "/api/v1/themes",
        *(f"/api/v1/processes/{process.slug}" for process in processes.values()),
    ]
    for url in urls:
        content = client.get(url).content.decode()
        for secret in ["secret@perso", "Confidentielle", "Privé", agent.pseudonym]:
            assert secret not in content, (url, secret)


@pytest.fixture
def add_rows(communes, make_service, make_process):
    """Add `count` rows of what a listing shows."""

    def add_communes(count):
        start = Commune.objects.count()
        Commune.objects.bulk_create(
            Commune(name=f"Commune {n}", slug=f"commune-{n}", insee_code=f"{90000 + n}",
                    latitude=44.8, longitude=-0.5)
            for n in range(start, start + count)
        )

    def add_services(count):
        for _ in range(count):
            make_service(communes=[communes["ambes"], communes["cenon"]],
                         owner_commune=communes["ambes"])

    def add_processes(count):
        theme, _ = Theme.objects.get_or_create(name="Mobilités", slug="mobilites")
        for _ in range(count):
            make_process(communes=[communes["bordeaux"], communes["cenon"]], theme=theme)

    def add_themes(count):
        start = Theme.objects.count()
        Theme.objects.bulk_create(
            Theme(name=f"Thème {n}", slug=f"theme-{n}") for n in range(start, start + count)
        )

    adders = {"communes": add_communes, "services": add_services,
              "processes": add_processes, "themes": add_themes}
    return lambda kind, count: adders[kind](count)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/communes", {}),
        ("/api/v1/services", {"commune": "ambes"}),
        ("/api/v1/processes", {}),
        ("/api/v1/processes", {"commune": "cenon", "theme": "mobilites", "status": "open"}),
        ("/api/v1/themes", {}),
    ],
)
def test_query_count_does_not_grow_with_rows(add_rows, count_queries, url, params):
    kind = url.rsplit("/", 1)[-1]
    add_rows(kind, 10)
    with_10 = count_queries(url, **params)
    add_rows(kind, 190)
    assert count_queries(url, **params) == with_10


def test_docs_page_uses_no_cdn(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in response.content
    assert b"cdn." not in response.content
