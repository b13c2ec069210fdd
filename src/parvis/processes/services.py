"""Domain rules of processes: which action is open, for whom, and changes to processes."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core import audit
from parvis.core.models import VerificationLevel
from parvis.processes.models import Action, Phase, Process
from parvis.processes.permissions import can_access_process


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed


def action_decision(
    process: Process,
    action: Action | str,
    user,
    required_level: int = VerificationLevel.NONE,
    at=None,
) -> Decision:
    """Is `action` open in `process` now, for this person? The one question every tool asks."""
    if not process.is_published:
        return Decision(False, _("Cette démarche n'est pas publiée."))
    if not can_access_process(user, process):
        return Decision(False, _("Cette démarche est réservée aux membres d'un panel citoyen."))
    phase = process.current_phase(at or timezone.now())
    if phase is None or action not in phase.actions:
        return Decision(False, _("Cette action n'est pas ouverte dans la phase actuelle."))
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
