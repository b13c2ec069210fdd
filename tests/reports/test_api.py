"""The public JSON API of reports at /api/v1/reports: filters, detail with public history,
no personal data, constant query count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.reports.models import Category, Report, Status
from parvis.reports.services import Submission, add_note, change_status, submit_report

pytestmark = pytest.mark.django_db

PRIVATE = ["jeanne.martinez@example.org", "Jeanne Martinez", "0611223344", "Note interne"]


def report(slug="voirie", point=(44.8405, -0.5750), reporter=None):
    latitude, longitude = point
    return submit_report(
        Submission(category=Category.objects.get(slug=slug), title="Trou", description="Profond",
                   latitude=latitude, longitude=longitude, contact_email=PRIVATE[0],
                   contact_name=PRIVATE[1], contact_phone=PRIVATE[2]),
        reporter=reporter,
    )


def codes(client, **params):
    response = client.get("/api/v1/reports", params)
    assert response.status_code == 200, response.content
    return [item["tracking_code"] for item in response.json()["items"]]


def test_list_is_filtered_like_the_public_list(client, routing):
    pothole = report("voirie-nid-de-poule")
    water = report("eau", point=(44.8060, -0.6320))
    old = report("eclairage")
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    assert codes(client) == [water.tracking_code, pothole.tracking_code, old.tracking_code]
    assert codes(client, category="voirie") == [pothole.tracking_code]
    assert codes(client, commune="pessac") == [water.tracking_code]
    assert codes(client, status="new", since=timezone.localdate() - timedelta(days=7)) == [
        water.tracking_code, pothole.tracking_code]
    assert codes(client, status="closed") == []
    for params in [{"commune": "atlantis"}, {"category": "inconnue"}]:
        assert client.get("/api/v1/reports", params).json()["code"] == "not_found"
    reversed_period = {"since": "2026-02-01", "until": "2026-01-01"}
    assert client.get("/api/v1/reports", reversed_period).status_code == 400
    assert client.get("/api/v1/reports", {"status": "lost"}).status_code == 422


def test_detail_has_the_public_history_and_no_personal_data(client, routing, make_user):
    author = make_user(first_name="Jeanne", last_name="Martinez")
    created = report(reporter=author)
    agent = make_user()
    add_note(created, agent, PRIVATE[3])
    change_status(created, agent, Status.REJECTED, message="Hors compétence.")
    response = client.get(f"/api/v1/reports/{created.tracking_code}")
    body = response.json()
    assert "author" not in body and body["status"] == "rejected"
    assert body["category"] == "voirie" and body["commune"] == "bordeaux"
    assert body["url"].endswith(f"/signalements/{created.tracking_code}/")
    assert [(step["status"], step["message"]) for step in body["history"]] == [
        ("new", ""), ("rejected", "Hors compétence.")]
    listing = client.get("/api/v1/reports").content.decode()
    for value in [*PRIVATE, author.email, created.follow_token]:
        assert value not in response.content.decode() and value not in listing
    assert client.get("/api/v1/reports/ZZZZZZZZ").status_code == 404
    assert client.get("/api/v1/reports/pas-un-code").status_code == 422


def test_list_query_count_does_not_grow(client, routing, make_user, count_queries):
    report(reporter=make_user())
    few = count_queries("/api/v1/reports")
    for _number in range(5):
        report(reporter=make_user())
    assert count_queries("/api/v1/reports") == few
