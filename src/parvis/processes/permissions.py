"""Who may manage which process (views, back office and API ask here)."""

from django.db.models import Q, QuerySet

from parvis.core.models import Commune, Role
from parvis.core.permissions import commune_scope
from parvis.processes.models import Process


def managed_processes(user) -> QuerySet[Process]:
    """Metropolis-wide managers manage every process; a commune's manager manages the
    processes that concern only communes in their scope."""
    scope = commune_scope(user, Role.PROCESS_MANAGER)
    if scope.everything:
        return Process.objects.all()
    if not scope:
        return Process.objects.none()
    outside = Commune.objects.exclude(pk__in=scope.commune_ids)
    return (
        Process.objects.filter(communes__in=scope.commune_ids)
        .exclude(communes__in=outside)
        .distinct()
    )


def can_manage_process(user, process: Process) -> bool:
    return managed_processes(user).filter(pk=process.pk).exists()


def visible_processes(user) -> QuerySet[Process]:
    """Published processes for everyone, plus the drafts of the processes one manages."""
    if not user.is_authenticated:
        return Process.objects.published()
    return Process.objects.filter(
        Q(is_published=True) | Q(pk__in=managed_processes(user).values("pk"))
    )
