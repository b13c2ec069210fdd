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
from parvis.processes.models import Process, reserved_processes


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


def with_reservation(queryset: QuerySet, field: str = "process") -> QuerySet:
    """`queryset` (of processes' containers) with `process_reserved`: whether a module
    reserves the process named by `field` to a group of people, read in the same query as
    the container. With it, `may_take_part` asks nothing more of a public process."""
    return queryset.annotate(process_reserved=Exists(
        Process.objects.filter(reserved_processes(), pk=OuterRef(field))))


def may_take_part(user, process: Process, reserved: bool) -> bool:
    """Whether `user` may take part in `process` (as `accessible_processes` says), knowing
    whether a module reserves it (`with_reservation`): a published process nobody reserves
    is open to everyone and asks nothing more; a reserved one asks the modules' audiences."""
    if not process.is_published:
        return False
    return not reserved or can_access_process(user, process)


def visible_processes(user) -> QuerySet[Process]:
    """The processes one may open: the accessible ones, plus those one manages (drafts
    included)."""
    if not user.is_authenticated:
        return Process.objects.published()
    return Process.objects.filter(
        Q(pk__in=accessible_processes(user).values("pk"))
        | Q(pk__in=managed_processes(user).values("pk"))
    )
