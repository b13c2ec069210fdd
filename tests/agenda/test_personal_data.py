import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from parvis.agenda.models import Registration
from parvis.core.privacy import processings
from parvis.core.services import personal_data
from parvis.core.services.accounts import delete_account


def test_a_person_downloads_their_registrations(event, make_user, register):
    user = make_user()
    register(event, name="Alex Martin", email=user.email, seats=2, user=user)
    section = personal_data.export(user)["sections"]["event_registrations"]
    assert [(item["event"], item["seats"]) for item in section] == [(event.title, 2)]


def test_deleting_an_account_frees_its_seats_for_the_waiting_list(event, make_user, register):
    user = make_user()
    register(event, name="Alex", email=user.email, seats=3, user=user)
    register(event, name="Bo", email="bo@example.org")
    delete_account(user)
    assert list(Registration.objects.values_list("email", "status")) == [
        ("bo@example.org", "confirmed")]


def test_registrations_are_purged_after_the_retention_period(make_event, settings):
    past = make_event(days=-(settings.RETENTION_DAYS["event_registrations"] + 2),
                      registration_required=True)
    Registration.objects.create(event=past, name="Alex", email="alex@example.org",
                                created_at=timezone.now() - timedelta(days=200))
    recent = make_event(days=-1, registration_required=True)
    Registration.objects.create(event=recent, name="Bo", email="bo@example.org")
    call_command("purge_expired", stdout=io.StringIO())
    assert list(Registration.objects.values_list("email", flat=True)) == ["bo@example.org"]
    assert "Inscriptions aux événements" in [str(entry.name) for entry in processings()]
