"""Decisions on applications and the publication of the laureates.

Organisers record a decision per application once the jury may work (deadline passed, an
elected official on the jury) and until the laureates are published; the applicant is
notified of each decision. Publishing needs a decision on every application before the jury.
"""

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.calls.jury import JURY_STATUSES, JuryError, jury_applications, jury_gate, require
from parvis.calls.models import Application, ApplicationStatus, Call, Decision
from parvis.core import audit, modules
from parvis.core.formats import euros
from parvis.notifications.models import FOLLOWED_UPDATE
from parvis.notifications.services import notify
from parvis.processes.services import Decision as Verdict


def decision_gate(call: Call, now=None) -> Verdict:
    if call.laureates_published_at is not None:
        return Verdict(False, _("Les lauréats sont publiés : les décisions ne changent plus."))
    return jury_gate(call, now)


def check_amount(call: Call, selected: bool, amount: int | None) -> None:
    if not selected:
        if amount:
            raise JuryError(_("Une candidature non retenue ne reçoit pas d'aide : laissez le"
                              " montant vide."), field="amount")
        return
    if amount is None and (call.min_amount or call.max_amount):
        raise JuryError(_("Indiquez le montant accordé à une candidature retenue."), field="amount")
    if amount is not None and call.min_amount is not None and amount < call.min_amount:
        raise JuryError(_("Le montant accordé ne peut pas être inférieur à l'aide minimale de"
                          " l'appel (%s).") % euros(call.min_amount), field="amount")
    if amount is not None and call.max_amount is not None and amount > call.max_amount:
        raise JuryError(_("Le montant accordé ne peut pas dépasser l'aide maximale de l'appel"
                          " (%s).") % euros(call.max_amount), field="amount")


@transaction.atomic
def record_decision(actor, application: Application, *, selected: bool, amount: int | None,
                    in_kind: str = "", motivation: str = "", now=None) -> Decision:
    call = application.call
    require(decision_gate(call, now))
    if application.status not in JURY_STATUSES:
        raise JuryError(_("Cette candidature n'est pas soumise au jury."))
    check_amount(call, selected, amount)
    changed = hasattr(application, "decision")
    decision, _created = Decision.objects.update_or_create(
        application=application,
        defaults={"selected": selected, "amount": amount if selected else None,
                  "in_kind": in_kind if selected else "", "motivation": motivation,
                  "decided_at": now or timezone.now(), "decided_by": actor},
    )
    application.status = (ApplicationStatus.SELECTED if selected
                          else ApplicationStatus.NOT_SELECTED)
    application.save(update_fields=["status"])
    audit.record(actor, "calls.decision_recorded", application, selected=selected,
                 amount=decision.amount, in_kind=decision.in_kind, changed=changed)
    notify_applicant(decision, actor, changed)
    return decision


def notify_applicant(decision: Decision, actor, changed: bool) -> None:
    application = decision.application
    if decision.selected:
        outcome = _("Votre projet « %s » est retenu.") % application.title
        if decision.amount:
            outcome += " " + _("Aide accordée : %s.") % euros(decision.amount)
        if decision.in_kind:
            outcome += " " + _("Soutien en nature : %s.") % decision.in_kind
    else:
        outcome = _("Votre projet « %s » n'est pas retenu.") % application.title
    if decision.motivation:
        outcome += "\n\n" + _("Motivation du jury : %s") % decision.motivation
    subject = (_("Décision modifiée sur votre candidature à « %s »") if changed
               else _("Décision sur votre candidature à « %s »")) % application.call.title
    notify(application.contact, kind=FOLLOWED_UPDATE, subject=subject, message=outcome,
           url=reverse("calls:application", args=[application.pk]), actor=actor)


def total_granted(call: Call) -> int:
    return Decision.objects.filter(application__call=call, selected=True).aggregate(
        total=Sum("amount"))["total"] or 0


def undecided(call: Call) -> QuerySet[Application]:
    return jury_applications(call).filter(decision__isnull=True)


@transaction.atomic
def publish_laureates(actor, call: Call, now=None) -> None:
    require(decision_gate(call, now))
    waiting = list(undecided(call).values_list("organisation", flat=True))
    if waiting:
        raise JuryError(_("Décidez d'abord sur chaque candidature ; sans décision : %s.")
                        % ", ".join(waiting))
    if not laureates_of(call).exists():
        raise JuryError(_("Aucune candidature n'est retenue : il n'y a pas de lauréat à"
                          " publier."))
    call.laureates_published_at = now or timezone.now()
    call.save(update_fields=["laureates_published_at"])
    audit.record(actor, "calls.laureates_published", call, laureates=laureates(call).count(),
                 total_granted=total_granted(call))
    modules.adoptions_changed("calls")


def laureates_of(call: Call) -> QuerySet[Application]:
    return (Application.objects.filter(call=call, decision__selected=True)
            .select_related("decision").order_by("-decision__amount", "organisation", "pk"))


def laureates(call: Call) -> QuerySet[Application]:
    """The published laureates of a call (with their `decision`); none before publication.
    Public: organisation, project title, summary, amount and in-kind support only."""
    if call.laureates_published_at is None or not call.is_published:
        return Application.objects.none()
    return laureates_of(call)
