"""Who may handle which report: the agent inbox, its detail pages and the back office ask here.

An agent sees and handles the reports of the services they work in; administrators, all.
"""

from django.db.models import QuerySet

from parvis.core.models import Role
from parvis.core.permissions import has_role, is_agent_of, visible_services
from parvis.reports.models import Report


def can_use_inbox(user) -> bool:
    """Agents of a service (and administrators) work in the inbox."""
    return has_role(user, Role.AGENT)


def inbox_reports(user) -> QuerySet[Report]:
    """The reports of the services the person is an agent of."""
    if not can_use_inbox(user):
        return Report.objects.none()
    return Report.objects.filter(service__in=visible_services(user))


def can_handle(user, report: Report) -> bool:
    """Change the status of a report, read its private details and internal notes."""
    return is_agent_of(user, report.service)
