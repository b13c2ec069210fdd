"""Fixtures of the strategy tests: an axis, a commitment and indicators with a plan."""

import itertools
from datetime import date
from decimal import Decimal

import pytest

from parvis.indicators.models import Axis, Commitment, Indicator

_counter = itertools.count(1)


@pytest.fixture
def commitment(db):
    number = next(_counter)
    axis = Axis.objects.create(number=number, slug=f"axe-{number}", title=f"Axe d'essai {number}")
    return Commitment.objects.create(axis=axis, number=1, title="Former les habitants")


@pytest.fixture
def make_indicator(commitment):
    """An indicator from 0 on 2025-01-01 to 1000 on 2027-01-01 (a straight path reaching
    500 on 2026-01-01), unless told otherwise."""

    def make(**fields):
        number = next(_counter)
        values = {"commitment": commitment, "code": f"indicateur-{number}",
                  "name": f"Personnes formées {number}", "unit": "personnes",
                  "baseline": Decimal(0), "baseline_on": date(2025, 1, 1),
                  "target": Decimal(1000), "target_on": date(2027, 1, 1),
                  "source": "Bilans", "owner_service": "Direction du numérique",
                  "method": "Cumul des personnes formées.", **fields}
        return Indicator.objects.create(**values)

    return make
