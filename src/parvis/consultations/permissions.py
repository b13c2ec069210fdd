"""Who may answer a consultation, and who manages it (views, back office and API ask here)."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from parvis.consultations.models import Audience, Consultation
from parvis.core import modules
from parvis.core.models import VerificationLevel
from parvis.core.permissions import is_administrator
from parvis.processes.models import Action
from parvis.processes.permissions import accessible_processes, managed_processes
from parvis.processes.services import Decision, Window, action_decision


def managed_consultations(user) -> QuerySet[Consultation]:
    """Administrators manage every consultation, process managers those of their processes."""
    if is_administrator(user):
        return Consultation.objects.all()
    return Consultation.objects.filter(process__in=managed_processes(user))


def can_manage(user, consultation: Consultation) -> bool:
    return managed_consultations(user).filter(pk=consultation.pk).exists()


def visible_consultations(user) -> QuerySet[Consultation]:
    """Published consultations outside any process or in one open to this person (a
    process reserved to a panel is open to its members only), plus those they manage."""
    reachable = Q(process__isnull=True) | Q(process__in=accessible_processes(user))
    published = Q(is_published=True) & reachable
    if not user.is_authenticated:
        return Consultation.objects.filter(published)
    return Consultation.objects.filter(
        published | Q(pk__in=managed_consultations(user).values("pk"))
    )


def _audience_decision(consultation: Consultation, user) -> Decision:
    if consultation.audience == Audience.ANYONE:
        return Decision(True)
    if not user.is_authenticated:
        return Decision(False, _("Connectez-vous pour répondre à cette consultation."))
    if consultation.audience == Audience.VERIFIED and not user.has_level(
        consultation.required_level
    ):
        label = VerificationLevel(consultation.required_level).label
        return Decision(False, _("Cette consultation demande le niveau de vérification : %s.")
                        % label)
    if consultation.audience == Audience.PANEL:
        return _panel_decision(consultation.panel, user)
    return Decision(True)


def _panel_decision(panel, user) -> Decision:
    if panel is None:
        return Decision(False, _("Cette consultation est réservée à un panel qui n'est pas"
                                 " encore choisi."))
    if not modules.audience_of(panel._meta.label).is_member(user, panel):
        return Decision(False, _("Cette consultation est réservée aux membres du panel"
                                 " « %s ».") % panel.title)
    return Decision(True)


def answer_decision(consultation: Consultation, user, at=None) -> Decision:
    """May this person answer now? Publication, then the one clock (the consultation's own
    dates and its process' phases), then the audience."""
    if not consultation.is_published:
        return Decision(False, _("Cette consultation n'est pas publiée."))
    required = consultation.required_level if consultation.audience == Audience.VERIFIED else 0
    decision = action_decision(consultation.process, Action.ANSWER, user, required, at=at,
                               window=Window(consultation.opens_at, consultation.closes_at))
    if not decision:
        return decision
    return _audience_decision(consultation, user)
