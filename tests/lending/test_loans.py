"""Loans from the organisers' side: preparing, one open loan per device, handing over only
after the convention, returning, cancelling, overdue loans."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from parvis.lending import services
from parvis.lending.models import Device, DeviceState, Loan, LoanStatus
from tests.lending.helpers import accept

TODAY = timezone.localdate


def loan_data(member, **fields):
    return {"member": member.pk, "starts_on": TODAY().isoformat(), "planned_end_on": "",
            "accessories": "chargeur", "state_at_start": "good", **fields}


def test_an_organiser_prepares_a_loan_ending_with_the_panel(client, organiser, device,
                                                            member):
    client.force_login(organiser)
    response = client.post(reverse("lending:loan_create", args=[device.pk]), loan_data(member))
    loan = Loan.objects.get()
    assert response.status_code == 302 and response.url == loan.get_absolute_url()
    assert (loan.member, loan.panel, loan.status) == (member, member.panel, "prepared")
    assert loan.planned_end_on == member.panel.ends_on
    assert member.user.notifications.filter(url=reverse("lending:my_loans")).exists()


def test_loan_form_errors_are_in_french(client, organiser, device, member):
    client.force_login(organiser)
    url = reverse("lending:loan_create", args=[device.pk])
    response = client.post(url, {**loan_data(member), "member": "", "starts_on": "demain"})
    content = response.content.decode()
    assert "Ce champ est obligatoire." in content and "Saisissez une date valide." in content
    yesterday = (TODAY() - timedelta(days=1)).isoformat()
    response = client.post(url, loan_data(member, planned_end_on=yesterday))
    assert "La fin prévue précède le début du prêt." in response.content.decode()
    assert 'aria-describedby="id_planned_end_on_helptext id_planned_end_on_error"' in (
        response.content.decode())
    assert not Loan.objects.exists()


def test_only_members_of_managed_panels_can_be_chosen(client, other_organiser, device,
                                                      member):
    client.force_login(other_organiser)
    response = client.post(reverse("lending:loan_create", args=[device.pk]), loan_data(member))
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Loan.objects.exists()


def test_the_database_refuses_a_second_open_loan_for_a_device(loan, make_member, panel):
    other = make_member(panel)
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.create(device=loan.device, panel=panel, member=other,
                            starts_on=TODAY(), planned_end_on=TODAY(), state_at_start="new")
    Loan.objects.filter(pk=loan.pk).update(status=LoanStatus.RETURNED)
    Loan.objects.create(device=loan.device, panel=panel, member=other, starts_on=TODAY(),
                        planned_end_on=TODAY(), state_at_start="new")  # a closed loan is fine


def test_a_second_loan_of_a_lent_device_gets_a_clear_error(client, organiser, loan,
                                                           make_member, panel, monkeypatch):
    other = make_member(panel)
    client.force_login(organiser)
    # The device page no longer offers it, but a form opened earlier still can be sent:
    # the database constraint answers, as if the other loan had been made meanwhile.
    monkeypatch.setattr(Device, "is_lendable", property(lambda device: True))
    response = client.post(reverse("lending:loan_create", args=[loan.device_id]),
                           loan_data(other))
    assert response.status_code == 200
    assert "Cet appareil a déjà un prêt en cours" in response.content.decode()
    assert Loan.objects.count() == 1


def test_a_broken_device_cannot_be_lent(organiser, make_device, member):
    device = make_device(state=DeviceState.BROKEN)
    with pytest.raises(services.LendingError, match="ne peut pas être prêté"):
        services.prepare_loan(device, member, organiser, starts_on=TODAY())


def test_no_hand_over_before_the_convention_is_accepted(client, organiser, loan, template):
    client.force_login(organiser)
    response = client.post(reverse("lending:hand_over", args=[loan.pk]), follow=True)
    assert "La convention n&#x27;est pas encore acceptée" in response.content.decode()
    assert Loan.objects.get(pk=loan.pk).status == LoanStatus.PREPARED
    accept(loan, template)
    client.post(reverse("lending:hand_over", args=[loan.pk]))
    loan.refresh_from_db()
    assert loan.status == LoanStatus.HANDED_OVER and loan.handed_over_at is not None
    assert list(loan.device.events.values_list("kind", flat=True)) == ["added", "loan_started"]


def test_an_organiser_records_a_paper_convention(client, organiser, loan, template):
    client.force_login(organiser)
    url = reverse("lending:paper_convention", args=[loan.pk])
    future = (TODAY() + timedelta(days=2)).isoformat()
    response = client.post(url, {"signed_on": future})
    assert response.status_code == 400
    assert "Cette date est dans le futur." in response.content.decode()
    client.post(url, {"signed_on": TODAY().isoformat()})
    convention = Loan.objects.get(pk=loan.pk).convention
    assert (convention.method, convention.signed_on) == ("paper", TODAY())
    assert convention.recorded_by == organiser and convention.accepted_by == loan.member.user


def test_the_return_updates_the_device_and_its_history(client, organiser, handed_over_loan):
    client.force_login(organiser)
    url = reverse("lending:return", args=[handed_over_loan.pk])
    response = client.post(url, {"returned_on": (TODAY() + timedelta(days=1)).isoformat(),
                                 "state": "worn"})
    assert "Cette date est dans le futur." in response.content.decode()
    response = client.post(url, {"returned_on": (TODAY() - timedelta(days=1)).isoformat(),
                                 "state": "worn"})
    assert "le retour ne peut pas être antérieur" in response.content.decode()
    response = client.post(url, {"returned_on": TODAY().isoformat(), "state": "worn",
                                 "notes": "Housse usée"})
    assert response.status_code == 302
    loan = Loan.objects.get(pk=handed_over_loan.pk)
    assert (loan.status, loan.ended_on, loan.state_at_return) == ("returned", TODAY(), "worn")
    assert Device.objects.get(pk=loan.device_id).state == DeviceState.WORN
    event = loan.device.events.last()
    assert (event.kind, event.state, event.loan_id) == ("loan_ended", "worn", loan.pk)


def test_a_prepared_loan_can_be_cancelled_and_the_device_lent_again(
        client, organiser, loan, make_member, panel):
    client.force_login(organiser)
    client.post(reverse("lending:cancel", args=[loan.pk]))
    assert Loan.objects.get(pk=loan.pk).status == LoanStatus.CANCELLED
    services.prepare_loan(loan.device, make_member(panel), organiser, starts_on=TODAY())


def test_overdue_loans_are_listed_for_their_organisers(client, organiser, other_organiser,
                                                       handed_over_loan, count_queries,
                                                       make_device, make_member, panel,
                                                       template):
    Loan.objects.filter(pk=handed_over_loan.pk).update(
        starts_on=TODAY() - timedelta(days=40), planned_end_on=TODAY() - timedelta(days=2))
    client.force_login(organiser)
    page = client.get(reverse("lending:overdue")).context["page_obj"]
    assert [loan.pk for loan in page] == [handed_over_loan.pk]
    response = client.get(reverse("lending:loans"), {"status": "overdue"})
    assert [loan.pk for loan in response.context["page_obj"]] == [handed_over_loan.pk]
    few = count_queries(reverse("lending:overdue"))
    listed = count_queries(reverse("lending:loans"))
    for _ in range(4):
        other = services.prepare_loan(make_device(), make_member(panel), organiser,
                                      starts_on=TODAY() - timedelta(days=40),
                                      planned_end_on=TODAY() - timedelta(days=1))
        accept(other, template)
        services.hand_over(other, organiser)
    assert count_queries(reverse("lending:overdue")) == few
    assert count_queries(reverse("lending:loans")) == listed
    client.force_login(other_organiser)
    assert not client.get(reverse("lending:overdue")).context["page_obj"].paginator.count


@pytest.mark.parametrize("name, method", [
    ("loan", "get"), ("hand_over", "post"), ("cancel", "post"), ("paper_convention", "post"),
    ("return", "get"), ("return", "post"),
])
def test_loan_pages_are_refused_to_other_organisers(client, other_organiser, loan, name,
                                                    method):
    client.force_login(other_organiser)
    response = getattr(client, method)(reverse(f"lending:{name}", args=[loan.pk]))
    assert response.status_code == 403
    assert Loan.objects.get(pk=loan.pk).status == LoanStatus.PREPARED


def test_the_loan_page_shows_the_convention_to_sign_then_its_record(client, organiser, loan,
                                                                     template):
    client.force_login(organiser)
    content = client.get(loan.get_absolute_url()).content.decode()
    assert "Dominique Lambert (Pionnier33)" in content  # the text for this loan
    assert reverse("lending:paper_convention", args=[loan.pk]) in content
    assert reverse("lending:hand_over", args=[loan.pk]) not in content
    acceptance = accept(loan, template)
    content = client.get(loan.get_absolute_url()).content.decode()
    assert acceptance.text_hash in content and "acceptée en ligne" in content
    assert reverse("private_file", args=["lending.convention", acceptance.pk]) in content
    assert reverse("lending:hand_over", args=[loan.pk]) in content
