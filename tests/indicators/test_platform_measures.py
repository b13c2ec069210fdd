"""The measures computed from the platform's own data: co-designed processes, RGAA rate."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from parvis.core import modules
from parvis.processes.models import Action


def test_the_co_designed_share_counts_processes_opening_a_contribution(make_process):
    today = timezone.localdate()
    make_process([Action.SUBMIT])
    make_process([Action.ANSWER, Action.REGISTER])
    make_process([Action.REGISTER])  # an event only: not co-designed
    make_process([Action.APPLY])
    make_process([Action.VOTE], published=False)  # not public
    make_process(phases=[("Plus tard", 10, 20, [Action.VOTE])])  # not started yet
    measure = modules.measures()["processes.co_designed_share"]
    assert measure.compute(today) == Decimal(50)
    assert measure.compute(today - timedelta(days=5)) is None  # nothing had started


def test_the_rgaa_rate_is_the_one_the_accessibility_statement_publishes(client, settings):
    measure = modules.measures()["core.rgaa_conformity"]
    settings.RGAA_CONFORMITY_RATE = ""
    assert measure.compute(timezone.localdate()) is None
    assert "reste à conduire" in client.get(reverse("accessibility")).content.decode()
    settings.RGAA_CONFORMITY_RATE = "87,5"
    assert measure.compute(timezone.localdate()) == Decimal("87.5")
    assert "taux de conformité de 87,5 %" in client.get(reverse("accessibility")).content.decode()
    settings.RGAA_CONFORMITY_RATE = "150"
    assert measure.compute(timezone.localdate()) is None
