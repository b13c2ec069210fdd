"""The pure computations of progress: the straight path to a target, ahead or behind, trend."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from parvis.indicators.progress import DECREASE, Plan, Status, Trend

TRAINED = Plan(Decimal(0), date(2025, 1, 1), Decimal(1000), date(2027, 1, 1))
# Electricity: 4,850 MWh in 2022, -15 % by the end of 2026.
ELECTRICITY = Plan(Decimal(4850), date(2022, 12, 31), Decimal("4122.5"), date(2026, 12, 31),
                   DECREASE)

values = st.decimals(min_value=-10**6, max_value=10**6, places=2)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2050, 1, 1))


def test_the_path_is_a_straight_line_from_the_baseline_to_the_target():
    assert TRAINED.expected_on(date(2026, 1, 1)) == 500
    assert TRAINED.expected_on(date(2025, 7, 2)) == Decimal(1000) * 182 / 730
    assert TRAINED.expected_on(date(2024, 6, 1)) == 0  # before the baseline
    assert TRAINED.expected_on(date(2030, 1, 1)) == 1000  # after the target's date
    # 731 days of 1,461 (2024 is a leap year): about half the way down.
    assert ELECTRICITY.expected_on(date(2024, 12, 31)) == (
        Decimal(4850) - Decimal("727.5") * 731 / 1461)


def test_a_value_is_ahead_at_or_beyond_the_path_and_behind_short_of_it():
    assert TRAINED.status(Decimal(500), date(2026, 1, 1)) == Status.AHEAD
    assert TRAINED.status(Decimal("499.99"), date(2026, 1, 1)) == Status.BEHIND
    assert TRAINED.status(Decimal(1000), date(2025, 2, 1)) == Status.REACHED
    assert TRAINED.status(None, None) == Status.NO_DATA
    # Lower is better: 4,420 MWh at the end of 2024 is below the path's 4,486.
    assert ELECTRICITY.status(Decimal(4420), date(2024, 12, 31)) == Status.AHEAD
    assert ELECTRICITY.status(Decimal(4500), date(2024, 12, 31)) == Status.BEHIND
    assert ELECTRICITY.status(Decimal(4100), date(2024, 12, 31)) == Status.REACHED


def test_progress_is_the_share_of_the_way_covered():
    assert TRAINED.progress(Decimal(250)) == 25
    assert ELECTRICITY.progress(Decimal("4486.25")) == 50
    assert ELECTRICITY.progress(Decimal(4900)) < 0  # the wrong way


def test_the_trend_compares_the_last_two_values_in_the_indicator_direction():
    assert TRAINED.trend([Decimal(1), Decimal(2)]) == Trend.BETTER
    assert TRAINED.trend([Decimal(2), Decimal(1)]) == Trend.WORSE
    assert ELECTRICITY.trend([Decimal(4800), Decimal(4700)]) == Trend.BETTER
    assert TRAINED.trend([Decimal(2), Decimal(2)]) == Trend.STABLE
    assert TRAINED.trend([Decimal(2)]) == Trend.UNKNOWN


@given(baseline=values, target=values, start=days, length=st.integers(1, 10_000),
       offset=st.integers(-100, 11_000))
def test_the_path_stays_between_baseline_and_target(baseline, target, start, length, offset):
    plan = Plan(baseline, start, target, start + timedelta(days=length))
    expected = plan.expected_on(start + timedelta(days=offset))
    assert min(baseline, target) <= expected <= max(baseline, target)
    assert plan.expected_on(start) == baseline
    assert plan.expected_on(start + timedelta(days=length)) == target


@given(baseline=values, target=values, value=values, day=days)
def test_the_status_agrees_with_the_path(baseline, target, value, day):
    direction = DECREASE if target < baseline else "increase"
    plan = Plan(baseline, date(2020, 1, 1), target, date(2030, 1, 1), direction)
    status = plan.status(value, day)
    on_path = plan.expected_on(day)
    if status == Status.REACHED:
        assert plan.better(value, target)
    elif status == Status.AHEAD:
        assert plan.better(value, on_path)
    else:
        assert status == Status.BEHIND and not plan.better(value, on_path)
    if baseline != target:
        assert plan.progress(baseline) == 0 and plan.progress(target) == 100
