"""Who may run which panel, and who belongs to it (views, back office and API ask here)."""

from django.db.models import QuerySet

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
