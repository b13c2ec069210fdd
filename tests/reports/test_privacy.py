"""Personal data in reports: privacy page, "Mes données", retention and account deletion."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from parvis.reports.models import Category, Report, Status
from parvis.reports.services import Submission, change_status, follow, submit_report

pytestmark = pytest.mark.django_db


def report(reporter=None, **fields):
    return submit_report(Submission(
        category=Category.objects.get(slug="eclairage"), title="Lampadaire éteint",
        description="Depuis lundi.", latitude=44.8405, longitude=-0.5750, **fields,
    ), reporter=reporter)


def test_privacy_page_lists_reports_processing(client, routing):
    body = client.get(reverse("privacy")).content.decode()
    assert "Signalements" in body and "365 jours après la clôture" in body


def test_my_data_includes_my_reports_and_follows(client, routing, make_user):
    person = make_user()
    mine = report(reporter=person)
    other = report()
    follow(other, user=person)
    client.force_login(person)
    data = json.loads(client.post(reverse("accounts:download_my_data")).content)
    assert [item["tracking_code"] for item in data["sections"]["reports"]] == [
        mine.tracking_code]
    assert sorted(data["sections"]["followed_reports"]) == sorted(
        [mine.tracking_code, other.tracking_code])


def test_purge_expired_removes_report_contacts(routing):
    old = report(contact_email="riverain@example.org", contact_phone="0611223344")
    change_status(old, None, Status.RESOLVED)
    Report.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timedelta(days=400))
    call_command("purge_expired")
    old.refresh_from_db()
    assert old.contact_email == "" and old.contact_phone == ""
    assert not old.followers.exists()


def test_deleted_account_reports_stay_anonymous(client, routing, make_user):
    person = make_user(password="un-mot-de-passe-solide", pseudonym="Riveraine33")
    mine = report(reporter=person)
    follow(report(), user=person)
    client.force_login(person)
    response = client.post(reverse("accounts:delete_account"),
                           {"password": "un-mot-de-passe-solide", "confirm": "on"})
    assert response.status_code == 302
    body = client.get(mine.get_absolute_url()).content.decode()
    assert "Riveraine33" not in body  # reports never name their author
    assert not person.followed_reports.exists()
