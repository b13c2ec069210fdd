"""Progress of an indicator towards its target (pure module, no Django).

The path to a target is the straight line from the baseline (value and day) to the target
(value and day). A measured value is « en avance » when it is at or beyond the path on its
day, in the indicator's direction (higher is better, or lower is better), « en retard »
otherwise, and « atteint » once it reaches the target.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

INCREASE = "increase"
DECREASE = "decrease"


class Status(StrEnum):
    REACHED = "reached"
    AHEAD = "ahead"
    BEHIND = "behind"
    NO_DATA = "no_data"


class Trend(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    STABLE = "stable"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Plan:
    """An indicator's baseline, target and direction."""

    baseline: Decimal
    baseline_on: date
    target: Decimal
    target_on: date
    direction: str = INCREASE

    def expected_on(self, day: date) -> Decimal:
        """The value on the straight path from the baseline to the target on `day` (the
        baseline before it starts, the target after its date)."""
        span = (self.target_on - self.baseline_on).days
        if span <= 0 or day >= self.target_on:
            return self.target
        if day <= self.baseline_on:
            return self.baseline
        elapsed = Decimal((day - self.baseline_on).days) / Decimal(span)
        return self.baseline + (self.target - self.baseline) * elapsed

    def better(self, value: Decimal, than: Decimal) -> bool:
        """Whether `value` is at least as good as `than` in the indicator's direction."""
        return value >= than if self.direction == INCREASE else value <= than

    def progress(self, value: Decimal) -> Decimal:
        """The share of the way from the baseline to the target covered, in percent (may be
        below 0 when the value went the wrong way, or above 100 past the target)."""
        gap = self.target - self.baseline
        if gap == 0:
            return Decimal(100) if self.better(value, self.target) else Decimal(0)
        return (value - self.baseline) / gap * 100

    def status(self, value: Decimal | None, day: date | None) -> Status:
        if value is None or day is None:
            return Status.NO_DATA
        if self.better(value, self.target):
            return Status.REACHED
        return Status.AHEAD if self.better(value, self.expected_on(day)) else Status.BEHIND

    def trend(self, values: Sequence[Decimal]) -> Trend:
        """How the last value compares with the one before it, in the indicator's direction."""
        if len(values) < 2:
            return Trend.UNKNOWN
        last, before = values[-1], values[-2]
        if last == before:
            return Trend.STABLE
        return Trend.BETTER if self.better(last, before) else Trend.WORSE
