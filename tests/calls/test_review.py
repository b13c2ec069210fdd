"""Organisers find a submitted application incomplete (the contact completes and resubmits it
before the deadline) or admissible; the contact is notified."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.calls import applications
from parvis.calls.models import ApplicationStatus
from parvis.core.models import AuditEntry
from parvis.notifications.models import Notification
from tests.calls.helpers import form_data


@pytest.fixture
def submitted(call, applicant, make_application):
    return make_application(call, applicant)


def review(client, application, **data):
    return client.post(reverse("calls:application_review", args=[application.pk]), data,
                       follow=True)


def test_an_organiser_finds_an_application_incomplete(client, submitted, organiser, applicant):
    client.force_login(organiser)
    page = client.get(reverse("calls:application", args=[submitted.pk])).content.decode()
    assert applicant.email in page  # organisers may write to the contact
    response = review(client, submitted, status="incomplete", note="Les statuts manquent.")
    assert "Décision enregistrée" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.INCOMPLETE
    assert submitted.completeness_note == "Les statuts manquent."
    notification = Notification.objects.get(recipient=applicant)
    assert submitted.reference in notification.subject
    assert "Les statuts manquent." in notification.message
    assert AuditEntry.objects.filter(action="application.incomplete", actor=organiser).exists()


def test_incomplete_needs_a_note(client, submitted, organiser):
    client.force_login(organiser)
    response = review(client, submitted, status="incomplete", note="  ")
    assert "Indiquez ce qui manque" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_admissible(client, submitted, organiser, applicant):
    client.force_login(organiser)
    review(client, submitted, status="admissible")
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.ADMISSIBLE
    assert "recevable" in Notification.objects.get(recipient=applicant).subject


def test_only_organisers_review(client, submitted, applicant):
    client.force_login(applicant)
    assert review(client, submitted, status="admissible").status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_a_draft_cannot_be_reviewed(call, applicant, organiser, make_application):
    draft = make_application(call, applicant, status=ApplicationStatus.DRAFT)
    with pytest.raises(applications.ApplicationError):
        applications.review(draft, organiser, ApplicationStatus.ADMISSIBLE)


def test_the_contact_completes_and_resubmits_before_the_deadline(
        client, submitted, organiser, applicant):
    reference = submitted.reference
    applications.review(submitted, organiser, ApplicationStatus.INCOMPLETE, "Le SIRET manque.")
    client.force_login(applicant)
    edit = reverse("calls:application_edit", args=[submitted.pk])
    page = client.get(edit).content.decode()
    assert "Le SIRET manque." in page
    client.post(edit, form_data(action="submit", expenses=[], resources=[],
                                siret="123 456 789 00012"))
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reference, submitted.siret) == (
        ApplicationStatus.SUBMITTED, reference, "12345678900012")
    assert submitted.completeness_note == ""


def test_an_incomplete_application_is_frozen_after_the_deadline(
        submitted, organiser, applicant):
    applications.review(submitted, organiser, ApplicationStatus.INCOMPLETE, "Le SIRET manque.")
    after = submitted.call.deadline + timedelta(minutes=1)
    assert applications.can_edit(applicant, submitted, now=timezone.now())
    assert not applications.can_edit(applicant, submitted, now=after)
    with pytest.raises(applications.ApplicationError) as refusal:
        applications.save_draft(submitted, applicant, expenses=applications.Changes(),
                                resources=applications.Changes(),
                                partners=applications.Changes(), now=after)
    assert "La date limite de dépôt était le" in refusal.value.message
