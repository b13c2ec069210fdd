"""Domain rules of processes: which action is open, for whom, and changes to processes."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.core import audit, formats
from parvis.core.models import VerificationLevel
from parvis.processes.models import Action, Phase, Process
from parvis.processes.permissions import can_access_process


@dataclass(frozen=True)
class Decision:
    """May this person do this now? When not, `reason` says why, and `opens_at` or
    `closed_at` when the action opens (next) or closed, if it is a matter of dates."""

    allowed: bool
    reason: str = ""
    opens_at: datetime | None = None
    closed_at: datetime | None = None

    def __bool__(self):
        return self.allowed


@dataclass(frozen=True)
class Window:
    """A container's own dates for an action (a consultation's opening and closing, a call's
    launch and deadline): the action is open from `opens_at` until `closes_at` (excluded)."""

    opens_at: datetime | None = None
    closes_at: datetime | None = None


def action_label(action: str) -> str:
    """The action as a verb: « voter », « répondre à une consultation »…"""
    return str(dict(Action.choices).get(action, action))


# How a refusal names each action's opening and closing: « Le vote ouvre le 3 mars à 9 h »,
# « Les inscriptions ont fermé le 2 mars à 18 h », « Les inscriptions ne sont pas ouvertes ».
OPENS = {
    Action.SUBMIT: gettext_lazy("Le dépôt des propositions ouvre le %(moment)s."),
    Action.SUPPORT: gettext_lazy("Les soutiens ouvrent le %(moment)s."),
    Action.COMMENT: gettext_lazy("Les commentaires ouvrent le %(moment)s."),
    Action.ANSWER: gettext_lazy("La consultation ouvre le %(moment)s."),
    Action.REGISTER: gettext_lazy("Les inscriptions ouvrent le %(moment)s."),
    Action.VOTE: gettext_lazy("Le vote ouvre le %(moment)s."),
    Action.APPLY: gettext_lazy("Les candidatures ouvrent le %(moment)s."),
}
CLOSED = {
    Action.SUBMIT: gettext_lazy("Le dépôt des propositions a fermé le %(moment)s."),
    Action.SUPPORT: gettext_lazy("Les soutiens ont fermé le %(moment)s."),
    Action.COMMENT: gettext_lazy("Les commentaires ont fermé le %(moment)s."),
    Action.ANSWER: gettext_lazy("La consultation a fermé le %(moment)s."),
    Action.REGISTER: gettext_lazy("Les inscriptions ont fermé le %(moment)s."),
    Action.VOTE: gettext_lazy("Le vote a fermé le %(moment)s."),
    Action.APPLY: gettext_lazy("Les candidatures ont fermé le %(moment)s."),
}
NOT_OPEN = {
    Action.SUBMIT: gettext_lazy("Le dépôt des propositions n'est pas ouvert dans cette démarche."),
    Action.SUPPORT: gettext_lazy("Les soutiens ne sont pas ouverts dans cette démarche."),
    Action.COMMENT: gettext_lazy("Les commentaires ne sont pas ouverts dans cette démarche."),
    Action.ANSWER: gettext_lazy("Les réponses ne sont pas ouvertes dans cette démarche."),
    Action.REGISTER: gettext_lazy("Les inscriptions ne sont pas ouvertes dans cette démarche."),
    Action.VOTE: gettext_lazy("Le vote n'est pas ouvert dans cette démarche."),
    Action.APPLY: gettext_lazy("Les candidatures ne sont pas ouvertes dans cette démarche."),
}


def opens(action: str, when: datetime, now: datetime) -> Decision:
    message = OPENS.get(action) or gettext_lazy("Vous pourrez %(action)s à partir du %(moment)s.")
    return Decision(False, message % {"action": action_label(action),
                                      "moment": formats.moment(when, now)}, opens_at=when)


def closed(action: str, when: datetime, now: datetime) -> Decision:
    message = CLOSED.get(action) or gettext_lazy(
        "Il n'est plus possible de %(action)s depuis le %(moment)s.")
    return Decision(False, message % {"action": action_label(action),
                                      "moment": formats.moment(when, now)}, closed_at=when)


def _dated_decision(process: Process | None, action: str, window: Window | None,
                    at: datetime) -> Decision | None:
    """Why `action` is not open at `at`, as a matter of dates (the container's window, then
    the process' phases unless `process` is None); None when it is open."""
    if window and window.opens_at and at < window.opens_at:
        return opens(action, window.opens_at, at)
    if window and window.closes_at and at >= window.closes_at:
        return closed(action, window.closes_at, at)
    if process is None or process.is_open_for(action, at):
        return None
    phases = [phase for phase in process.phases.all() if action in phase.actions]
    later = [phase.starts_at for phase in phases if phase.starts_at > at]
    earlier = [phase.ends_at for phase in phases if phase.ends_at <= at]
    if later:
        return opens(action, min(later), at)
    if earlier:
        return closed(action, max(earlier), at)
    return Decision(False, str(NOT_OPEN.get(action)
                               or _("Cette action n'est pas ouverte dans cette démarche.")))


def action_decision(
    process: Process | None,
    action: Action | str,
    user,
    required_level: int = VerificationLevel.NONE,
    at=None,
    window: Window | None = None,
    phases: bool = True,
    accessible: bool | None = None,
) -> Decision:
    """Is `action` open now, for this person, in `process` (its phases) and within the
    container's own `window`? The one question every tool asks. A container outside any
    process passes `process=None` and its window; one whose own calendar alone dates the
    action (a call for projects' launch and deadline) passes `phases=False`. `accessible`
    is whether the person may take part in `process`, when the caller knows it already
    (`permissions.may_take_part`); None asks the database."""
    at = at or timezone.now()
    if process is not None:
        if not process.is_published:
            return Decision(False, _("Cette démarche n'est pas publiée."))
        if accessible is None:
            accessible = can_access_process(user, process)
        if not accessible:
            return Decision(False,
                            _("Cette démarche est réservée aux membres d'un panel citoyen."))
    dated = _dated_decision(process if phases else None, str(action), window, at)
    if dated is not None:
        return dated
    if required_level > VerificationLevel.NONE:
        if not user.is_authenticated:
            return Decision(False, _("Connectez-vous pour participer."))
        if not user.has_level(required_level):
            label = VerificationLevel(required_level).label
            message = _("Cette action demande le niveau de vérification : %s.")
            return Decision(False, message % label)
    return Decision(True)


@transaction.atomic
def save_process(process: Process, actor, created: bool) -> Process:
    process.save()
    audit.record(actor, "process.created" if created else "process.updated", process)
    return process


@transaction.atomic
def save_phase(phase: Phase, actor, created: bool) -> Phase:
    phase.save()
    audit.record(
        actor,
        "phase.created" if created else "phase.updated",
        phase.process,
        phase=phase.title,
        starts_at=phase.starts_at.isoformat(),
        ends_at=phase.ends_at.isoformat(),
        actions=phase.actions,
    )
    return phase
