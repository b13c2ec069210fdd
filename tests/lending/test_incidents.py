"""Incidents: declared by the member or an organiser, their effect on the device and the
loan, their follow-up with a replacement device."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.lending import services
from parvis.lending.models import Device, DeviceState, Incident, Loan, LoanStatus

TODAY = timezone.localdate


def incident_data(**fields):
    return {"kind": "broken", "occurred_on": TODAY().isoformat(),
            "description": "L'écran ne s'allume plus.", **fields}


def test_the_member_declares_a_broken_device(client, handed_over_loan):
    client.force_login(handed_over_loan.member.user)
    content = client.get(reverse("lending:my_loans")).content.decode()
    url = reverse("lending:member_incident", args=[handed_over_loan.pk])
    assert url in content
    response = client.post(url, incident_data())
    assert response.status_code == 302 and response.url == reverse("lending:my_loans")
    incident = Incident.objects.get()
    assert (incident.loan, incident.declared_by_member, incident.status) == (
        handed_over_loan, True, "open")
    assert Device.objects.get(pk=incident.device_id).state == DeviceState.BROKEN
    assert Loan.objects.get(pk=handed_over_loan.pk).status == LoanStatus.HANDED_OVER
    event = incident.device.events.last()
    assert (event.kind, event.state, event.incident_id) == ("incident", "broken", incident.pk)


def test_incident_form_errors_are_in_french(client, handed_over_loan):
    client.force_login(handed_over_loan.member.user)
    url = reverse("lending:member_incident", args=[handed_over_loan.pk])
    future = (TODAY() + timedelta(days=1)).isoformat()
    response = client.post(url, incident_data(kind="", description="", occurred_on=future))
    content = response.content.decode()
    assert content.count("Ce champ est obligatoire.") == 2
    assert "Cette date est dans le futur." in content
    assert 'aria-describedby="id_description_helptext id_description_error"' in content
    assert not Incident.objects.exists()


def test_a_member_declares_incidents_on_their_own_running_loan_only(client, make_user, loan,
                                                                     handed_over_loan):
    client.force_login(make_user())
    url = reverse("lending:member_incident", args=[handed_over_loan.pk])
    assert client.post(url, incident_data()).status_code == 404
    assert not Incident.objects.exists()


def test_a_prepared_loan_has_no_incident_declaration(client, loan):
    client.force_login(loan.member.user)
    response = client.post(reverse("lending:member_incident", args=[loan.pk]), incident_data(),
                           follow=True)
    assert "Un incident se déclare sur un appareil qui vous est prêté." in (
        response.content.decode())
    assert not Incident.objects.exists()


@pytest.mark.parametrize("kind", ["lost", "stolen"])
def test_a_lost_or_stolen_device_leaves_the_lending_and_its_loan_closes(
        client, organiser, handed_over_loan, kind):
    client.force_login(organiser)
    url = reverse("lending:device_incident", args=[handed_over_loan.device_id])
    response = client.post(url, incident_data(kind=kind))
    assert response.status_code == 302
    loan = Loan.objects.get(pk=handed_over_loan.pk)
    assert (loan.status, loan.ended_on) == (LoanStatus.CLOSED, TODAY())
    assert loan.device.state == DeviceState.RETIRED
    assert list(loan.device.events.values_list("kind", flat=True)) == [
        "added", "loan_started", "incident", "loan_ended"]
    assert Incident.objects.get().declared_by_member is False


def test_follow_up_with_a_replacement_device_then_closing(client, organiser, handed_over_loan,
                                                         make_device):
    spare = make_device(model="Galaxy Tab de remplacement")
    client.force_login(organiser)
    client.post(reverse("lending:device_incident", args=[handed_over_loan.device_id]),
                incident_data(kind="stolen"))
    incident = Incident.objects.get()
    url = reverse("lending:incident", args=[incident.pk])
    response = client.post(url, {"status": "in_progress", "actions": "Plainte reçue.",
                                 "replacement_device": spare.pk})
    assert response.status_code == 302
    incident.refresh_from_db()
    replacement = incident.replacement_loan
    assert (replacement.device, replacement.member, replacement.status) == (
        spare, handed_over_loan.member, LoanStatus.PREPARED)
    assert replacement.planned_end_on == handed_over_loan.planned_end_on
    response = client.post(url, {"status": "in_progress", "actions": "",
                                 "replacement_device": make_device().pk})
    assert "Un appareil de remplacement a déjà été prévu" in response.content.decode()
    client.post(url, {"status": "closed", "actions": "Assurance : dossier clos."})
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_at is not None
    assert incident.device.events.last().kind == "incident_closed"


def test_follow_up_form_errors_are_in_french(client, organiser, handed_over_loan):
    client.force_login(organiser)
    client.post(reverse("lending:device_incident", args=[handed_over_loan.device_id]),
                incident_data())
    incident = Incident.objects.get()
    response = client.post(reverse("lending:incident", args=[incident.pk]),
                           {"status": "", "replacement_device": "999999"})
    content = response.content.decode()
    assert "Ce champ est obligatoire." in content and "Sélectionnez un choix valide" in content


def test_incidents_belong_to_the_loans_organisers(client, organiser, other_organiser,
                                                  handed_over_loan, count_queries,
                                                  make_device):
    client.force_login(organiser)
    client.post(reverse("lending:device_incident", args=[handed_over_loan.device_id]),
                incident_data())
    incident = Incident.objects.get()
    assert [item.pk for item in client.get(reverse("lending:incidents")).context["page_obj"]] == [
        incident.pk]
    assert not client.get(reverse("lending:incidents"), {"statut": "closed"}).context[
        "page_obj"].paginator.count
    few = count_queries(reverse("lending:incidents"))
    for _ in range(3):
        services.declare_incident(make_device(), organiser, kind="broken", description="Panne",
                                  occurred_on=TODAY())
    assert count_queries(reverse("lending:incidents")) == few
    client.force_login(other_organiser)
    assert client.get(reverse("lending:incident", args=[incident.pk])).status_code == 403
    listed = client.get(reverse("lending:incidents")).context["page_obj"]
    assert listed.paginator.count == 3  # those of devices that were not on loan
