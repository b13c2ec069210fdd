"""Who may run which call for projects (views, back office and API ask here)."""

from django.db.models import QuerySet

from parvis.calls.models import Call, JuryMember
from parvis.core.models import Role
from parvis.core.permissions import has_role
from parvis.processes.permissions import managed_processes


def managed_calls(user) -> QuerySet[Call]:
    """Organisers: the managers of the call's process."""
    return Call.objects.filter(process__in=managed_processes(user))


def can_manage_call(user, call: Call) -> bool:
    return managed_calls(user).filter(pk=call.pk).exists()


def jury_seat(user, call: Call) -> JuryMember | None:
    if not user.is_authenticated:
        return None
    return call.jury.filter(user=user).first()


def is_jury_member(user) -> bool:
    """Whether the menu offers the jury space (the role comes with a seat on a jury)."""
    return has_role(user, Role.JURY_MEMBER) and not user.is_superuser
