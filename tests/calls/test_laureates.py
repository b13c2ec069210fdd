"""The public page of the laureates: only after publication, nothing personal."""

import pytest
from django.urls import reverse

from parvis.calls import decisions, jury, pages
from parvis.calls.models import ApplicationStatus, Decision
from parvis.core import modules


@pytest.fixture
def decided(judged_call, organiser, make_juror, applicant, make_application):
    """A judged call: two laureates and one application not selected, not yet published."""
    juror = make_juror(judged_call, elected=True, first_name="Aline", last_name="Élue")
    chosen = [
        make_application(judged_call, applicant, organisation="Fablab des Aubiers",
                         title="Réparer ensemble", summary="Un atelier de réparation."),
        make_application(judged_call, applicant, organisation="Cyber-base Lormont",
                         title="Premiers clics", summary="Des ateliers pour débuter."),
    ]
    refused = make_application(judged_call, applicant, organisation="Club refusé",
                               title="Projet refusé", summary="Pas retenu.")
    for application in [*chosen, refused]:
        jury.declare_interests(juror, application, has_conflict=False)
    decisions.record_decision(organiser, chosen[0], selected=True, amount=60_000,
                              in_kind="30 PC reconditionnés", motivation="Motivation interne.")
    decisions.record_decision(organiser, chosen[1], selected=True, amount=40_000)
    decisions.record_decision(organiser, refused, selected=False, amount=None,
                              motivation="Note insuffisante.")
    return judged_call, juror


@pytest.mark.django_db
def test_laureates_are_public_only_once_published(client, decided, organiser):
    call, _juror = decided
    url = reverse("calls:laureates", args=[call.slug])
    assert client.get(url).status_code == 404
    assert not decisions.laureates(call).exists()
    with pytest.raises(LookupError):
        pages.published_laureates()
    decisions.publish_laureates(organiser, call)
    assert client.get(url).status_code == 200
    # their realisations are followed at once, not after the next daily run
    assert all(modules.follow_up(f"calls.application:{laureate.pk}")
               for laureate in decisions.laureates(call))
    assert pages.published_laureates() == url
    assert [a.organisation for a in decisions.laureates(call)] == [
        "Fablab des Aubiers", "Cyber-base Lormont"]
    call.is_published = False
    call.save()
    assert client.get(url).status_code == 404
    assert not decisions.laureates(call).exists()


@pytest.mark.django_db
def test_the_laureates_page_shows_projects_and_amounts_and_nothing_personal(
        client, decided, organiser, applicant):
    call, juror = decided
    decisions.publish_laureates(organiser, call)
    page = client.get(reverse("calls:laureates", args=[call.slug])).content.decode()
    for shown in ("Fablab des Aubiers", "Réparer ensemble", "Un atelier de réparation.",
                  "60\xa0000\xa0€", "30 PC reconditionnés", "Cyber-base Lormont", "40\xa0000\xa0€",
                  "Total des aides accordées : 100\xa0000\xa0€.", "2 projets retenus"):
        assert shown in page, shown
    for hidden in ("Club refusé", "Projet refusé", "Motivation interne.", "Note insuffisante",
                   applicant.first_name, applicant.last_name, applicant.email,
                   applicant.pseudonym, juror.user.first_name, juror.user.last_name,
                   juror.user.email, juror.user.pseudonym):
        assert hidden not in page, hidden


@pytest.mark.django_db
def test_the_laureates_page_query_count_does_not_grow(client, decided, organiser, applicant,
                                                      make_application, count_queries):
    call, _juror = decided
    decisions.publish_laureates(organiser, call)
    url = reverse("calls:laureates", args=[call.slug])
    before = count_queries(url)
    for number in range(3):
        application = make_application(call, applicant, status=ApplicationStatus.SELECTED)
        Decision.objects.create(application=application, selected=True, amount=40_000 + number)
    assert count_queries(url) == before
    assert "40\xa0002\xa0€" in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_process_page_links_the_laureates_once_published(client, decided, organiser):
    call, _juror = decided
    url = reverse("calls:laureates", args=[call.slug])
    assert url not in client.get(call.process.get_absolute_url()).content.decode()
    decisions.publish_laureates(organiser, call)
    page = client.get(call.process.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page.split('id="resultats"', 1)[1]
    assert "★ Lauréat" in client.get(url).content.decode()
