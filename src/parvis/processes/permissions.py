"""Who may manage which process, and who may see and take part in it (views, back office
and API ask here).

A module may reserve a process to a group of people it keeps (a citizen panel's members'
space, see `parvis.core.modules.Audience`). Its consultations, debates, events and idea
boxes are then open to the people the module admits only, and left out of every public
list, feed and API (`Process.objects.published()` excludes it)."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from parvis.core import modules
from parvis.core.models import Commune, Role, User
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


def process_managers(process: Process) -> list[User]:
    """The active accounts that manage `process` (told of what needs their attention)."""
    candidates = User.objects.filter(
        role_grants__role=Role.PROCESS_MANAGER, is_active=True
    ).distinct()
    return [user for user in candidates if can_manage_process(user, process)]


def accessible_processes(user) -> QuerySet[Process]:
    """Published processes this person may see and take part in: every public one, and
    the reserved ones a module opens to them (a panel's space to its active members and
    organisers). `user` may be None: nobody in particular."""
    if user is None or not user.is_authenticated:
        return Process.objects.published()
    open_to = Q(pk__in=[])
    for audience in modules.audiences():
        open_to |= audience.open_to(user)
    reserved = Process.objects.filter(open_to)
    return Process.objects.filter(
        Q(pk__in=Process.objects.published().values("pk"))
        | Q(is_published=True, pk__in=reserved.values("pk"))
    )


def can_access_process(user, process: Process) -> bool:
    return accessible_processes(user).filter(pk=process.pk).exists()


def with_access(queryset: QuerySet, user, field: str = "process") -> QuerySet:
    """`queryset` (of processes' containers) with `process_accessible`: whether `user` may
    take part in the process named by `field`, read in the same query as the container
    (`action_decision(..., accessible=...)` then asks nothing more)."""
    return queryset.annotate(process_accessible=Exists(
        accessible_processes(user).filter(pk=OuterRef(field))))


def visible_processes(user) -> QuerySet[Process]:
    """The processes one may open: the accessible ones, plus those one manages (drafts
    included)."""
    if not user.is_authenticated:
        return Process.objects.published()
    return Process.objects.filter(
        Q(pk__in=accessible_processes(user).values("pk"))
        | Q(pk__in=managed_processes(user).values("pk"))
    )
