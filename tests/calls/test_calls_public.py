"""The public pages of calls (list and call) and the read API: published calls only, their
calendar and criteria, laureates once published; never an applicant's personal data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from parvis.calls.applications import reference_prefix
from parvis.calls.models import ApplicationStatus, Call, Decision


def test_the_list_shows_published_calls_of_published_processes(client, make_call):
    make_call(title="Ouvert")
    make_call(title="Brouillon", is_published=False)
    hidden = make_call(title="Démarche brouillon")
    hidden.process.is_published = False
    hidden.process.save()
    content = client.get(reverse("calls:list")).content.decode()
    assert "Ouvert" in content and "Candidatures ouvertes" in content
    assert "Brouillon" not in content and "Démarche brouillon" not in content


def test_unpublished_calls_are_hidden_except_from_their_organisers(client, make_call, organiser):
    call = make_call(is_published=False)
    assert client.get(call.get_absolute_url()).status_code == 404
    client.force_login(organiser)
    assert "Non publié" in client.get(call.get_absolute_url()).content.decode()


def test_the_call_page(client, call):
    content = client.get(call.get_absolute_url()).content.decode()
    assert "<strong>inclusion numérique</strong>" in content  # Markdown rendered
    assert "De 40\xa0000\xa0€ à 80\xa0000\xa0€ · 100 PC à reconditionner" in content
    assert "Capacité à évaluer l&#x27;impact" in content
    assert "Le jury note chaque critère de 0 à 5" in content
    assert reverse("calls:apply", args=[call.slug]) in content


def test_the_markdown_is_sanitised(client, make_call):
    call = make_call(description="<script>alert(1)</script>[lien](javascript:alert(1))")
    content = client.get(call.get_absolute_url()).content.decode()
    assert "<script>alert" not in content and "javascript:" not in content


def test_a_closed_call_offers_no_application(client, make_call):
    now = timezone.now()
    call = make_call(launched_at=now - timedelta(days=30), deadline=now - timedelta(days=1))
    content = client.get(call.get_absolute_url()).content.decode()
    assert "Candidatures closes" in content and "Déposer une candidature" not in content


def test_list_queries_do_not_grow_with_calls(make_call, count_queries):
    make_call()
    few = count_queries(reverse("calls:list"))
    for _ in range(5):
        make_call()
    assert count_queries(reverse("calls:list")) == few


def test_call_page_queries_do_not_grow_with_criteria(make_call, count_queries):
    call = make_call()
    few = count_queries(call.get_absolute_url())
    for position in range(10):
        call.criteria.create(name=f"Critère {position}", weight=1, position=10 + position)
    assert count_queries(call.get_absolute_url()) == few


@pytest.fixture
def judged(make_call, applicant, make_application):
    """A past call with a laureate and an application not selected, laureates published."""
    now = timezone.now()
    call = make_call(launched_at=now - timedelta(days=90), deadline=now - timedelta(days=60))
    laureate = make_application(call, applicant, status=ApplicationStatus.SELECTED,
                                organisation="Les Connecteurs", title="Ateliers")
    Decision.objects.create(application=laureate, selected=True, amount=65_000,
                            in_kind="50 PC")
    other = make_application(call, applicant, status=ApplicationStatus.NOT_SELECTED,
                             organisation="Non retenue")
    Decision.objects.create(application=other, selected=False)
    Call.objects.filter(pk=call.pk).update(laureates_published_at=now)
    return call


def test_api_lists_published_calls(client, call, make_call):
    make_call(is_published=False)
    body = client.get("/api/v1/calls").json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert (item["slug"], item["status"], item["min_amount"], item["max_amount"]) == (
        call.slug, "open", 40_000, 80_000)
    assert item["process"] == call.process.slug and not item["laureates_published"]


def test_api_call_detail_with_criteria(client, call):
    body = client.get(f"/api/v1/calls/{call.slug}").json()
    assert [criterion["weight"] for criterion in body["criteria"]] == [3, 2, 2, 2, 1, 2, 1]
    assert body["criteria"][0]["name"] == "Efficacité et résultats"
    assert body["score_max"] == 5 and body["deadline"]


def test_api_unknown_or_unpublished_call_is_a_json_404(client, make_call):
    hidden = make_call(is_published=False)
    for slug in ("inconnu", hidden.slug):
        response = client.get(f"/api/v1/calls/{slug}")
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_api_laureates_only_once_published(client, call, applicant, make_application):
    response = client.get(f"/api/v1/calls/{call.slug}/laureates")
    assert response.status_code == 404
    assert "not published yet" in response.json()["detail"]


def test_api_laureates_without_personal_data(client, judged, applicant):
    response = client.get(f"/api/v1/calls/{judged.slug}/laureates")
    body = response.json()
    assert body["count"] == 1
    assert {key: body["items"][0][key] for key in ("organisation", "title", "amount",
                                                   "in_kind")} == {
        "organisation": "Les Connecteurs", "title": "Ateliers", "amount": 65_000,
        "in_kind": "50 PC"}
    text = response.content.decode()
    for personal in (applicant.email, applicant.first_name, applicant.last_name,
                     applicant.pseudonym, "Non retenue"):
        assert personal not in text


def test_public_pages_show_no_contact_data(client, judged, call, applicant, make_application):
    make_application(call, applicant)
    for url in (reverse("calls:list"), call.get_absolute_url(), judged.get_absolute_url(),
                "/api/v1/calls", f"/api/v1/calls/{call.slug}"):
        text = client.get(url).content.decode()
        for personal in (applicant.email, applicant.last_name, applicant.pseudonym):
            assert personal not in text, (url, personal)


@given(st.text(max_size=200))
def test_reference_prefixes_are_one_to_four_capital_letters(title):
    prefix = reference_prefix(Call(title=title))
    assert 1 <= len(prefix) <= 4 and prefix.isascii() and prefix.isalpha() and prefix.isupper()


def test_reference_prefix_examples():
    assert reference_prefix(Call(title="Clic et Déclic 2027")) == "CD"
    assert reference_prefix(Call(title="Appel à projets Numérique solidaire")) == "NS"
    assert reference_prefix(Call(title="2027")) == "AAP"


def test_organisers_find_the_applications_from_the_call_page(client, call, organiser):
    listing = reverse("admin:calls_application_changelist") + f"?call__id__exact={call.pk}"
    assert listing not in client.get(call.get_absolute_url()).content.decode()
    client.force_login(organiser)
    assert listing in client.get(call.get_absolute_url()).content.decode()
    assert client.get(listing).status_code == 200


def test_a_judged_call_links_to_its_laureates(client, judged, call):
    assert reverse("calls:laureates", args=[judged.slug]) in client.get(
        judged.get_absolute_url()).content.decode()
    assert reverse("calls:laureates", args=[call.slug]) not in client.get(
        call.get_absolute_url()).content.decode()


def test_a_call_reserved_to_a_panel_is_not_public(client, make_call, reserve_for_panel):
    reserved = make_call(title="Appel réservé aux pionniers")
    reserve_for_panel(reserved.process)
    assert "Appel réservé aux pionniers" not in client.get(reverse("calls:list")).text
    assert client.get(reserved.get_absolute_url()).status_code == 404
