"""Event registrations in « Mon espace », with the event's calendar file."""

from django.urls import reverse
from django.utils import timezone

from parvis.agenda import services

MY_SPACE = reverse("my_space")


def test_my_registrations_link_to_the_event_and_its_calendar_file(
        client, make_event, make_process, citizen, django_assert_max_num_queries):
    person = citizen(email_confirmed_at=timezone.now())  # registered at once
    client.force_login(person)

    def register(title):
        event = make_event(title=title, capacity=1, registration_required=True,
                           process=make_process())
        services.register(event, name="Alex", email=person.email, seats=1, user=person)
        return event

    first = register("Atelier vélo")
    with django_assert_max_num_queries(40) as few:
        client.get(MY_SPACE)
    for number in range(4):
        register(f"Réunion {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(MY_SPACE).content.decode()
    assert "Mes inscriptions à des événements" in page
    assert f'<a href="{first.get_absolute_url()}">Atelier vélo</a>' in page
    assert f'href="{reverse("agenda:ics", args=[first.slug])}"' in page
    assert "inscrit·e" in page and "Réunion 3" in page
