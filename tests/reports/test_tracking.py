"""Keeping track of an anonymous report: its private link with « copier » and « m'envoyer par
e-mail », and its tracking code typed back in « Suivre un signalement »."""

import re

import pytest
from django.urls import reverse

from parvis.core.models import OutboxMessage
from parvis.reports.tracking import normalise_code
from tests.reports.test_public import report

LOOKUP = reverse("reports:lookup")


def follow_path(created) -> str:
    return reverse("reports:follow", args=[created.follow_token])


def send(client, created, email="moi@example.org", **data):
    return client.post(reverse("reports:send_follow_link", args=[created.follow_token]),
                       {"email": email, **data})


@pytest.mark.django_db
def test_the_private_page_offers_to_copy_and_to_email_its_link(client, routing, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    created = report()
    page = client.get(follow_path(created)).content.decode()
    shown = re.search(r'<span id="lien-de-suivi">([^<]+)</span>', page).group(1)
    assert shown == f"http://127.0.0.1:8000{follow_path(created)}"  # the site's address
    assert re.search(r'<button type="button"[^>]*data-copy="lien-de-suivi"[^>]*hidden>', page)
    assert "parvis/copy.js" in page
    assert f"<strong>{created.tracking_code}</strong>" in page

    response = send(client, created)
    assert response.status_code == 302 and response["Location"] == follow_path(created)
    (message,) = OutboxMessage.objects.all()
    assert message.to == "moi@example.org" and created.tracking_code in message.subject
    assert f"http://127.0.0.1:8000{follow_path(created)}" in message.body
    assert "Le lien de suivi vous a été envoyé" in client.get(follow_path(created)).content.decode()


@pytest.mark.django_db
def test_emailing_the_link_checks_the_address_and_is_rate_limited(client, routing, settings):
    settings.REPORTS_FOLLOW_LINK_EMAILS_PER_HOUR = 2
    created = report()
    page = send(client, created, email="pas-une-adresse").content.decode()
    assert "Saisissez une adresse de courriel valide." in page and "pas-une-adresse" in page
    assert send(client, created, website="http://spam.example").status_code == 200  # honeypot
    assert not OutboxMessage.objects.exists()
    assert send(client, created).status_code == 302
    assert send(client, created).status_code == 302
    refused = send(client, created, email="encore@example.org")
    assert refused.status_code == 429
    assert "Ce lien a déjà été envoyé plusieurs fois : réessayez dans" in refused.content.decode()
    assert 'value="encore@example.org"' in refused.content.decode()  # what was typed stays
    assert OutboxMessage.objects.count() == 2
    forged = client.post(reverse("reports:send_follow_link", args=["inconnu"]),
                         {"email": "moi@example.org"})
    assert forged.status_code == 404


@pytest.mark.django_db
def test_the_tracking_code_leads_to_the_report(client, routing):
    created = report()
    assert "Suivre un signalement" in client.get(reverse("reports:list")).content.decode()
    form = client.get(LOOKUP)
    assert form.status_code == 200 and 'name="code"' in form.content.decode()
    code = created.tracking_code
    typed = f" {code[:4].lower()}-{code[4:]} "
    response = client.get(LOOKUP, {"code": typed})
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    unknown = client.get(LOOKUP, {"code": "ZZZZ2222" if code != "ZZZZ2222" else "ZZZZ3333"})
    assert "Aucun signalement ne porte ce numéro" in unknown.content.decode()
    invalid = client.get(LOOKUP, {"code": "O1I0"}).content.decode()
    assert "Un numéro de suivi compte 8 lettres et chiffres" in invalid and "O1I0" in invalid


def test_codes_are_read_as_people_type_them():
    assert normalise_code(" k7m2-q9xa ") == "K7M2Q9XA"
    assert normalise_code("K7M2 Q9XA") == "K7M2Q9XA"
    for wrong in ("", "K7M2Q9X", "K7M2Q9XAB", "K7M2Q9X0", "K7M2Q9XI"):
        assert normalise_code(wrong) == ""
