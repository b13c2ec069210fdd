"""The demo's e-mails are shown at /demo/courriels/ (demo only), links clickable."""

import pytest
from django.urls import reverse

from parvis.core.mail import queue_mail
from parvis.core.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEMO = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


def test_a_tester_follows_the_confirmation_link_of_a_registration(client, demo):
    client.post(reverse("accounts:register"), {
        "email": "nouvelle@example.org", "pseudonym": "Nouvelle33",
        "password1": "un-mot-de-passe-solide", "password2": "un-mot-de-passe-solide",
        "accept_terms": "on",
    })
    page = client.get(reverse("demo_outbox"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "nouvelle@example.org" in text
    message = OutboxMessage.objects.get(to="nouvelle@example.org")
    link = next(word for word in message.body.split() if "/compte/" in word)
    assert f'href="{link}"' in text


def test_the_outbox_page_is_paginated_with_bounded_queries(client, demo,
                                                           django_assert_max_num_queries):
    for number in range(45):
        queue_mail(f"personne{number}@example.org", f"Objet {number}", "Texte")
    with django_assert_max_num_queries(8):
        first = client.get(reverse("demo_outbox")).content.decode()
    assert "Objet 44" in first and "Objet 0<" not in first and "Page 1 sur 3" in first
    assert "Objet 0<" in client.get(reverse("demo_outbox"), {"page": 3}).content.decode()


def test_there_is_no_outbox_page_outside_the_demo(client, settings):
    settings.DEMO = False
    queue_mail("bob@example.org", "Objet", "Texte")
    assert client.get(reverse("demo_outbox")).status_code == 404
