"""Domain rules of equipment lending: the inventory and its history, loans from their
preparation to their return, conventions, incidents and their follow-up, reminders, and the
anonymisation of loans (retention, account deletion).

A device has at most one open loan: the database refuses a second one (partial unique
index), whatever the path that tries.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core import audit
from parvis.core.errors import DomainError
from parvis.core.formats import date_format
from parvis.core.services.retention import cutoff
from parvis.lending import conventions, documents
from parvis.lending.models import (
    OPEN_LOAN_STATUSES,
    ConventionAcceptance,
    ConventionTemplate,
    Device,
    DeviceEvent,
    DeviceState,
    Incident,
    IncidentKind,
    IncidentStatus,
    Loan,
    LoanStatus,
)
from parvis.lending.permissions import is_borrower
from parvis.notifications.models import FOLLOWED_UPDATE
from parvis.notifications.services import notify
from parvis.panels.models import Member

logger = logging.getLogger(__name__)

CONVENTION_DATE = "%d/%m/%Y"  # fixed, so that a rendered text (and its hash) never varies
GONE = (IncidentKind.LOST, IncidentKind.STOLEN)


class LendingError(DomainError):
    """An operation that cannot be done; the message is for the person, `field` the form
    field it is about (None: the whole form)."""


def _already_lent() -> LendingError:
    return LendingError(_("Cet appareil a déjà un prêt en cours : enregistrez son retour (ou"
                          " annulez le prêt) avant de le prêter à nouveau."), field="device")


def _not_in_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise LendingError(_("Cette date est dans le futur."), field=field)


def _locked(loan: Loan) -> Loan:
    locked = Loan.objects.select_for_update(of=("self",))
    return locked.select_related("device", "borrower").get(pk=loan.pk)


# Inventory and history ----------------------------------------------------------------


def record_event(device: Device, kind: str, *, on: date | None = None, loan=None,
                 incident=None, note: str = "") -> DeviceEvent:
    """A line of the device's history, with the state the device is now in."""
    return DeviceEvent.objects.create(
        device=device, kind=kind, on=on or timezone.localdate(), state=device.state,
        loan=loan, incident=incident, note=note[:250],
    )


def _set_state(device: Device, state: str) -> None:
    device.state = state
    device.save(update_fields=["state"])


@transaction.atomic
def save_device(device: Device, actor, *, created: bool, note: str = "") -> Device:
    """Add a device to the inventory or change it; a change of state goes to its history."""
    device.serial_number = device.serial_number.strip()
    previous = None if created else Device.objects.values_list("state", flat=True).get(
        pk=device.pk)
    if (not created and device.state == DeviceState.RETIRED
            and previous != DeviceState.RETIRED
            and device.loans.filter(status__in=OPEN_LOAN_STATUSES).exists()):
        raise LendingError(_("Cet appareil a un prêt en cours : enregistrez son retour avant"
                             " de le retirer du prêt."), field="state")
    try:
        with transaction.atomic():
            device.save()
    except IntegrityError as error:
        raise LendingError(str(Device._meta.get_field("serial_number").error_messages["unique"]),
                           field="serial_number") from error
    if created:
        record_event(device, DeviceEvent.Kind.ADDED, note=note)
    elif previous != device.state:
        record_event(device, DeviceEvent.Kind.STATE_CHANGED, note=note)
    audit.record(actor, "lending.device_created" if created else "lending.device_updated",
                 device, state=device.state)
    return device


# Loans ----------------------------------------------------------------------------------


@transaction.atomic
def prepare_loan(device: Device, member: Member, actor, *, starts_on: date,
                 planned_end_on: date | None = None, accessories: str | None = None,
                 state_at_start: str | None = None) -> Loan:
    """Set a device aside for a member; it is handed over once the convention is accepted.
    The planned end defaults to the end of the member's panel."""
    device = Device.objects.select_for_update().get(pk=device.pk)
    if not device.is_lendable:
        raise LendingError(_("Cet appareil est « %(state)s » : il ne peut pas être prêté.")
                           % {"state": device.get_state_display()}, field="device")
    if not member.is_active:
        raise LendingError(_("Cette personne s'est retirée du panel."), field="member")
    planned_end_on = planned_end_on or member.panel.ends_on
    if planned_end_on < starts_on:
        raise LendingError(_("La fin prévue précède le début du prêt."),
                           field="planned_end_on")
    try:
        with transaction.atomic():
            loan = Loan.objects.create(
                device=device, panel=member.panel, member=member, borrower=member.user,
                starts_on=starts_on,
                planned_end_on=planned_end_on,
                accessories=device.accessories if accessories is None else accessories,
                state_at_start=state_at_start or device.state, created_by=actor,
            )
    except IntegrityError as error:
        raise _already_lent() from error
    audit.record(actor, "lending.loan_prepared", loan, device=device.pk, member=member.pk)
    notify(member.user, kind=FOLLOWED_UPDATE,
           subject=_("Un prêt de matériel vous attend"),
           message=_("Un appareil (%(device)s) vous est réservé. Lisez et acceptez la"
                     " convention de prêt pour qu'il vous soit remis.")
           % {"device": device.model},
           url=reverse("lending:my_loans"), actor=actor)
    return loan


@transaction.atomic
def cancel_loan(loan: Loan, actor) -> Loan:
    loan = _locked(loan)
    if loan.status != LoanStatus.PREPARED:
        raise LendingError(_("Seul un prêt pas encore remis peut être annulé."))
    loan.status = LoanStatus.CANCELLED
    loan.ended_on = timezone.localdate()
    loan.save(update_fields=["status", "ended_on"])
    audit.record(actor, "lending.loan_cancelled", loan)
    return loan


@transaction.atomic
def hand_over(loan: Loan, actor) -> Loan:
    """The member receives the device: only once the convention is accepted."""
    loan = _locked(loan)
    if loan.status != LoanStatus.PREPARED:
        raise LendingError(_("Ce prêt n'est pas à remettre : il est « %(status)s ».")
                           % {"status": loan.get_status_display()})
    if not ConventionAcceptance.objects.filter(loan=loan).exists():
        raise LendingError(_("La convention n'est pas encore acceptée : le matériel ne peut"
                             " pas être remis."))
    loan.status = LoanStatus.HANDED_OVER
    loan.handed_over_at = timezone.now()
    loan.save(update_fields=["status", "handed_over_at"])
    _set_state(loan.device, loan.state_at_start)
    record_event(loan.device, DeviceEvent.Kind.LOAN_STARTED, loan=loan)
    audit.record(actor, "lending.loan_handed_over", loan)
    return loan


@transaction.atomic
def return_loan(loan: Loan, actor, *, returned_on: date, state: str, notes: str = "") -> Loan:
    """The device comes back, in the state given (which becomes the device's state)."""
    loan = _locked(loan)
    if loan.status != LoanStatus.HANDED_OVER:
        raise LendingError(_("Seul un prêt remis peut être rendu."))
    _not_in_future(returned_on, "returned_on")
    handed_over_on = timezone.localdate(loan.handed_over_at)
    if returned_on < handed_over_on:
        raise LendingError(_("Le matériel a été remis le %(date)s : le retour ne peut pas être"
                             " antérieur.") % {"date": date_format(handed_over_on)},
                           field="returned_on")
    loan.status = LoanStatus.RETURNED
    loan.ended_on = returned_on
    loan.state_at_return = state
    loan.return_notes = notes
    loan.save(update_fields=["status", "ended_on", "state_at_return", "return_notes"])
    _set_state(loan.device, state)
    record_event(loan.device, DeviceEvent.Kind.LOAN_ENDED, on=returned_on, loan=loan)
    audit.record(actor, "lending.loan_returned", loan, state=state)
    return loan


# Conventions ----------------------------------------------------------------------------


def current_template() -> ConventionTemplate | None:
    return ConventionTemplate.objects.order_by("-created_at", "-pk").first()


@transaction.atomic
def save_template(template: ConventionTemplate, actor, *, created: bool) -> ConventionTemplate:
    if not created and template.acceptances.exists():
        raise LendingError(_("Cette version a déjà été acceptée : ajoutez une nouvelle"
                             " version plutôt que de la modifier."))
    template.save()
    audit.record(actor, "lending.convention_template_saved", template,
                 version=template.version)
    return template


def convention_values(loan: Loan) -> dict[str, str]:
    member, user = loan.member, loan.borrower
    if user is not None:
        pseudonym, name = user.pseudonym, user.full_name
    elif member is not None:
        name = pseudonym = _("membre %(id)s") % {"id": member.volunteer.pool_id}
    else:
        name = pseudonym = ""
    device = loan.device
    return {
        "member": name,
        "pseudonym": pseudonym,
        "device": f"{device.get_kind_display()} {device.model} ({device.os})",
        "serial": device.serial_number,
        "accessories": loan.accessories or _("aucun"),
        "start": loan.starts_on.strftime(CONVENTION_DATE),
        "end": loan.planned_end_on.strftime(CONVENTION_DATE),
        "panel": str(loan.panel or ""),
    }


def render_convention(loan: Loan, template: ConventionTemplate) -> str:
    return conventions.render(template.body, convention_values(loan))


def accept_convention(loan: Loan, user, shown_hash: str) -> ConventionAcceptance:
    """The member accepts online the convention they were shown (`shown_hash` is the
    fingerprint of the text on their screen: a text changed since is not accepted)."""
    if not is_borrower(user, loan):
        raise LendingError(_("Ce prêt ne vous est pas destiné."))
    return _record_convention(loan, ConventionAcceptance.Method.ONLINE, accepted_by=user,
                              recorded_by=user, shown_hash=shown_hash)


def record_paper_convention(loan: Loan, actor, *, signed_on: date) -> ConventionAcceptance:
    """An organiser records the convention the member signed on paper."""
    _not_in_future(signed_on, "signed_on")
    return _record_convention(loan, ConventionAcceptance.Method.PAPER,
                              accepted_by=loan.borrower,
                              recorded_by=actor, signed_on=signed_on)


@transaction.atomic
def _record_convention(loan: Loan, method: str, *, accepted_by, recorded_by,
                       shown_hash: str | None = None, signed_on: date | None = None,
                       ) -> ConventionAcceptance:
    loan = _locked(loan)
    if loan.status != LoanStatus.PREPARED:
        raise LendingError(_("La convention ne peut plus être enregistrée : le prêt est"
                             " « %(status)s ».") % {"status": loan.get_status_display()})
    if ConventionAcceptance.objects.filter(loan=loan).exists():
        raise LendingError(_("La convention de ce prêt est déjà acceptée."))
    template = current_template()
    if template is None:
        raise LendingError(_("Aucun modèle de convention n'est encore publié : l'équipe du"
                             " panel doit d'abord le rédiger."))
    text = render_convention(loan, template)
    text_hash = conventions.fingerprint(text)
    if shown_hash is not None and shown_hash != text_hash:
        raise LendingError(_("La convention a changé depuis que vous l'avez ouverte : relisez"
                             " la nouvelle version avant de l'accepter."))
    try:
        with transaction.atomic():
            acceptance = ConventionAcceptance.objects.create(
                loan=loan, template=template, version=template.version, text=text,
                text_hash=text_hash, method=method, accepted_by=accepted_by,
                recorded_by=recorded_by, signed_on=signed_on,
            )
    except IntegrityError as error:
        raise LendingError(_("La convention de ce prêt est déjà acceptée.")) from error
    acceptance.pdf.save("convention.pdf",
                        ContentFile(documents.convention_pdf(acceptance)))
    audit.record(recorded_by, "lending.convention_accepted", loan, method=method,
                 version=template.version, text_hash=text_hash)
    return acceptance


def convention_opened(reader, acceptance: ConventionAcceptance) -> None:
    """Before the PDF copy is served: made again if the file is missing, and the reading
    audit-logged."""
    if not acceptance.pdf or not acceptance.pdf.storage.exists(acceptance.pdf.name):
        acceptance.pdf.save("convention.pdf", ContentFile(documents.convention_pdf(acceptance)))
    audit.record(reader, "lending.convention_downloaded", acceptance.loan)


def convention_filename(acceptance: ConventionAcceptance) -> str:
    return f"convention-pret-{acceptance.loan_id}.pdf"


# Incidents ------------------------------------------------------------------------------


@transaction.atomic
def declare_incident(device: Device, actor, *, kind: str, description: str, occurred_on: date,
                     by_member: bool = False) -> Incident:
    """An incident on a device, attached to its running loan if any. The device becomes
    broken; lost or stolen, it leaves the lending for good and its loan is closed."""
    _not_in_future(occurred_on, "occurred_on")
    device = Device.objects.select_for_update().get(pk=device.pk)
    loan = device.loans.filter(status=LoanStatus.HANDED_OVER).first()
    if by_member and (loan is None or not is_borrower(actor, loan)):
        raise LendingError(_("Un incident se déclare sur un appareil qui vous est prêté."))
    incident = Incident.objects.create(
        device=device, loan=loan, kind=kind, description=description, occurred_on=occurred_on,
        declared_by=actor, declared_by_member=by_member,
    )
    _set_state(device, DeviceState.RETIRED if kind in GONE else DeviceState.BROKEN)
    record_event(device, DeviceEvent.Kind.INCIDENT, on=occurred_on, loan=loan,
                 incident=incident, note=incident.get_kind_display())
    if loan is not None and kind in GONE:
        loan.status = LoanStatus.CLOSED
        loan.ended_on = max(occurred_on, timezone.localdate(loan.handed_over_at))
        loan.save(update_fields=["status", "ended_on"])
        record_event(device, DeviceEvent.Kind.LOAN_ENDED, on=loan.ended_on, loan=loan,
                     incident=incident)
    audit.record(actor, "lending.incident_declared", incident, kind=kind,
                 actor_role="panel_member" if by_member else "")
    return incident


@transaction.atomic
def follow_up_incident(incident: Incident, actor, *, status: str, actions: str,
                       replacement_device: Device | None = None) -> Incident:
    """Record the follow-up of an incident; a replacement device is set aside for the
    member (a new loan, with its own convention to accept)."""
    incident = Incident.objects.select_for_update(of=("self",)).select_related(
        "loan__member__panel").get(pk=incident.pk)
    if replacement_device is not None:
        incident.replacement_loan = _replacement_loan(incident, replacement_device, actor)
    was_closed = incident.status == IncidentStatus.CLOSED
    incident.status = status
    incident.actions = actions
    incident.updated_at = timezone.now()
    if status != IncidentStatus.CLOSED:
        incident.closed_at = None
    elif not was_closed:
        incident.closed_at = incident.updated_at
        record_event(incident.device, DeviceEvent.Kind.INCIDENT_CLOSED, incident=incident)
    incident.save()
    audit.record(actor, "lending.incident_followed_up", incident, status=status,
                 replacement_loan=incident.replacement_loan_id)
    return incident


def _replacement_loan(incident: Incident, device: Device, actor) -> Loan:
    if incident.replacement_loan_id is not None:
        raise LendingError(_("Un appareil de remplacement a déjà été prévu pour cet incident."),
                           field="replacement_device")
    previous = incident.loan
    if previous is None or previous.member is None:
        raise LendingError(_("Cet incident ne concerne pas un prêt à un membre : il n'y a"
                             " personne à qui prêter un appareil de remplacement."),
                           field="replacement_device")
    today = timezone.localdate()
    try:
        return prepare_loan(device, previous.member, actor, starts_on=today,
                            planned_end_on=max(previous.planned_end_on, today))
    except LendingError as error:
        raise LendingError(error.message, field="replacement_device") from error


# Reminders ------------------------------------------------------------------------------


def not_reminded_for_planned_end() -> Q:
    return Q(reminded_for__isnull=True) | ~Q(reminded_for=F("planned_end_on"))


def send_reminders(today: date | None = None) -> int:
    """Remind the members whose loan ends within LENDING_REMINDER_DAYS; once per planned
    end date, so that the daily command may run again safely (a loan extended later gets
    a new reminder)."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.LENDING_REMINDER_DAYS)
    due = Loan.objects.filter(
        not_reminded_for_planned_end(), status=LoanStatus.HANDED_OVER,
        planned_end_on__range=(today, horizon), borrower__isnull=False,
    ).select_related("device", "borrower")
    sent = 0
    for loan in due:
        with transaction.atomic():
            claimed = Loan.objects.filter(not_reminded_for_planned_end(), pk=loan.pk).update(
                reminded_for=loan.planned_end_on)
            if claimed:
                _remind(loan)
                sent += 1
    logger.info("loan reminders sent: %d", sent)
    return sent


def _remind(loan: Loan) -> None:
    end = date_format(loan.planned_end_on)
    notify(loan.borrower, kind=FOLLOWED_UPDATE,
           subject=_("Votre prêt de matériel se termine le %(date)s") % {"date": end},
           message=_("Le prêt de l'appareil %(device)s (n° de série %(serial)s) se termine le"
                     " %(date)s. Pensez à le rapporter avec ses accessoires (%(accessories)s),"
                     " ou contactez l'équipe du panel pour le prolonger.")
           % {"device": loan.device.model, "serial": loan.device.serial_number, "date": end,
              "accessories": loan.accessories or _("aucun")},
           url=reverse("lending:my_loans"))


# Personal data --------------------------------------------------------------------------


def anonymise_loan(loan: Loan) -> None:
    """Remove what links a loan to a person (member, convention text and PDF, who declared
    the incidents); the loan, its dates and states, and the device history stay."""
    acceptance = ConventionAcceptance.objects.filter(loan=loan).first()
    if acceptance is not None:
        if acceptance.pdf:
            # The file goes once the anonymisation is committed (a dry run rolls it back).
            storage, name = acceptance.pdf.storage, acceptance.pdf.name
            transaction.on_commit(lambda: storage.delete(name))
            acceptance.pdf = ""
        acceptance.text = ""
        acceptance.accepted_by = None
        acceptance.save(update_fields=["text", "accepted_by", "pdf"])
    loan.incidents.update(declared_by=None)
    loan.member = loan.borrower = None
    loan.anonymised_at = timezone.now()
    loan.save(update_fields=["member", "borrower", "anonymised_at"])


@transaction.atomic
def purge_loans(now) -> int:
    """Loans ended more than the retention period ago are anonymised."""
    expired = Loan.objects.filter(anonymised_at__isnull=True,
                                  ended_on__lt=timezone.localdate(cutoff("loans", now)))
    count = 0
    for loan in expired:
        anonymise_loan(loan)
        count += 1
    return count


def forget_loans(user) -> None:
    """A deleted account's loans stay (the devices' history needs them), anonymised."""
    for loan in Loan.objects.filter(borrower=user):
        anonymise_loan(loan)
        audit.record(None, "lending.loan_anonymised", loan, reason="account_deleted")
