"""Letters of intent (PDF by content, size limit, unguessable names, served to the contact,
organisers and jury only) and who may read or edit an application."""

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parvis.calls.models import Application, ApplicationStatus, JuryMember, Partner
from parvis.core.models import Commune, Role
from tests.calls.helpers import form_data, pdf_letter
from tests.private_files import private_url, statuses


def apply(client, call, *partners, **fields):
    return client.post(reverse("calls:apply", args=[call.slug]),
                       form_data(partners=partners, **fields))


def test_a_pdf_letter_is_stored_under_an_unguessable_name(client, call, applicant):
    client.force_login(applicant)
    apply(client, call, ("Centre social", "Accueil", pdf_letter("Lettre Mme Dupont.pdf")))
    partner = Partner.objects.get()
    assert partner.letter.name.startswith("calls/letters/")
    assert "Dupont" not in partner.letter.name and len(partner.letter.name) > 40
    response = client.get(reverse("private_file", args=["calls.letter", partner.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(client, call, applicant):
    client.force_login(applicant)
    fake = SimpleUploadedFile("lettre.pdf", b"\x89PNG\r\n\x1a\n not a pdf",
                              content_type="application/pdf")
    response = apply(client, call, ("Centre social", "Accueil", fake))
    content = response.content.decode()
    assert "Ce fichier n&#x27;est pas un PDF" in content
    assert 'id="id_partenaires-0-letter_error"' in content
    assert not Application.objects.exists()


def test_a_letter_too_large_is_refused(client, call, applicant, settings):
    settings.CALLS_LETTER_MAX_BYTES = 1024
    client.force_login(applicant)
    big = SimpleUploadedFile("lettre.pdf", b"%PDF-1.7\n" + b"0" * 2048)
    response = apply(client, call, ("Centre social", "Accueil", big))
    assert "Ce fichier est trop lourd" in response.content.decode()
    assert not Partner.objects.exists()


def test_replacing_a_letter_keeps_one_file(client, call, applicant, settings,
                                           django_capture_on_commit_callbacks):
    client.force_login(applicant)
    apply(client, call, ("Centre social", "Accueil", pdf_letter()))
    partner = Partner.objects.get()
    first = partner.letter.name
    application = partner.application
    data = form_data()
    data.update({"partenaires-TOTAL_FORMS": "1", "partenaires-INITIAL_FORMS": "1",
                 "partenaires-0-id": str(partner.pk), "partenaires-0-name": "Centre social",
                 "partenaires-0-role": "Accueil", "partenaires-0-letter": pdf_letter()})
    expense = application.budget_lines.get(kind="expense")
    resource = application.budget_lines.filter(kind="resource").exclude(
        label="Aide demandée").get()
    data.update({"depenses-INITIAL_FORMS": "1", "depenses-0-id": str(expense.pk),
                 "ressources-INITIAL_FORMS": "1", "ressources-0-id": str(resource.pk)})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("calls:application_edit", args=[application.pk]), data)
    partner.refresh_from_db()
    assert partner.letter.name != first
    assert not (settings.PRIVATE_MEDIA_ROOT / first).exists()
    assert (settings.PRIVATE_MEDIA_ROOT / partner.letter.name).exists()


@pytest.fixture
def submitted(call, applicant, make_application):
    application = make_application(call, applicant)
    letter = storages["private"].save("calls/letters/2027/lettre.pdf", pdf_letter())
    Partner.objects.create(application=application, name="Centre social", role="Accueil",
                           letter=letter)
    return application


def urls(application):
    partner = application.partners.get()
    return [reverse("calls:application", args=[application.pk]),
            reverse("private_file", args=["calls.letter", partner.pk])]


def test_another_person_sees_neither_the_application_nor_its_letters(
        client, submitted, make_user):
    client.force_login(make_user())
    for url in urls(submitted):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("calls:application_edit", args=[submitted.pk])).status_code == 404


def test_a_letter_of_intent_is_served_to_the_applicant_and_organisers_only(
        client, submitted, applicant, organiser, make_user):
    partner = submitted.partners.get()
    url = private_url("calls.letter", partner)
    for user in (None, make_user()):
        assert statuses(client, user, partner.letter, url) == (404, 404), user
    for user in (applicant, organiser):
        assert statuses(client, user, partner.letter, url) == (404, 200), user


def test_anonymous_visitors_are_asked_to_log_in_and_get_no_letter(client, submitted):
    page, letter = urls(submitted)
    response = client.get(page)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.get(letter).status_code == 404


def test_organisers_and_the_jury_read_submitted_applications(
        client, submitted, organiser, make_user, make_call):
    juror = make_user()
    JuryMember.objects.create(call=submitted.call, user=juror)
    other_juror = make_user()
    JuryMember.objects.create(call=make_call(), user=other_juror)
    for user in (organiser, juror):
        client.force_login(user)
        for url in urls(submitted):
            assert client.get(url).status_code == 200, (user, url)
    client.force_login(other_juror)
    assert client.get(urls(submitted)[0]).status_code == 404


def test_organisers_do_not_see_drafts(client, call, applicant, organiser, make_application):
    draft = make_application(call, applicant, status=ApplicationStatus.DRAFT)
    client.force_login(organiser)
    assert client.get(reverse("calls:application", args=[draft.pk])).status_code == 404


def test_a_commune_manager_does_not_organise_a_metropolis_call(
        client, submitted, make_staff, communes):
    manager = make_staff(Role.PROCESS_MANAGER, commune=Commune.objects.get(slug="pessac"))
    client.force_login(manager)
    assert client.get(urls(submitted)[0]).status_code == 404
