"""Lifetime and refurbishment indicators of a device, from its history (pure module).

The history is the list of the device's events in the order they were recorded, each a
(kind, day) pair; only loans starting and ending matter here. A loan still running counts
until `today`. Inconsistent histories (an end without a start, two starts in a row) are
read leniently: an end without a start is ignored; a start while a loan runs counts as a
loan, its days running from the first start. Days on loan never exceed the device's age.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

LOAN_STARTED = "loan_started"
LOAN_ENDED = "loan_ended"
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Indicators:
    age_days: int
    loans: int
    days_on_loan: int
    on_loan: bool

    @property
    def age_years(self) -> float:
        return round(self.age_days / DAYS_PER_YEAR, 1)

    @property
    def usage_rate(self) -> int:
        """Share of the device's life spent on loan, in percent."""
        return round(100 * self.days_on_loan / self.age_days) if self.age_days else 0


def compute(acquired_on: date, history: Iterable[tuple[str, date]], today: date) -> Indicators:
    loans = days = 0
    started = None
    for kind, day in history:
        if kind == LOAN_STARTED:
            loans += 1
            started = started or day
        elif kind == LOAN_ENDED and started is not None:
            days += max((day - started).days, 0)
            started = None
    if started is not None:
        days += max((today - started).days, 0)
    age = max((today - acquired_on).days, 0)
    return Indicators(age_days=age, loans=loans, days_on_loan=min(days, age),
                      on_loan=started is not None)
