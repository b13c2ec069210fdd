"""Domain rules of applications to calls for projects: when a call is open, who sees what,
drafts, the budget rule, the completeness check, submission before the deadline (compared
on the server, shown in Europe/Paris time), reference numbers, the acknowledgement e-mail
and the organisers' admissibility review. Every write of an application goes through here.
"""

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from parvis.calls.models import Application, ApplicationStatus, BudgetLine, Call, Partner
from parvis.calls.permissions import can_manage_call, jury_seat, managed_calls
from parvis.core import audit, documents
from parvis.core.errors import DomainError
from parvis.core.formats import date_format, euros
from parvis.core.links import absolute
from parvis.core.mail import queue_mail
from parvis.core.models import VerificationLevel
from parvis.notifications.models import FOLLOWED_UPDATE
from parvis.notifications.services import notify
from parvis.processes.models import Action, Process
from parvis.processes.services import Decision, Window, action_decision

logger = logging.getLogger(__name__)

PARIS = ZoneInfo("Europe/Paris")
MOMENT_FORMAT = r"j F Y à G \h i"  # « 15 mars 2027 à 12 h 00 »
# The resource line kept equal to the requested amount (the budget rule, see `missing`).
AID_LABEL = "Aide demandée"
EDITABLE = {ApplicationStatus.DRAFT, ApplicationStatus.INCOMPLETE}
REVIEWABLE = {ApplicationStatus.SUBMITTED, ApplicationStatus.INCOMPLETE,
              ApplicationStatus.ADMISSIBLE}
# Fields the completeness check requires (the draft needs only the organisation and title).
REQUIRED_FIELDS = ["organisation", "organisation_kind", "presentation", "title", "summary",
                   "project", "target_public", "beneficiaries", "requested_amount"]
REFERENCE_WORDS_IGNORED = {"appel", "appels", "projet", "projets", "pour", "les", "des", "aux"}


class ApplicationError(DomainError):
    """An action on an application that cannot be done; `field` names the form field."""


class Incomplete(ApplicationError):
    """A submission refused because something is missing; `missing` lists what."""

    def __init__(self, missing: list[str]):
        super().__init__(_("Votre candidature n'est pas complète : elle reste en brouillon."))
        self.missing = missing


# Calls: visibility, calendar, openness --------------------------------------------------


def published() -> Q:
    """Published calls of public processes (not reserved to a panel's members)."""
    return Q(is_published=True, process__in=Process.objects.published())


def public_calls() -> QuerySet[Call]:
    return Call.objects.filter(published())


def visible_calls(user) -> QuerySet[Call]:
    """Published calls for everyone, plus the calls one organises (to preview them)."""
    if not user.is_authenticated:
        return public_calls()
    return Call.objects.filter(published() | Q(pk__in=managed_calls(user).values("pk")))


def paris_moment(moment) -> str:
    """« 15 mars 2027 à 12 h 00 »: a moment to the minute, in Europe/Paris time."""
    return date_format(timezone.localtime(moment, PARIS), MOMENT_FORMAT)


def call_state(call: Call, now=None) -> str:
    """"upcoming", "open" (launched, deadline not reached) or "closed"."""
    now = now or timezone.now()
    if now < call.launched_at:
        return "upcoming"
    return "open" if now < call.deadline else "closed"


def late_message(call: Call) -> str:
    return _("La date limite de dépôt était le %s (heure de Paris).") % paris_moment(call.deadline)


def apply_decision(call: Call, user, now=None) -> Decision:
    """May this person start an application now? A published call, within its calendar (the
    one clock, `action_decision`, reads the launch and the deadline), and an account with a
    confirmed e-mail."""
    if not call.is_published:
        return Decision(False, _("Cet appel à projets n'est pas publié."))
    decision = action_decision(call.process, Action.APPLY, user, at=now, phases=False,
                               window=Window(call.launched_at, call.deadline))
    if decision.closed_at:
        return Decision(False, late_message(call), closed_at=decision.closed_at)
    if not decision:
        return decision
    if not user.is_authenticated:
        return Decision(False, _("Connectez-vous pour déposer une candidature."))
    if not user.has_level(VerificationLevel.EMAIL):
        return Decision(False, _("Confirmez votre adresse e-mail (lien reçu à l'inscription,"
                                 " ou nouveau lien depuis « Mon compte ») pour candidater."))
    return Decision(True)


@transaction.atomic
def save_call(call: Call, actor, created: bool) -> Call:
    call.save()
    audit.record(actor, "call.created" if created else "call.updated", call,
                 deadline=call.deadline.isoformat(), is_published=call.is_published)
    return call


# Who sees and changes an application -----------------------------------------------------


def can_read(user, application: Application) -> bool:
    """The contact always; once submitted, the call's organisers and jury too."""
    if not user.is_authenticated:
        return False
    if application.contact_id == user.pk:
        return True
    if application.status == ApplicationStatus.DRAFT:
        return False
    return can_manage_call(user, application.call) or jury_seat(user, application.call) is not None


def can_edit(user, application: Application, now=None) -> bool:
    """The contact edits a draft at any time (it is only theirs), an application found
    incomplete only until the deadline (after it, the jury reads what was submitted)."""
    if application.contact_id != user.pk or application.status not in EDITABLE:
        return False
    return (application.status == ApplicationStatus.DRAFT
            or call_state(application.call, now) == "open")


def with_details(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related("call__process", "contact").prefetch_related(
        Prefetch("budget_lines", BudgetLine.objects.order_by("kind", "position", "pk")),
        "partners",
    )


def applications_of(user) -> QuerySet[Application]:
    return Application.objects.filter(contact=user).select_related("call").order_by(
        "-updated_at", "-pk")


# Letters of intent -------------------------------------------------------------------------


def prepare_letter(upload):
    """Check a letter of intent (a PDF by its content, not its name; limited size); it is
    stored under a random name in the private storage."""
    if upload.size > settings.CALLS_LETTER_MAX_BYTES:
        limit = settings.CALLS_LETTER_MAX_BYTES // (1024 * 1024)
        raise ApplicationError(_("Ce fichier est trop lourd : %s Mo au plus.") % limit,
                               field="letter")
    if documents.kind(upload) != "pdf":
        raise ApplicationError(_("Ce fichier n'est pas un PDF : enregistrez la lettre au"
                                 " format PDF puis joignez-la de nouveau."), field="letter")
    return upload


def can_read_letter(user, partner: Partner) -> bool:
    """A letter of intent: for those who may read its application."""
    return can_read(user, partner.application)


def letter_filename(partner: Partner) -> str:
    return f"lettre-intention-{slugify(partner.name) or partner.pk}.pdf"


def forget_files(names) -> None:
    """Delete stored letters once the transaction that dropped them is committed."""
    names = [name for name in names if name]
    if names:
        storage = Partner.letter.field.storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


# Drafts ----------------------------------------------------------------------------------


@dataclass
class Changes:
    """Rows of a formset to store (new or changed, not yet saved) and rows to delete."""

    saved: list = field(default_factory=list)
    deleted: list = field(default_factory=list)


def save_draft(application: Application, actor, *, expenses: Changes, resources: Changes,
               partners: Changes, now=None) -> Application:
    """Create (in an open call) or update a draft, with its budget lines and partners."""
    now = now or timezone.now()
    creating = application.pk is None
    if creating:
        decision = apply_decision(application.call, actor, now)
        if not decision:
            raise ApplicationError(decision.reason)
        application.contact, application.status, application.created_at = (
            actor, ApplicationStatus.DRAFT, now)
    elif application.contact_id != actor.pk:
        raise PermissionDenied
    elif not can_edit(actor, application, now):
        raise ApplicationError(_("Cette candidature ne peut plus être modifiée.") + " " + (
            late_message(application.call) if application.status in EDITABLE
            else _("Elle est déposée : le jury examine ce qui a été déposé.")))
    with transaction.atomic():
        application.updated_at = now
        application.save()
        for kind, changes in ((BudgetLine.Kind.EXPENSE, expenses),
                              (BudgetLine.Kind.RESOURCE, resources)):
            _save_lines(application, kind, changes)
        _sync_aid_line(application)
        _save_partners(application, partners)
        if creating:
            audit.record(actor, "application.created", application, call=application.call.slug)
    return application


def _save_lines(application: Application, kind: str, changes: Changes) -> None:
    for line in changes.deleted:
        line.delete()
    # New lines go last; the aid line (position 0) stays first among the resources.
    last = application.budget_lines.filter(kind=kind).aggregate(last=Max("position"))["last"]
    position = (last or 0) + 1
    for line in changes.saved:
        line.application, line.kind = application, kind
        if line.pk is None:
            line.position, position = position, position + 1
        line.save()


def _sync_aid_line(application: Application) -> None:
    """The resource line « Aide demandée » always equals the requested amount."""
    aid = application.budget_lines.filter(kind=BudgetLine.Kind.RESOURCE, label=AID_LABEL)
    amount = application.requested_amount
    if not amount:
        aid.delete()
    elif not aid.update(amount=amount):
        application.budget_lines.create(kind=BudgetLine.Kind.RESOURCE, label=AID_LABEL,
                                        amount=amount, position=0)


def _save_partners(application: Application, changes: Changes) -> None:
    stored = dict(Partner.objects.filter(application=application).values_list("pk", "letter"))
    replaced = []
    for partner in changes.deleted:
        replaced.append(stored.get(partner.pk))
        partner.delete()
    for partner in changes.saved:
        previous = stored.get(partner.pk)
        partner.application = application
        partner.save()
        if previous and previous != partner.letter.name:
            replaced.append(previous)
    forget_files(replaced)


# Budget and completeness ----------------------------------------------------------------


@dataclass(frozen=True)
class BudgetTotals:
    expenses: int
    resources: int

    @property
    def gap(self) -> int:
        """How much the resources exceed (positive) or fall short of (negative) the expenses."""
        return self.resources - self.expenses

    @property
    def surplus(self) -> int:
        return max(self.gap, 0)

    @property
    def shortfall(self) -> int:
        return max(-self.gap, 0)


def budget_totals(application: Application) -> BudgetTotals:
    """From the (prefetched) lines: the aid line is a resource like the others."""
    totals = {BudgetLine.Kind.EXPENSE: 0, BudgetLine.Kind.RESOURCE: 0}
    for line in application.budget_lines.all():
        totals[line.kind] += line.amount
    return BudgetTotals(totals[BudgetLine.Kind.EXPENSE], totals[BudgetLine.Kind.RESOURCE])


def indicator_list(application: Application) -> list[str]:
    """The evaluation indicators, one a line."""
    return [line.strip(" -•\t") for line in application.indicators.splitlines()
            if line.strip(" -•\t")]


def missing(application: Application) -> list[str]:
    """What stops the application from being submitted, in French, in the form's order.

    The budget rule: total resources (the « Aide demandée » line, kept equal to the
    requested amount, included) equal total expenses."""
    call = application.call
    gaps = [
        _("À compléter : « %s ».") % capfirst(Application._meta.get_field(name).verbose_name)
        for name in REQUIRED_FIELDS if getattr(application, name) in (None, "")
    ]
    if not indicator_list(application):
        gaps.append(_("Indiquez au moins un indicateur d'évaluation."))
    amount = application.requested_amount
    if amount is not None and not amount_in_range(call, amount):
        gaps.append(amount_range_message(call))
    lines = list(application.budget_lines.all())
    if not any(line.kind == BudgetLine.Kind.EXPENSE for line in lines):
        gaps.append(_("Détaillez les dépenses du projet (au moins une ligne)."))
    totals = budget_totals(application)
    if totals.gap:
        gaps.append(_("Le budget n'est pas équilibré : %(expenses)s de dépenses pour"
                      " %(resources)s de ressources, aide demandée comprise (écart :"
                      " %(gap)s).") % {"expenses": euros(totals.expenses),
                                        "resources": euros(totals.resources),
                                        "gap": euros(abs(totals.gap))})
    gaps += [_("La lettre d'intention de « %s » manque.") % partner.name
             for partner in application.partners.all() if not partner.letter]
    return gaps


def amount_in_range(call: Call, amount: int) -> bool:
    return ((call.min_amount is None or amount >= call.min_amount)
            and (call.max_amount is None or amount <= call.max_amount))


def amount_range_message(call: Call) -> str:
    if call.min_amount is not None and call.max_amount is not None:
        return _("L'aide demandée doit être comprise entre %(min)s et %(max)s.") % {
            "min": euros(call.min_amount), "max": euros(call.max_amount)}
    if call.max_amount is not None:
        return _("L'aide demandée ne peut pas dépasser %s.") % euros(call.max_amount)
    return _("L'aide demandée doit être d'au moins %s.") % euros(call.min_amount or 0)


# Submission ------------------------------------------------------------------------------


def reference_prefix(call: Call) -> str:
    """« CD » for « Clic et Déclic 2027 »: the initials of the title's significant words."""
    plain = unicodedata.normalize("NFKD", call.title).encode("ascii", "ignore").decode()
    words = [word for word in re.findall(r"[A-Za-z]+", plain)
             if len(word) > 2 and word.lower() not in REFERENCE_WORDS_IGNORED]
    return "".join(word[0] for word in words).upper()[:4] or "AAP"


def next_reference(call: Call, now) -> str:
    """CD-2027-0007: prefix, year of submission (Paris), rank among that prefix and year."""
    stem = f"{reference_prefix(call)}-{timezone.localtime(now, PARIS).year}-"
    taken = Application.objects.filter(reference__startswith=stem).values_list(
        "reference", flat=True)
    numbers = [int(reference[len(stem):]) for reference in taken
               if reference[len(stem):].isdigit()]
    return f"{stem}{max(numbers, default=0) + 1:04d}"


def submit(application: Application, actor, now=None) -> Application:
    """Submit before the deadline (the server's clock at this moment decides): complete
    applications only; a reference, an acknowledgement e-mail, an audit entry."""
    now = now or timezone.now()
    attempts = 5  # two calls may share a reference prefix: retry on a clash
    while True:
        try:
            return _submit(application, actor, now)
        except IntegrityError:
            attempts -= 1
            if not attempts:
                raise


@transaction.atomic
def _submit(application: Application, actor, now) -> Application:
    application = with_details(Application.objects.select_for_update(of=("self",))).get(
        pk=application.pk)
    if application.contact_id != actor.pk:
        raise PermissionDenied
    if application.status not in EDITABLE:
        raise ApplicationError(_("Cette candidature est déjà déposée."))
    decision = apply_decision(application.call, actor, now)
    if not decision:
        raise ApplicationError(decision.reason)
    gaps = missing(application)
    if gaps:
        raise Incomplete(gaps)
    application.reference = application.reference or next_reference(application.call, now)
    application.status, application.submitted_at = ApplicationStatus.SUBMITTED, now
    application.updated_at, application.completeness_note = now, ""
    application.save(update_fields=["reference", "status", "submitted_at", "updated_at",
                                    "completeness_note"])
    audit.record(actor, "application.submitted", application, reference=application.reference,
                 call=application.call.slug)
    send_acknowledgement(application)
    return application


def send_acknowledgement(application: Application) -> None:
    """The acknowledgement of receipt: reference and summary (always sent: it is a receipt,
    not a notification the person may turn off)."""
    context = {
        "application": application,
        "call": application.call,
        "submitted_at": paris_moment(application.submitted_at),
        "deadline": paris_moment(application.call.deadline),
        "amount": euros(application.requested_amount or 0),
        "expenses": euros(budget_totals(application).expenses),
        "indicators": indicator_list(application),
        "url": absolute(application_url(application)),
        "SITE_NAME": settings.SITE_NAME,
    }
    subject = _("Candidature %(reference)s déposée — %(call)s") % {
        "reference": application.reference, "call": application.call.title}
    body = render_to_string("calls/application_acknowledgement.txt", context)
    queue_mail(application.contact.email, subject, body)


def application_url(application: Application) -> str:
    return reverse("calls:application", args=[application.pk])


# Organisers: admissibility --------------------------------------------------------------


REVIEW_MESSAGES = {
    ApplicationStatus.INCOMPLETE: (
        "application.incomplete",
        lambda application: _("Votre candidature %s est incomplète") % application.reference,
        lambda application: _("Ce qui manque : %(note)s\n\nVous pouvez la compléter et la"
                              " déposer de nouveau jusqu'au %(deadline)s (heure de Paris).")
        % {"note": application.completeness_note,
           "deadline": paris_moment(application.call.deadline)},
    ),
    ApplicationStatus.ADMISSIBLE: (
        "application.admissible",
        lambda application: _("Votre candidature %s est recevable") % application.reference,
        lambda application: _("Elle sera examinée par le jury de l'appel à projets"
                              " « %s ».") % application.call.title,
    ),
}


@transaction.atomic
def review(application: Application, actor, status: str, note: str = "") -> Application:
    """An organiser finds a submitted application incomplete (saying what is missing: the
    contact may complete it before the deadline) or admissible; the contact is notified."""
    if not can_manage_call(actor, application.call):
        raise PermissionDenied
    if status not in REVIEW_MESSAGES:
        raise ApplicationError(_("Choisissez « incomplète » ou « recevable »."), field="status")
    if application.status not in REVIEWABLE:
        raise ApplicationError(_("Seule une candidature déposée peut être déclarée incomplète"
                                 " ou recevable."))
    note = note.strip()
    if status == ApplicationStatus.INCOMPLETE and not note:
        raise ApplicationError(_("Indiquez ce qui manque : le message est envoyé au contact de"
                                 " la structure."), field="note")
    action, subject, message = REVIEW_MESSAGES[status]
    application.status = status
    application.completeness_note = note if status == ApplicationStatus.INCOMPLETE else ""
    application.save(update_fields=["status", "completeness_note"])
    audit.record(actor, action, application, note=note)
    notify(application.contact, kind=FOLLOWED_UPDATE, subject=subject(application),
           message=message(application), url=application_url(application), actor=actor)
    return application


# Personal data ---------------------------------------------------------------------------


def forget_contact(user) -> None:
    """Account deletion: the person's drafts (seen by nobody else) go; submitted
    applications are the organisations' records and stay, their contact anonymised by the
    account deletion itself."""
    drafts = Application.objects.filter(contact=user, status=ApplicationStatus.DRAFT)
    forget_files(Partner.objects.filter(application__in=drafts).values_list("letter", flat=True))
    drafts.delete()
