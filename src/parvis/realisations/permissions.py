"""Who may follow up which realisation (back office, import, milestones). The pages and the
API are public."""

from django.db.models import Q, QuerySet

from parvis.core.models import Role
from parvis.core.permissions import agent_service_ids, commune_scope, has_role, is_administrator
from parvis.processes.permissions import managed_processes
from parvis.realisations.models import Realisation


def editable(user) -> QuerySet[Realisation]:
    """The realisations this person follows up: those of their services (agents), those of
    the processes they manage and, for the metropolis' process managers, those of no
    process (the strategy's commitments)."""
    if not user.is_authenticated:
        return Realisation.objects.none()
    if is_administrator(user):
        return Realisation.objects.all()
    allowed = Q(service_id__in=agent_service_ids(user)) | Q(process__in=managed_processes(user))
    if commune_scope(user, Role.PROCESS_MANAGER).everything:
        allowed |= Q(process=None)
    return Realisation.objects.filter(allowed)


def can_edit(user, realisation: Realisation) -> bool:
    return editable(user).filter(pk=realisation.pk).exists()


def can_follow_up(user) -> bool:
    """Open the back office's realisations at all."""
    return has_role(user, Role.AGENT) or has_role(user, Role.PROCESS_MANAGER)


def can_synchronise(user) -> bool:
    """Create the realisations of what was adopted: process managers."""
    return has_role(user, Role.PROCESS_MANAGER)
