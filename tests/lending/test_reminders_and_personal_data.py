"""Reminders before the end of a loan, the member's data export, account deletion,
retention, and the demo data."""

import io
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from parvis.core.privacy import processings
from parvis.core.services import personal_data
from parvis.core.services.accounts import delete_account
from parvis.lending import demo, selectors, services
from parvis.lending.models import (
    ConventionAcceptance,
    ConventionTemplate,
    Device,
    DeviceEvent,
    Incident,
    Loan,
)
from parvis.notifications.models import Notification
from tests.lending.helpers import accept

TODAY = timezone.localdate


def run_reminders() -> str:
    out = io.StringIO()
    call_command("send_loan_reminders", stdout=out)
    return out.getvalue()


def ending_in(loan, days):
    Loan.objects.filter(pk=loan.pk).update(planned_end_on=TODAY() + timedelta(days=days))


def reminders(user):
    return Notification.objects.filter(recipient=user, subject__startswith="Votre prêt")


def test_the_reminder_is_sent_once_within_the_window(handed_over_loan, settings,
                                                     django_capture_on_commit_callbacks):
    settings.LENDING_REMINDER_DAYS = 14
    user = handed_over_loan.member.user
    ending_in(handed_over_loan, 15)
    assert run_reminders().startswith("0 ")
    ending_in(handed_over_loan, 14)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_reminders().startswith("1 ")
    assert run_reminders().startswith("0 ")
    assert reminders(user).count() == 1
    reminder = reminders(user).get()
    assert handed_over_loan.device.serial_number in reminder.message
    # One e-mail for the reminder (the hand-over's own notification sent its e-mail before).
    assert [message.to for message in mail.outbox
            if message.subject == reminder.subject] == [[user.email]]


def test_an_extended_loan_is_reminded_again(handed_over_loan):
    ending_in(handed_over_loan, 3)
    assert services.send_reminders() == 1
    ending_in(handed_over_loan, 10)  # extended, still within the window
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    assert reminders(handed_over_loan.member.user).count() == 2


def test_returned_prepared_and_overdue_loans_are_not_reminded(handed_over_loan, organiser,
                                                              make_device, make_member, panel,
                                                              template):
    Loan.objects.filter(pk=handed_over_loan.pk).update(
        starts_on=TODAY() - timedelta(days=30), planned_end_on=TODAY() - timedelta(days=1))
    prepared = services.prepare_loan(make_device(), make_member(panel), organiser,
                                     starts_on=TODAY(), planned_end_on=TODAY())
    returned = services.prepare_loan(make_device(), make_member(panel), organiser,
                                     starts_on=TODAY(), planned_end_on=TODAY())
    accept(returned, template)
    services.hand_over(returned, organiser)
    services.return_loan(returned, organiser, returned_on=TODAY(), state="good")
    assert services.send_reminders() == 0
    assert not Notification.objects.filter(subject__startswith="Votre prêt").exists()
    accept(prepared, template)
    services.hand_over(prepared, organiser)
    assert services.send_reminders() == 1  # the loan ending today, once handed over


def test_the_member_downloads_their_loans(handed_over_loan, organiser):
    services.declare_incident(handed_over_loan.device, organiser, kind="broken",
                              description="Écran cassé", occurred_on=TODAY())
    section = personal_data.export(handed_over_loan.member.user)["sections"]["loans"]
    assert len(section) == 1
    item = section[0]
    assert item["serial_number"] == handed_over_loan.device.serial_number
    assert item["convention"]["version"] == "2026-1"
    assert "Dominique Lambert" in item["convention"]["text"]
    assert [incident["kind"] for incident in item["incidents"]] == ["casse ou panne"]
    assert "Prêts de matériel aux membres des panels" in [str(p.name) for p in processings()]


def assert_anonymised(loan_pk):
    loan = Loan.objects.get(pk=loan_pk)
    convention = ConventionAcceptance.objects.get(loan=loan)
    assert loan.member is None and loan.anonymised_at is not None
    assert convention.text == "" and not convention.pdf and convention.accepted_by is None
    assert len(convention.text_hash) == 64 and convention.version == "2026-1"
    assert not Incident.objects.filter(loan=loan, declared_by__isnull=False).exists()
    return loan


def test_account_deletion_keeps_the_loan_anonymised(handed_over_loan,
                                                    django_capture_on_commit_callbacks):
    user = handed_over_loan.member.user
    services.declare_incident(handed_over_loan.device, user, kind="broken", by_member=True,
                              description="Ne charge plus", occurred_on=TODAY())
    pdf = ConventionAcceptance.objects.get().pdf
    storage, name = pdf.storage, pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user)
    loan = assert_anonymised(handed_over_loan.pk)
    assert not storage.exists(name)
    assert DeviceEvent.objects.filter(device=loan.device, loan=loan).count() == 2
    assert personal_data.export(user)["sections"]["loans"] == []


def test_retention_anonymises_loans_ended_long_ago(handed_over_loan, organiser, settings):
    services.return_loan(handed_over_loan, organiser, returned_on=TODAY(), state="good")
    call_command("purge_expired", stdout=io.StringIO())
    assert Loan.objects.get(pk=handed_over_loan.pk).member is not None  # not yet
    Loan.objects.filter(pk=handed_over_loan.pk).update(
        ended_on=TODAY() - timedelta(days=settings.RETENTION_DAYS["loans"] + 1))
    pdf = ConventionAcceptance.objects.get().pdf
    storage, name = pdf.storage, pdf.name
    call_command("purge_expired", "--dry-run", stdout=io.StringIO())
    assert Loan.objects.get(pk=handed_over_loan.pk).member is not None
    assert storage.exists(name)  # a dry run deletes nothing, files included
    call_command("purge_expired", stdout=io.StringIO())
    loan = assert_anonymised(handed_over_loan.pk)
    figures = selectors.device_indicators(loan.device)
    assert figures.loans == 1  # the history stays for the indicators


def test_the_demo_skips_loans_without_a_drawn_panel_and_is_idempotent(db, make_user):
    make_user(pseudonym=demo.ORGANISER)
    demo.load()
    demo.load()
    assert Device.objects.count() == 30
    assert ConventionTemplate.objects.count() == 1
    assert not Loan.objects.exists()


def test_the_demo_lends_to_the_drawn_panels_members(db, panel, make_member, make_user):
    make_user(pseudonym=demo.ORGANISER)
    members = [make_member(panel) for _ in range(5)] + [make_member(panel, user=None)]
    demo.load()
    loans = Loan.objects.filter(replaces_incident__isnull=True)
    assert loans.count() == len(members)
    assert ConventionAcceptance.objects.filter(method="paper").count() == 1
    assert set(Loan.objects.values_list("status", flat=True)) == {
        "handed_over", "returned", "closed", "prepared"}
    assert Incident.objects.count() == 2
    assert selectors.overdue(Loan.objects.all()).count() == 1
