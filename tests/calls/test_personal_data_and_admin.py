"""Applications in "Mes données", account deletion (drafts go, submitted applications stay with
an anonymised contact), the privacy register, and the back office scoped to one's calls."""

from django.core.files.storage import storages
from django.urls import reverse

from parvis.calls.models import Application, ApplicationStatus, Partner
from parvis.core import privacy
from parvis.core.models import Commune, Role
from parvis.core.services import personal_data
from parvis.core.services.accounts import delete_account
from tests.calls.helpers import pdf_letter


def test_applications_are_in_the_contacts_data_export(call, applicant, make_application,
                                                      make_user):
    application = make_application(call, applicant, title="Mon projet")
    make_application(call, make_user(), title="Projet d'une autre")
    (exported,) = personal_data.export(applicant)["sections"]["call_applications"]
    assert exported["title"] == "Mon projet" and exported["reference"] == application.reference
    assert {"kind": "resource", "label": "Aide demandée", "amount": 50_000} in (
        exported["budget_lines"])


def test_account_deletion_keeps_submitted_applications_and_drops_drafts(
        call, applicant, make_application, django_capture_on_commit_callbacks):
    submitted = make_application(call, applicant)
    draft = make_application(call, applicant, status=ApplicationStatus.DRAFT)
    letter = storages["private"].save("calls/letters/2027/brouillon.pdf", pdf_letter())
    Partner.objects.create(application=draft, name="Partenaire", role="Rôle", letter=letter)
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(applicant)
    assert list(Application.objects.all()) == [submitted]
    assert not storages["private"].exists(letter)
    submitted.refresh_from_db()
    contact = submitted.contact
    assert contact.deleted_at is not None and "Confidentiel" not in contact.last_name
    assert "camille" not in contact.email


def test_the_privacy_register_lists_applications():
    names = [str(processing.name) for processing in privacy.processings()]
    assert "Candidatures aux appels à projets" in names


def test_back_office_lists_submitted_applications_of_ones_calls(
        client, call, make_call, applicant, make_application, make_staff, communes):
    mine = make_application(call, applicant, title="Dans mon appel")
    make_application(call, applicant, title="Brouillon caché", status=ApplicationStatus.DRAFT)
    pessac_call = make_call()
    pessac_call.process.communes.set([Commune.objects.get(slug="pessac")])
    make_application(pessac_call, applicant, title="Appel de Pessac")
    call.process.communes.set([Commune.objects.get(slug="bordeaux")])
    manager = make_staff(Role.PROCESS_MANAGER, commune=Commune.objects.get(slug="bordeaux"))
    client.force_login(manager)
    content = client.get(reverse("admin:calls_application_changelist")).content.decode()
    assert "Dans mon appel" in content
    assert reverse("calls:application", args=[mine.pk]) in content
    assert "Brouillon caché" not in content and "Appel de Pessac" not in content
    calls = client.get(reverse("admin:calls_call_changelist")).content.decode()
    assert call.title in calls and pessac_call.title not in calls


def test_back_office_refuses_a_deadline_before_the_launch(client, call, organiser):
    client.force_login(organiser)
    url = reverse("admin:calls_call_change", args=[call.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for name in ("launched_at", "deadline"):
        data.pop(name)
    data.update({"launched_at_0": "2027-03-15", "launched_at_1": "12:00",
                 "deadline_0": "2027-03-01", "deadline_1": "12:00"})
    for prefix in ("criteria", "jury"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert "La date limite de dépôt doit suivre le lancement." in response.content.decode()
