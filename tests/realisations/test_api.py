"""The read-only API of realisations."""

from datetime import date

from django.conf import settings

from parvis.realisations import services
from parvis.realisations.models import Status

API = "/api/v1/realisations"


def test_the_list_and_its_filters(client, realisations, manager):
    services.update(realisations["budgets"], manager, status=Status.IN_PROGRESS, progress=30)
    body = client.get(API).json()
    assert body["count"] == 4
    assert client.get(API, {"status": "in_progress"}).json()["items"][0] == {
        "id": realisations["budgets"].pk, "source_key": realisations["budgets"].source_key,
        "source": "budgets", "title": "Un jardin partagé", "status": "in_progress",
        "progress": 30, "planned_amount": 28_000, "spent_amount": None, "service": None,
        "commune": "bordeaux", "latitude": 44.84, "longitude": -0.58,
        "updated_at": body["items"][0]["updated_at"],
        "url": settings.SITE_URL + realisations["budgets"].get_absolute_url(),
        "source_url": settings.SITE_URL + realisations["budgets"].source_url,
    }
    assert [item["source"] for item in client.get(API, {"source": "calls"}).json()["items"]] == [
        "calls"]
    assert client.get(API, {"commune": "pessac"}).json()["count"] == 1


def test_one_realisation_with_its_milestones(client, realisations, manager):
    project = realisations["budgets"]
    services.add_milestone(project, services.Step(date(2026, 3, 2), "Travaux", "Texte"), manager)
    body = client.get(f"{API}/{project.pk}").json()
    assert body["milestones"] == [{"on": "2026-03-02", "title": "Travaux", "text": "Texte",
                                   "photo": None, "photo_alt": ""}]
    assert body["description"] == "Des bacs et un composteur."
    assert "created_by" not in str(body) and manager.pseudonym not in str(body)


def test_errors_are_structured(client, realisations):
    missing = client.get(f"{API}/999999")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    invalid = client.get(API, {"status": "fini"})
    assert invalid.status_code == 422 and invalid.json()["code"] == "invalid"
