import pytest
from django.urls import reverse

from parvis.core.models import AuditEntry
from parvis.moderation.models import CharterAcceptance
from parvis.moderation.services import has_accepted_charter

from .conftest import page_text

CHARTER = reverse("moderation:charter")


@pytest.mark.django_db
def test_the_charter_is_public_and_asks_visitors_to_sign_in(client):
    page = page_text(client.get(CHARTER))
    for rule in ("Le respect des personnes", "Les données personnelles des autres",
                 "Pas de publicité", "propos haineux", "29 juillet 1881", "Le recours"):
        assert rule in page
    assert f"{reverse('accounts:login')}?next=" in page
    assert 'name="accept"' not in page


@pytest.mark.django_db
def test_posting_without_an_account_leads_to_the_login_page(client):
    response = client.post(CHARTER, {"accept": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not CharterAcceptance.objects.exists()


def test_the_box_must_be_ticked(client, make_user):
    client.force_login(make_user())
    response = client.post(CHARTER, {})
    assert response.status_code == 200
    assert "Cochez la case pour accepter la charte" in page_text(response)
    assert not CharterAcceptance.objects.exists()


def test_accepting_records_the_version_and_returns_where_the_person_was(client, make_user):
    user = make_user()
    client.force_login(user)
    form_page = page_text(client.get(CHARTER, {"next": "/demarches/"}))
    assert 'value="/demarches/"' in form_page
    response = client.post(CHARTER, {"accept": "on", "next": "/demarches/"})
    assert response["Location"] == "/demarches/"
    acceptance = CharterAcceptance.objects.get(user=user)
    assert acceptance.version == "2026-1"
    assert AuditEntry.objects.filter(action="moderation.charter_accepted", actor=user).exists()
    assert "Vous avez accepté cette version" in page_text(client.get(CHARTER))


@pytest.mark.parametrize("next_url", ["https://ailleurs.example/", "//ailleurs.example/"])
def test_next_never_leaves_the_site(client, make_user, next_url):
    client.force_login(make_user())
    response = client.post(CHARTER, {"accept": "on", "next": next_url})
    assert response["Location"] == CHARTER


def test_a_new_version_is_asked_again(client, make_user, settings):
    user = make_user()
    client.force_login(user)
    client.post(CHARTER, {"accept": "on"})
    settings.MODERATION_CHARTER_VERSION = "2027-1"
    assert not has_accepted_charter(user)
    page = page_text(client.get(CHARTER))
    assert "Version 2027-1" in page
    assert 'name="accept"' in page
    client.post(CHARTER, {"accept": "on"})
    assert sorted(user.charter_acceptances.values_list("version", flat=True)) == [
        "2026-1", "2027-1"]
