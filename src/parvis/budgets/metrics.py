"""The budgets' figures an operator follows (Prometheus, through the module registry)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from parvis.budgets.models import Ballot
from parvis.core.modules import Metric


def ballots_by_channel() -> dict[str, int]:
    rows = Ballot.objects.order_by().values_list("channel").annotate(count=Count("id"))
    return dict(rows)


METRICS = {"ballots": Metric(_("Bulletins de budget participatif enregistrés, par canal"),
                             ballots_by_channel, label="channel")}
