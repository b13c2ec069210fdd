"""Recruitment through the pages: the public panel pages, the volunteer form (eligibility,
derived profile, consent, errors), one application per person, changes and withdrawal."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from parvis.core.models import AuditEntry, VerificationLevel
from parvis.panels import recruitment
from parvis.panels.models import PanelStatus, Volunteer, VolunteerStatus
from tests.panels.conftest import POOL_PROFILES, birth_date_for, close_recruitment


@pytest.fixture
def person(make_user):
    return make_user(verification_level=VerificationLevel.EMAIL,
                     email_confirmed_at=timezone.now(), first_name="Jeanne",
                     last_name="Secret", email="jeanne.secret@example.org")


def form_data(panel, age=40, **fields):
    return {
        "birth_date": birth_date_for(panel, age).isoformat(),
        "home_commune": "merignac", "work_commune": "", "categorie_genre": "femme",
        "categorie_numerique": "peu-a-l-aise", "consent": "on", **fields,
    }


def volunteer_url(panel):
    return reverse("panels:volunteer", args=[panel.slug])


def test_the_panel_pages_show_the_quotas_and_the_call(client, panel, make_volunteer):
    make_volunteer(panel, genre="homme")
    make_volunteer(panel, genre="homme", status=VolunteerStatus.INELIGIBLE)
    listing = client.get(reverse("panels:list")).content.decode()
    assert panel.title in listing
    page = client.get(panel.get_absolute_url()).content.decode()
    assert "Je me porte volontaire" in page
    assert "Tranche d&#x27;âge" in page and "65 ans et plus" in page
    # Eligible volunteers only, counted per value: 1 man.
    assert '<th scope="row">Homme</th><td>1 à 3</td><td>1</td><td>0</td>' in page


def test_drafts_are_seen_by_their_organisers_only(client, make_panel, organiser):
    draft = make_panel(status=PanelStatus.DRAFT)
    assert draft.title not in client.get(reverse("panels:list")).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(organiser)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_volunteering_needs_an_account_with_a_confirmed_email(client, panel, make_user):
    response = client.get(volunteer_url(panel))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(make_user())
    page = client.get(volunteer_url(panel)).content.decode()
    assert "adresse e-mail confirmée" in page
    assert client.post(volunteer_url(panel), form_data(panel)).status_code == 200
    assert not Volunteer.objects.exists()


def test_an_eligible_volunteer_gets_a_derived_profile_and_a_random_pool_id(client, panel,
                                                                             person):
    client.force_login(person)
    page = client.get(volunteer_url(panel)).content.decode()
    assert "<legend>Genre <span" in page and 'type="radio"' in page
    assert escape(panel.consent_text) in page and "180 jours après la fin du panel" in page
    response = client.post(volunteer_url(panel), form_data(panel, age=70))
    assert response["Location"] == reverse("panels:application", args=[panel.slug])
    volunteer = Volunteer.objects.get()
    assert volunteer.status == VolunteerStatus.ELIGIBLE
    assert volunteer.profile == {"commune": "merignac", "age": "65-", "genre": "femme",
                                 "numerique": "peu-a-l-aise"}
    assert len(volunteer.pool_id) == recruitment.POOL_ID_LENGTH
    assert volunteer.consent_version == panel.consent_version
    assert AuditEntry.objects.filter(action="panel.volunteered", actor=person).exists()
    status = client.get(response["Location"]).content.decode()
    assert "Éligible" in status and volunteer.pool_id in status and "65 ans et plus" in status


@pytest.mark.parametrize(("fields", "reason"), [
    ({"age": 17}, "Il faut avoir au moins 18 ans au début du mandat"),
    ({"home_commune": "hors-metropole", "work_commune": "talence"},
     "La commune Talence n'est pas concernée par ce panel."),
    ({"home_commune": "talence"}, "La commune Talence n'est pas concernée par ce panel."),
])
def test_an_ineligible_volunteer_is_told_why(client, panel, person, fields, reason):
    client.force_login(person)
    client.post(volunteer_url(panel), form_data(panel, **fields))
    volunteer = Volunteer.objects.get()
    assert volunteer.status == VolunteerStatus.INELIGIBLE
    assert reason in volunteer.ineligibility_reason
    page = client.get(reverse("panels:application", args=[panel.slug])).content.decode()
    assert "Non éligible" in page and escape(reason) in page


def test_working_in_the_territory_counts_when_the_panel_allows_it(client, make_panel, person):
    open_panel = make_panel()
    client.force_login(person)
    client.post(volunteer_url(open_panel),
                form_data(open_panel, home_commune="hors-metropole", work_commune="pessac"))
    volunteer = Volunteer.objects.get()
    assert volunteer.status == VolunteerStatus.ELIGIBLE
    assert volunteer.profile["commune"] == "pessac"
    residents_only = make_panel(workers_eligible=False)
    page = client.get(volunteer_url(residents_only)).content.decode()
    assert 'name="work_commune"' not in page
    client.post(volunteer_url(residents_only),
                form_data(residents_only, home_commune="hors-metropole"))
    assert residents_only.volunteers.get().ineligibility_reason == (
        "Il faut habiter dans l'une des communes de la métropole.")


def test_bad_input_gets_french_errors_tied_to_the_fields(client, panel, person):
    client.force_login(person)
    data = form_data(panel, home_commune="hors-metropole", birth_date="2999-01-01")
    del data["consent"], data["categorie_genre"]
    response = client.post(volunteer_url(panel), data)
    page = response.content.decode()
    assert response.status_code == 200 and not Volunteer.objects.exists()
    assert "Cette date de naissance n&#x27;est pas plausible." in page
    assert "Indiquez la commune où vous travaillez" in page
    assert 'aria-describedby="id_categorie_genre_error"' in page
    assert 'id="id_consent_error"' in page and "Ce champ est obligatoire." in page


def test_one_application_per_person(client, panel, person):
    client.force_login(person)
    client.post(volunteer_url(panel), form_data(panel))
    response = client.get(volunteer_url(panel), follow=True)
    assert "Vous êtes déjà volontaire pour ce panel" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("panels:application", args=[panel.slug])
    with pytest.raises(recruitment.AlreadyVolunteered):
        recruitment.volunteer(panel, person, recruitment.Application(
            date(1980, 1, 1), None, None, {}))
    assert Volunteer.objects.count() == 1


def test_two_applications_at_the_same_moment_make_one(panel, person, monkeypatch):
    application = recruitment.Application(date(1980, 1, 1), None, None, {})
    recruitment.volunteer(panel, person, application)
    # The second one checked before the first was saved: the database refuses it.
    monkeypatch.setattr(recruitment, "application_of", lambda panel, user: None)
    with pytest.raises(recruitment.AlreadyVolunteered):
        recruitment.volunteer(panel, person, application)
    assert Volunteer.objects.count() == 1


def test_changing_withdrawing_and_volunteering_again(client, panel, person):
    client.force_login(person)
    client.post(volunteer_url(panel), form_data(panel))
    edit = reverse("panels:application_edit", args=[panel.slug])
    assert re.search(r'value="peu-a-l-aise"[^>]* checked', client.get(edit).content.decode())
    client.post(edit, form_data(panel, categorie_numerique="a-l-aise"))
    volunteer = Volunteer.objects.get()
    assert volunteer.profile["numerique"] == "a-l-aise"
    withdraw = reverse("panels:application_withdraw", args=[panel.slug])
    assert "Retirer ma candidature" in client.get(withdraw).content.decode()
    client.post(withdraw)
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.WITHDRAWN
    assert "Me porter de nouveau volontaire" in client.get(
        reverse("panels:application", args=[panel.slug])).content.decode()
    client.post(edit, form_data(panel))
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.ELIGIBLE
    assert set(AuditEntry.objects.filter(target_id=str(volunteer.pk))
               .values_list("action", flat=True)) == {
        "panel.volunteered", "panel.application_updated", "panel.application_withdrawn"}


def test_nothing_changes_once_the_call_is_over(client, panel, person, organiser,
                                              make_volunteer):
    for profile in POOL_PROFILES:
        make_volunteer(panel, **profile)
    client.force_login(person)
    client.post(volunteer_url(panel), form_data(panel))
    close_recruitment(panel)
    edit = reverse("panels:application_edit", args=[panel.slug])
    assert "L&#x27;appel à volontaires de ce panel est clos." in client.get(edit).content.decode()
    client.post(edit, form_data(panel, categorie_genre="homme"))
    application = Volunteer.objects.get(user=person)
    assert application.profile["genre"] == "femme"
    # Withdrawing stays possible until the seed is published, which freezes the pool.
    from parvis.panels.draws import publish_seed

    publish_seed(panel, organiser)
    response = client.post(reverse("panels:application_withdraw", args=[panel.slug]),
                           follow=True)
    assert "Le tirage au sort est engagé" in response.content.decode()
    application.refresh_from_db()
    assert application.status == VolunteerStatus.ELIGIBLE


def test_someone_elses_application_is_not_reachable(client, panel, make_volunteer, make_user):
    make_volunteer(panel)
    client.force_login(make_user())
    assert client.get(reverse("panels:application", args=[panel.slug])).status_code == 404
    assert client.post(reverse("panels:application_withdraw",
                               args=[panel.slug])).status_code == 404


def test_public_pages_show_no_personal_data(client, drawn_panel):
    volunteer = drawn_panel.volunteers.select_related("user").first()
    pages = [client.get(reverse("panels:list")), client.get(drawn_panel.get_absolute_url())]
    for response in pages:
        page = response.content.decode()
        assert volunteer.user.email not in page
        assert volunteer.user.pseudonym not in page
        assert volunteer.birth_date.isoformat() not in page
        assert volunteer.pool_id not in page  # pool ids are in the downloads only


def test_listing_queries_do_not_grow_with_panels_or_volunteers(count_queries, make_panel,
                                                                make_volunteer):
    panel = make_panel()
    make_volunteer(panel)
    few = (count_queries(reverse("panels:list")), count_queries(panel.get_absolute_url()))
    for _ in range(3):
        make_volunteer(make_panel())
        make_volunteer(panel, genre="homme", age="18-34")
    many = (count_queries(reverse("panels:list")), count_queries(panel.get_absolute_url()))
    assert many == few
