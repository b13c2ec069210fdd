"""The measures computed from the platform's own data (processes, the accessibility
statement); the tools declare theirs in their own modules."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core import modules
from parvis.core.accessibility import conformity_rate
from parvis.processes.models import Action, Phase, Process

# Actions through which inhabitants shape a project (rather than only register or apply).
CO_DESIGN_ACTIONS = [Action.SUBMIT, Action.COMMENT, Action.ANSWER, Action.VOTE]


def co_designed_share(day: date) -> Decimal | None:
    """Among the published public processes started by `day`, the share (percent) with a
    phase, started by then, opening a contribution (proposing, commenting, answering or
    voting)."""
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    started = Process.objects.published().with_dates().filter(starts_at__lt=end)
    total = started.count()
    if not total:
        return None
    phases = Phase.objects.filter(starts_at__lt=end, process__in=started.values("pk"))
    co_designed = {process for process, actions in phases.values_list("process", "actions")
                   if set(actions or ()) & set(CO_DESIGN_ACTIONS)}
    return Decimal(100 * len(co_designed)) / total


def rgaa_conformity(day: date) -> Decimal | None:
    """The RGAA 4.1 conformity rate the accessibility statement publishes."""
    return conformity_rate()


MEASURES = {
    "processes.co_designed_share": modules.Measure(
        _("Part des démarches publiques co-construites avec les habitants"), "%",
        co_designed_share),
    "core.rgaa_conformity": modules.Measure(
        _("Taux de conformité RGAA 4.1 de Parvis"), "%", rgaa_conformity),
}
