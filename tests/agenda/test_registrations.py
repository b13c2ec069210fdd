import csv
import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from parvis.agenda import services
from parvis.agenda.models import Registration, RegistrationStatus
from parvis.core.models import AuditEntry, Role
from tests.race import race

from .conftest import link_path, post_registration


def register_url(event):
    return reverse("agenda:register", args=[event.slug])


def test_registering_without_an_account_takes_seats_once_the_emailed_link_is_followed(
        client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_registration(client, event, "Alex@Example.org", seats=2)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert ("Vérifiez votre boîte : confirmez votre inscription avec le lien reçu (valable"
            " 2 heures)") in page
    assert "3 places libres" in page
    registration = Registration.objects.get(event=event)
    assert (registration.email, registration.seats, registration.status) == (
        "alex@example.org", 2, RegistrationStatus.PENDING)
    (message,) = mail.outbox
    assert message.to == ["alex@example.org"]
    assert "/agenda/annulation/" not in message.body
    link = link_path(message, "confirmation")

    shown = client.get(link)  # what a mail scanner opening the link does
    assert "Confirmer mon inscription" in shown.content.decode()
    assert Registration.objects.get().status == RegistrationStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(link, follow=True).content.decode()
    assert "Vous êtes inscrit·e" in page
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED
    assert "confirmée" in mail.outbox[1].body
    cancel = re.search(r'href="(/agenda/annulation/[^"]+/)"', page).group(1)
    assert client.get(cancel).status_code == 200
    assert "1 place libre" in client.get(event.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(link)  # following it again changes nothing
    assert again.status_code == 200 and "Annuler mon inscription" in again.content.decode()
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED
    assert len(mail.outbox) == 2


def test_a_signed_in_person_is_linked_to_the_registration(client, event, make_user):
    user = make_user()
    client.force_login(user)
    assert user.email in client.get(register_url(event)).content.decode()
    post_registration(client, event, user.email)
    registration = Registration.objects.get(event=event)
    assert registration.user == user
    # An address the account never confirmed waits for its link like any other.
    assert registration.status == RegistrationStatus.PENDING


def test_a_signed_in_person_with_a_confirmed_address_is_registered_at_once(
        client, event, make_user, django_capture_on_commit_callbacks):
    user = make_user(email_confirmed_at=timezone.now())
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_registration(client, event, user.email.upper(), seats=2)
    assert "Vous êtes inscrit·e" in client.get(response.url).content.decode()
    assert Registration.objects.get(event=event).status == RegistrationStatus.CONFIRMED
    assert "/agenda/annulation/" in mail.outbox[0].body
    # Another address typed by the same person still has to be confirmed.
    post_registration(client, event, "other@example.org")
    assert Registration.objects.get(email="other@example.org").status == "pending"


def test_invalid_registration_shows_errors_and_keeps_the_input(client, event):
    response = client.post(register_url(event), {"name": "Alex", "email": "pas-un-email",
                                                 "seats": 9})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Alex"' in content
    assert "adresse de courriel valide" in content
    assert "9 n’en fait pas partie" in content
    assert not Registration.objects.exists()


def test_an_address_registered_already_is_told_by_email_and_the_page_says_nothing(
        client, event, register, django_capture_on_commit_callbacks):
    register(event, email="alex@example.org")
    answers = []
    for email in ("ALEX@example.org", "new@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_registration(client, event, email, name="Camille Intrus")
        answers.append((response.status_code, response.url,
                        client.get(response.url).content.decode().count("Vérifiez votre boîte")))
    assert answers[0] == answers[1] == (302, event.get_absolute_url(), 1)
    assert Registration.objects.filter(email="alex@example.org").get().status == (
        RegistrationStatus.CONFIRMED)
    told = [message for message in mail.outbox if message.to == ["alex@example.org"]][-1]
    assert "déjà inscrite" in told.body and "/agenda/annulation/" in told.body
    assert "Camille Intrus" not in told.body


def test_full_event_puts_people_on_the_waiting_list_then_promotes_them(
        event, register, django_capture_on_commit_callbacks):
    first = register(event, email="first@example.org", seats=3)
    with django_capture_on_commit_callbacks(execute=True):
        register(event, email="second@example.org", seats=2)
        register(event, email="third@example.org", seats=1)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["second@example.org"] == statuses["third@example.org"] == "waiting"
    assert "liste d'attente" in mail.outbox[-1].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(first)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"first@example.org": "cancelled", "second@example.org": "confirmed",
                        "third@example.org": "confirmed"}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "second@example.org", "third@example.org"]
    assert "Une place s'est libérée" in mail.outbox[0].body


def test_waiting_list_is_first_come_first_served(event, register):
    register(event, email="a@example.org", seats=3)
    register(event, email="b@example.org", seats=2)
    register(event, email="c@example.org", seats=1)
    services.cancel(Registration.objects.get(email="c@example.org"))
    assert Registration.objects.get(email="b@example.org").status == "waiting"
    a = Registration.objects.get(email="a@example.org")
    a.seats = 1
    a.save()
    services.cancel(Registration.objects.get(email="a@example.org"))
    assert Registration.objects.get(email="b@example.org").status == "confirmed"


def test_cancellation_link_works_without_an_account(client, event,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_registration(client, event, "alex@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_path(mail.outbox[0], "confirmation"))
    path = link_path(mail.outbox[1], "annulation")
    assert "Annuler mon inscription" in client.get(path).content.decode()
    assert client.post(path).status_code == 302
    registration = Registration.objects.get()
    assert registration.status == "cancelled"
    assert AuditEntry.objects.filter(action="event.registration_cancelled").exists()
    assert client.get(f"{path}forged/").status_code == 404


def test_registration_follows_the_phase_of_the_process(client, make_event, make_process):
    closed = make_event(registration_required=True, process=make_process(actions=["comment"]))
    response = post_registration(client, closed, "alex@example.org")
    assert "Les inscriptions ne sont pas ouvertes dans cette démarche." in response.content.decode()
    assert not Registration.objects.exists()


def test_events_without_registration_or_already_started_refuse_it(client, make_event):
    free = make_event(registration_required=False)
    started = make_event(registration_required=True, days=-1, hours=48)
    for event in (free, started):
        post_registration(client, event, "alex@example.org")
    assert not Registration.objects.exists()


def test_reminders_go_once_to_confirmed_people_of_tomorrows_events(
        make_event, register, django_capture_on_commit_callbacks):
    tomorrow = timezone.localtime().replace(hour=18, minute=0) + timedelta(days=1)
    soon = make_event(starts_at=tomorrow, registration_required=True, capacity=1)
    later = make_event(days=5, registration_required=True)
    register(soon, email="a@example.org")
    register(soon, email="waiting@example.org")
    services.register(soon, name="D", email="pending@example.org", seats=1)
    register(later, email="later@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=io.StringIO())
        call_command("send_event_reminders", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [["a@example.org"]]
    assert "a lieu demain" in mail.outbox[0].body


def test_attendee_export_is_for_the_organisers_only(client, event, make_user, make_staff, register):
    register(event, name="Alex Martin", email="alex@example.org", seats=2)
    register(event, name='=HYPERLINK("https://x.example")', email="x@example.org")
    services.register(event, name="Pending", email="pending@example.org", seats=1)
    url = reverse("agenda:attendees", args=[event.slug])
    assert client.get(url).status_code == 403
    client.force_login(make_user())
    assert client.get(url).status_code == 403
    manager = make_staff(Role.PROCESS_MANAGER)
    client.force_login(manager)
    response = client.get(url)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][:3] == ["Alex Martin", "alex@example.org", "2"]
    assert rows[2][0] == "'=HYPERLINK(\"https://x.example\")"  # read as text, not a formula
    assert len(rows) == 3  # an address not confirmed yet is nobody's attendee
    entry = AuditEntry.objects.get(action="personal_data.exported")
    assert entry.actor == manager and entry.data["kind"] == "event_attendees"


def test_personal_data_never_appears_on_public_pages_or_api(client, event, register):
    register(event, name="Alex Martin", email="alex@example.org")
    for url in (event.get_absolute_url(), reverse("agenda:list"),
                f"/api/v1/events/{event.slug}", "/api/v1/events"):
        content = client.get(url).content.decode()
        assert "alex@example.org" not in content and "Alex Martin" not in content


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_the_last_seat_cannot_overbook(concurrent_database, make_event):
    event = make_event(capacity=1, registration_required=True)
    tokens = [services.confirmation_token(services.register(
        event, name=f"P{number}", email=f"p{number}@example.org", seats=1))
        for number in range(4)]
    race(lambda number: services.confirm(tokens[number]), len(tokens))
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses == ["confirmed", "waiting", "waiting", "waiting"]


def test_more_seats_in_the_back_office_promote_the_waiting_list(event, make_user, register):
    register(event, email="a@example.org", seats=3)
    register(event, email="b@example.org", seats=2)
    event.capacity = 5
    services.save_event(event, make_user(), created=False)
    assert Registration.objects.get(email="b@example.org").status == "confirmed"
