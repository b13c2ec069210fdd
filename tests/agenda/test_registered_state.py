"""After registering: the event page says so, with the cancellation and « ajouter à mon
agenda » links; « Mes inscriptions » lists what is to come and what is past; a closed
registration says when it opens or closed, with no form."""

import re
from datetime import UTC, timedelta
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse
from django.utils import timezone

from parvis.agenda import services
from parvis.agenda.models import Registration

MINE = reverse("agenda:mine")


def registered(make_event, make_process, person, **fields):
    event = make_event(capacity=5, registration_required=True, process=make_process(),
                       **fields)
    services.register(event, name="Alex", email=person.email, seats=2, user=person)
    return event


def calendar_urls(page: str) -> dict[str, str]:
    links = re.search(r'<p class="calendar-links">(.*?)</p>', page, re.S).group(1)
    return {label: url.replace("&amp;", "&")
            for url, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', links)}


def test_the_event_page_says_i_am_registered_with_cancel_and_calendar_links(
        client, make_event, make_process, citizen):
    person = citizen(email_confirmed_at=timezone.now())
    event = registered(make_event, make_process, person, title="Atelier vélo",
                       address="1 rue du Port")
    client.force_login(person)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Vous êtes inscrit·e (2 places)." in page
    assert reverse("agenda:register", args=[event.slug]) not in page  # no second form
    cancel = re.search(r'href="(/agenda/annulation/[^"]+/)"', page).group(1)
    links = calendar_urls(page)
    assert links["Fichier iCalendar (.ics)"] == reverse("agenda:ics", args=[event.slug])
    google = urlsplit(links["Google Agenda"])
    assert google.netloc == "calendar.google.com"
    start = event.starts_at.astimezone(UTC)
    query = parse_qs(google.query)
    assert query["text"] == ["Atelier vélo"]
    assert query["location"] == ["Salle des fêtes, 1 rue du Port"]
    assert query["dates"] == [f"{start:%Y%m%dT%H%M%SZ}/"
                              f"{event.ends_at.astimezone(UTC):%Y%m%dT%H%M%SZ}"]
    outlook = parse_qs(urlsplit(links["Outlook"]).query)
    assert outlook["subject"] == ["Atelier vélo"] and outlook["startdt"] == [start.isoformat()]

    client.post(cancel)
    assert Registration.objects.get().status == "cancelled"
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Vous êtes inscrit·e" not in page
    assert reverse("agenda:register", args=[event.slug]) in page


def test_my_registrations_lists_upcoming_then_past_ones(
        client, make_event, make_process, citizen, django_assert_max_num_queries):
    person = citizen(email_confirmed_at=timezone.now())
    coming = registered(make_event, make_process, person, title="Balade à venir")
    past = registered(make_event, make_process, person, title="Atelier passé")
    past.starts_at = timezone.now() - timedelta(days=10)
    past.ends_at = past.starts_at + timedelta(hours=2)
    past.save()
    assert client.get(MINE).status_code == 302  # sign in first
    client.force_login(person)
    with django_assert_max_num_queries(30) as few:
        page = client.get(MINE).content.decode()
    upcoming, _sep, before = page.partition("Passées</h2>")
    assert "Balade à venir" in upcoming and "Atelier passé" not in upcoming
    assert "Atelier passé" in before
    assert "Annuler mon inscription" in upcoming and "Google Agenda" in upcoming
    assert reverse("agenda:ics", args=[coming.slug]) in upcoming
    for number in range(3):
        registered(make_event, make_process, person, title=f"Réunion {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Réunion 2" in client.get(MINE).content.decode()
    # Reached from the menu and from « Mon espace ».
    assert f'href="{MINE}"' in client.get(reverse("my_space")).content.decode()
    assert f'href="{MINE}"' in client.get(reverse("agenda:list")).content.decode()
    client.logout()
    assert f'href="{MINE}"' not in client.get(reverse("agenda:list")).content.decode()


def test_a_registration_not_open_yet_says_when_and_shows_no_form(
        client, make_event, make_process):
    soon = timezone.localtime().replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    process = make_process()
    process.phases.update(starts_at=soon.replace(hour=9), ends_at=soon + timedelta(days=9))
    event = make_event(days=20, capacity=25, registration_required=True, process=process)
    for url in (event.get_absolute_url(), reverse("agenda:register", args=[event.slug])):
        page = client.get(url).content.decode()
        assert "Les inscriptions ouvrent le " in page and " à 9 h." in page
        assert 'name="email"' not in page
        assert "Se connecter</a>" not in page.split("<main", 1)[1]  # not before it opens


def test_the_month_is_a_list_of_busy_days_on_a_phone_and_says_when_it_is_empty(
        client, make_event):
    event = make_event(days=0, hours=1)
    today = timezone.localdate(event.starts_at)
    page = client.get(reverse("agenda:month", args=[today.year, today.month])).content.decode()
    assert page.count(' busy"') == 1 and event.title in page
    assert "Aucun événement ce mois-ci." not in page
    empty = client.get(reverse("agenda:month", args=[2001, 1])).content.decode()
    assert "Aucun événement ce mois-ci." in empty
