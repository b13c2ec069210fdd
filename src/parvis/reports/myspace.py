"""Reports in « Mon espace »: mine with their status; for agents, the new reports of their
services."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parvis.core.modules import Entry, section
from parvis.reports.models import Report, Status
from parvis.reports.permissions import can_use_inbox, inbox_reports


def my_space(user) -> list:
    reports = Report.objects.filter(reporter=user).order_by("-created_at", "-pk")
    return [section(_("Mes signalements"), reports, lambda report: Entry(
        report.title, report.get_absolute_url(),
        f"{report.tracking_code} · {report.get_status_display()}",
    ), reverse("reports:mine"))]


def awaiting(user) -> list[Entry]:
    if not can_use_inbox(user):
        return []
    new = inbox_reports(user).filter(status=Status.NEW).count()
    return [Entry(ngettext("%(count)d nouveau signalement de mes services",
                           "%(count)d nouveaux signalements de mes services", new)
                  % {"count": new}, reverse("reports:inbox"))]
