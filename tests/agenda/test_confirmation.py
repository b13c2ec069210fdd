"""Registrations without an account: pending until the e-mailed link is followed, limited
per address and per client, and e-mails that never quote what the registrant typed."""

import io
import time
from datetime import timedelta

from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from parvis.agenda import services
from parvis.agenda.models import Registration, RegistrationStatus

from .conftest import link_path, post_registration

SPAM = "Gagnez 1000 euros sur https://arnaque.example"


def confirm_url(registration) -> str:
    return reverse("agenda:confirm", args=[services.confirmation_token(registration)])


def test_unconfirmed_anonymous_registrations_leave_the_free_seats_unchanged(
        client, make_event, make_process):
    event = make_event(capacity=39, registration_required=True, process=make_process())
    for number in range(12):
        assert post_registration(client, event, f"nobody{number}@example.org",
                                 seats=5).status_code == 302
    assert services.seats_left(event) == 39
    assert "39 places libres" in client.get(event.get_absolute_url()).content.decode()
    assert client.get(f"/api/v1/events/{event.slug}").json()["seats_left"] == 39
    assert Registration.objects.filter(status=RegistrationStatus.PENDING).count() == 12


def test_confirming_after_expiry_is_refused(client, event, settings, monkeypatch):
    registration = services.register(event, name="Alex", email="alex@example.org", seats=1)
    issued = time.time() - settings.AGENDA_CONFIRMATION_HOURS * 3600 - 60
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: issued)
        link = confirm_url(registration)
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 410
        content = response.content.decode()
        assert "Ce lien de confirmation a expiré" in content
        assert "inscrivez-vous à nouveau" in content
    assert Registration.objects.get().status == RegistrationStatus.PENDING
    assert services.seats_left(event) == 3
    assert client.get(link[:-2] + "x/").status_code == 404


def test_a_link_confirmed_in_time_stays_the_registrations_page(client, event, settings,
                                                                monkeypatch):
    registration = services.register(event, name="Alex", email="alex@example.org", seats=1)
    link = confirm_url(registration)
    client.post(link)
    later = time.time() + settings.AGENDA_CONFIRMATION_HOURS * 3600 + 60
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: later)
        response = client.get(link)
    assert response.status_code == 200
    assert "Annuler mon inscription" in response.content.decode()


def test_confirming_once_the_event_is_full_puts_the_person_on_the_waiting_list(
        client, event, register):
    late = services.register(event, name="Late", email="late@example.org", seats=2)
    register(event, email="early@example.org", seats=3)
    page = client.post(confirm_url(late), follow=True).content.decode()
    assert "L&#x27;événement est complet : vous êtes sur la liste d&#x27;attente" in page
    assert "Annuler mon inscription" in page
    assert Registration.objects.get(email="late@example.org").status == "waiting"


def test_confirming_once_registrations_closed_says_so(client, event):
    registration = services.register(event, name="Alex", email="alex@example.org", seats=1)
    event.starts_at = timezone.now() - timedelta(minutes=5)
    event.save()
    response = client.post(confirm_url(registration))
    assert response.status_code == 410
    assert "l&#x27;événement a commencé" in response.content.decode()
    assert Registration.objects.get().status == RegistrationStatus.PENDING


def test_a_new_registration_replaces_a_pending_one_of_the_same_address(
        client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_registration(client, event, "alex@example.org", seats=3, name="Quelqu'un")
        post_registration(client, event, "alex@example.org", seats=1)
    first, second = (link_path(message, "confirmation") for message in mail.outbox)
    response = client.post(first)
    assert response.status_code == 410
    assert "n&#x27;existe plus" in response.content.decode()
    client.post(second)
    assert list(Registration.objects.values_list("seats", "status")) == [(1, "confirmed")]


def test_expired_pending_registrations_are_purged(event, register, settings):
    hours = timedelta(hours=settings.AGENDA_CONFIRMATION_HOURS)
    register(event, email="kept@example.org")
    fresh = services.register(event, name="Fresh", email="fresh@example.org", seats=1)
    stale = services.register(event, name="Stale", email="stale@example.org", seats=1)
    Registration.objects.filter(pk=fresh.pk).update(
        created_at=timezone.now() - hours + timedelta(minutes=5))
    Registration.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - hours - timedelta(minutes=5))
    call_command("purge_expired", stdout=io.StringIO())
    assert sorted(Registration.objects.values_list("email", flat=True)) == [
        "fresh@example.org", "kept@example.org"]


def test_registrations_are_limited_per_address(client, make_event, make_process, settings):
    settings.AGENDA_REGISTRATIONS_PER_HOUR_PER_EMAIL = 2
    process = make_process()
    events = [make_event(registration_required=True, process=process) for _ in range(3)]
    statuses = [post_registration(client, event, "target@example.org",
                                  REMOTE_ADDR=f"198.51.100.{number}").status_code
                for number, event in enumerate(events)]
    assert statuses == [302, 302, 429]
    content = post_registration(client, events[2], "TARGET@example.org").content.decode()
    assert "Trop d&#x27;inscriptions ont été demandées en peu de temps" in content
    assert "Réessayez dans 60 minutes" in content
    assert 'value="TARGET@example.org"' in content  # the form keeps what was typed
    assert Registration.objects.count() == 2
    assert post_registration(client, events[2], "other@example.org").status_code == 302


def test_registrations_are_limited_per_client(client, event, settings):
    settings.AGENDA_REGISTRATIONS_PER_HOUR_PER_IP = 3
    statuses = [post_registration(client, event, f"p{number}@example.org",
                                  REMOTE_ADDR="203.0.113.9").status_code for number in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert Registration.objects.count() == 3
    other = post_registration(client, event, "p3@example.org", REMOTE_ADDR="203.0.113.10")
    assert other.status_code == 302


def test_an_address_registered_already_counts_like_a_new_one(client, event, register,
                                                               settings):
    """Else the limit would tell who registered."""
    settings.AGENDA_REGISTRATIONS_PER_HOUR_PER_IP = 1
    register(event, email="alex@example.org")
    response = post_registration(client, event, "alex@example.org", REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 302
    assert post_registration(client, event, "bo@example.org",
                             REMOTE_ADDR="192.0.2.1").status_code == 429


def test_a_confirmed_account_address_is_not_limited(client, event, make_user, settings):
    settings.AGENDA_REGISTRATIONS_PER_HOUR_PER_IP = 1
    post_registration(client, event, "someone@example.org")
    user = make_user(email_confirmed_at=timezone.now())
    client.force_login(user)
    assert post_registration(client, event, user.email).status_code == 302
    assert Registration.objects.get(user=user).status == RegistrationStatus.CONFIRMED


def test_no_email_quotes_what_the_registrant_typed(client, make_event, make_process,
                                                   django_capture_on_commit_callbacks):
    tomorrow = timezone.localtime().replace(hour=18, minute=0) + timedelta(days=1)
    event = make_event(starts_at=tomorrow, capacity=1, registration_required=True,
                       process=make_process())
    with django_capture_on_commit_callbacks(execute=True):
        post_registration(client, event, "first@example.org", name=SPAM)
        post_registration(client, event, "second@example.org", name=SPAM)
    for message in list(mail.outbox):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(link_path(message, "confirmation"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=io.StringIO())
        post_registration(client, event, "first@example.org", name=SPAM)  # registered already
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(Registration.objects.get(email="first@example.org"))
    sent = {message.subject.split(" :")[0] for message in mail.outbox}
    assert sent == {str(subject).split(" :")[0] for subject in services.SUBJECTS.values()}
    for message in mail.outbox:
        assert "arnaque" not in message.body + message.subject
        assert "Gagnez" not in message.body + message.subject


def test_organisers_see_pending_registrations_apart_in_the_back_office(client, event, manager,
                                                                        register):
    register(event, name="Alex Martin", email="alex@example.org")
    services.register(event, name="Bo Pending", email="bo@example.org", seats=1)
    client.force_login(manager)
    url = reverse("admin:agenda_registration_changelist")
    pending = client.get(url, {"status__exact": "pending"}).content.decode()
    assert "bo@example.org" in pending and "alex@example.org" not in pending
    assert "en attente de confirmation" in client.get(url).content.decode()
