"""The reports' figures an operator follows (Prometheus, through the module registry)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from parvis.core.modules import Metric
from parvis.reports.models import Report


def reports_by_status() -> dict[str, int]:
    rows = Report.objects.order_by().values_list("status").annotate(count=Count("id"))
    return dict(rows)


METRICS = {"reports": Metric(_("Signalements enregistrés, par statut"), reports_by_status,
                             label="status")}
