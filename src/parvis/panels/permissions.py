"""Who may run which panel, and who belongs to it (views, back office and API ask here)."""

from django.db.models import Q, QuerySet

from parvis.panels.models import Member, Panel
from parvis.processes.permissions import managed_processes


def managed_panels(user) -> QuerySet[Panel]:
    """Organisers: the managers of the panel's process."""
    return Panel.objects.filter(process__in=managed_processes(user))


def can_manage_panel(user, panel: Panel) -> bool:
    return managed_panels(user).filter(pk=panel.pk).exists()


def active_membership(user, panel: Panel) -> Member | None:
    if not user.is_authenticated:
        return None
    return panel.members.filter(user=user, withdrawn_at=None).first()


def is_active_member(user, panel: Panel) -> bool:
    return active_membership(user, panel) is not None


# The panels' audience (parvis.core.modules.Audience): a panel's members' space is reserved to
# its active members and to its organisers (the managers of the panel's process).


def reserved_processes() -> Q:
    return Q(member_panels__isnull=False)


def processes_open_to(user) -> Q:
    return (Q(member_panels__members__user=user, member_panels__members__withdrawn_at=None)
            | Q(member_panels__process__in=managed_processes(user)))
