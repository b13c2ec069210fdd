"""Applying to a call through the pages: drafts, rows added without JavaScript, the budget
rule, the completeness check, submission, acknowledgement and read-only afterwards."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from parvis.calls import applications
from parvis.calls.models import Application, ApplicationStatus
from parvis.core.models import AuditEntry, VerificationLevel
from tests.calls.helpers import form_data, formset, pdf_letter


@pytest.fixture
def applying(client, applicant):
    client.force_login(applicant)
    return client


def apply_url(call):
    return reverse("calls:apply", args=[call.slug])


def test_applying_needs_an_account_with_a_confirmed_email(client, call, make_user):
    response = client.get(apply_url(call))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(make_user(verification_level=VerificationLevel.NONE))
    response = client.post(apply_url(call), form_data())
    assert "Confirmez votre adresse e-mail" in response.content.decode()
    assert not Application.objects.exists()


def test_a_draft_needs_only_the_organisation_and_title(applying, call, applicant):
    response = applying.post(apply_url(call), form_data(
        expenses=[], resources=[], organisation="", title="", summary="", project=""))
    content = response.content.decode()
    assert response.status_code == 200 and "Ce champ est obligatoire." in content
    assert 'aria-invalid="true"' in content
    assert not Application.objects.exists()
    response = applying.post(apply_url(call), form_data(
        expenses=[], resources=[], requested_amount="", summary="", indicators=""))
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("calls:application_edit", args=[application.pk])
    assert (application.status, application.contact, application.reference) == (
        ApplicationStatus.DRAFT, applicant, None)
    assert AuditEntry.objects.filter(action="application.created").count() == 1


def test_rows_are_added_server_side(applying, call):
    response = applying.post(apply_url(call), form_data(action="ajout-depenses"))
    application = Application.objects.get()
    assert response["Location"] == (
        reverse("calls:application_edit", args=[application.pk]) + "?ajout=depenses#depenses")
    content = applying.get(response["Location"]).content.decode()
    # the stored expense line, then two empty rows (one by default in the other formsets)
    assert 'name="depenses-TOTAL_FORMS" value="3"' in content
    assert 'name="ressources-TOTAL_FORMS" value="2"' in content
    assert 'name="partenaires-TOTAL_FORMS" value="1"' in content


def test_budget_lines_aid_line_and_totals(applying, call):
    applying.post(apply_url(call), form_data(
        expenses=[("Animateurs", "50000"), ("Matériel", "15000")],
        resources=[("Fonds propres", "10000")], requested_amount="50000"))
    application = Application.objects.get()
    lines = {(line.kind, line.label): line.amount for line in application.budget_lines.all()}
    assert lines == {
        ("expense", "Animateurs"): 50000, ("expense", "Matériel"): 15000,
        ("resource", "Fonds propres"): 10000, ("resource", "Aide demandée"): 50000,
    }
    content = applying.get(reverse("calls:application_edit", args=[application.pk])
                           ).content.decode()
    assert "Non équilibré : il manque 5\xa0000\xa0€ de ressources" in content
    assert "Le budget n&#x27;est pas équilibré : 65\xa0000\xa0€ de dépenses pour 60\xa0000\xa0€" \
        in content


def test_the_aid_line_follows_the_requested_amount_and_cannot_be_typed(applying, call):
    applying.post(apply_url(call), form_data())
    application = Application.objects.get()
    response = applying.post(apply_url(call), form_data(resources=[("aide demandée", "5")]))
    assert "est ajoutée d&#x27;elle-même" in response.content.decode()
    lines = list(application.budget_lines.filter(kind="expense"))
    resources = list(application.budget_lines.filter(kind="resource").exclude(
        label="Aide demandée"))
    edit = reverse("calls:application_edit", args=[application.pk])
    applying.post(edit, {
        "action": "save", **form_data(requested_amount="60000"),
        **formset("depenses", [(lines[0].pk, "Animateurs", "70000")], ["label", "amount"], 1),
        **formset("ressources", [(resources[0].pk, "Fonds propres", "10000")],
                  ["label", "amount"], 1),
    })
    aid = application.budget_lines.get(label="Aide demandée")
    assert aid.amount == 60000
    assert applications.budget_totals(application).gap == 0
    assert application.budget_lines.count() == 3


def test_requested_amount_outside_the_range_is_refused(applying, call):
    response = applying.post(apply_url(call), form_data(requested_amount="90000"))
    assert "L&#x27;aide demandée doit être comprise entre 40\xa0000\xa0€ et 80\xa0000\xa0€." \
        in response.content.decode()
    assert not Application.objects.exists()


def test_submitting_an_incomplete_application_lists_what_is_missing(applying, call):
    response = applying.post(apply_url(call), form_data(
        action="submit", indicators="", presentation="", resources=[],
        partners=[("Centre social", "Accueil", "")]), follow=True)
    application = Application.objects.get()
    assert application.status == ApplicationStatus.DRAFT and application.reference is None
    content = response.content.decode()
    assert "Votre candidature n&#x27;est pas complète" in content
    for gap in ["À compléter : « Présentation de la structure ».",
                "Indiquez au moins un indicateur d&#x27;évaluation.",
                "Le budget n&#x27;est pas équilibré",
                "La lettre d&#x27;intention de « Centre social » manque."]:
        assert gap in content, gap
    assert not mail.outbox


def test_submission_gives_a_reference_and_an_acknowledgement(
        applying, call, applicant, django_capture_on_commit_callbacks):
    call.title = "Clic et Déclic 2027"
    call.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = applying.post(apply_url(call), form_data(
            action="submit", partners=[("Centre social", "Accueil", pdf_letter())]),
            follow=True)
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert re.fullmatch(r"CD-\d{4}-0001", application.reference)
    assert application.submitted_at is not None
    assert f"Candidature déposée sous le numéro {application.reference}" in (
        response.content.decode())
    (message,) = mail.outbox
    assert message.to == [applicant.email] and application.reference in message.subject
    for detail in ["Les Connecteurs", "Ateliers numériques", "50\xa0000\xa0€", "60\xa0000\xa0€",
                   "Centre social", "Nombre de personnes accompagnées",
                   reverse("calls:application", args=[application.pk])]:
        assert detail in message.body, detail
    assert AuditEntry.objects.filter(action="application.submitted",
                                     data__reference=application.reference).exists()


def test_references_follow_each_other(call, applicant, make_application):
    call.title = "Clic et Déclic 2027"
    call.save()
    first = make_application(call, applicant, status=ApplicationStatus.DRAFT)
    second = make_application(call, applicant, status=ApplicationStatus.DRAFT)
    applications.submit(first, applicant)
    applications.submit(second, applicant)
    second.refresh_from_db()
    assert second.reference.endswith("-0002") and second.reference.startswith("CD-")


def test_a_submitted_application_is_read_only(applying, call, applicant, make_application):
    application = make_application(call, applicant)
    edit = reverse("calls:application_edit", args=[application.pk])
    response = applying.get(edit)
    assert response.status_code == 302
    assert response["Location"] == reverse("calls:application", args=[application.pk])
    applying.post(edit, form_data(title="Changé"))
    application.refresh_from_db()
    assert application.title != "Changé"
    content = applying.get(reverse("calls:application", args=[application.pk])).content.decode()
    assert application.title in content and "Compléter ou déposer" not in content
    assert "Mes candidatures" in content


def test_my_applications(applying, call, applicant, make_application, make_user):
    mine = make_application(call, applicant, title="Le mien")
    make_application(call, make_user(), title="Celui d'une autre structure")
    content = applying.get(reverse("calls:mine")).content.decode()
    assert "Le mien" in content and mine.reference in content
    assert "Celui d" not in content


def test_call_page_links_to_ones_own_applications(applying, call, applicant, make_application):
    application = make_application(call, applicant, status=ApplicationStatus.DRAFT)
    content = applying.get(call.get_absolute_url()).content.decode()
    assert reverse("calls:application", args=[application.pk]) in content
