"""Calls for projects in « Mon espace » and the menu: my applications; a jury member's
calls to score, and their way from the menu to the jury space (not the back office)."""

from django.urls import reverse

from parvis.calls.jury import assign_juror

MY_SPACE = reverse("my_space")
JURIES = reverse("calls:juries")


def test_my_applications_show_with_their_status(client, call, applicant, make_application):
    application = make_application(call, applicant, title="Ateliers numériques")
    client.force_login(applicant)
    page = client.get(MY_SPACE).content.decode()
    assert "Mes candidatures aux appels à projets" in page
    assert f'href="{reverse("calls:application", args=[application.pk])}"' in page
    assert "Ateliers numériques" in page and application.get_status_display() in page


def test_a_juror_sees_the_applications_to_score(client, judged_call, applicant,
                                                make_application, make_juror):
    make_application(judged_call, applicant)
    make_application(judged_call, applicant)
    juror = make_juror(judged_call)
    client.force_login(juror.user)
    page = client.get(MY_SPACE).content.decode()
    assert f"Jury : {judged_call.title}" in page
    assert "0 candidature(s) notée(s) sur 2" in page
    assert f'href="{reverse("calls:jury", args=[judged_call.slug])}"' in page


def test_the_jurors_menu_leads_to_the_jury_space_not_the_back_office(client, judged_call,
                                                                     make_juror):
    juror = make_juror(judged_call)
    client.force_login(juror.user)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{JURIES}">Espace jury</a>' in page
    assert 'href="/gestion/"' not in page
    response = client.get(JURIES)
    assert response.status_code == 302
    assert response.url == reverse("calls:jury", args=[judged_call.slug])


def test_a_juror_of_several_calls_chooses_one(client, make_call, make_user):
    person = make_user()
    first, second = make_call(), make_call()
    for call in (first, second):
        assign_juror(None, call, person, is_elected_official=False)
    client.force_login(person)
    page = client.get(JURIES).content.decode()
    assert first.title in page and second.title in page


def test_the_jury_entry_is_for_jury_members_only(client, citizen, organiser):
    for person in (citizen(), organiser):
        client.force_login(person)
        assert "Espace jury" not in client.get(reverse("home")).content.decode()
    assert client.get(JURIES).status_code == 200  # and their list is empty


def test_an_organiser_sees_the_applications_to_examine(client, call, applicant,
                                                       make_application, organiser):
    make_application(call, applicant)
    make_application(call, applicant)
    client.force_login(organiser)
    page = client.get(MY_SPACE).content.decode()
    assert f"2 candidatures à examiner : {call.title}" in page
    assert (f'href="{reverse("admin:calls_application_changelist")}?status__exact=submitted'
            f'&amp;call__id__exact={call.pk}"') in page
