"""The IT equipment's carbon footprint (pure module, no Django).

Each piece of equipment carries the emissions of its manufacture (ADEME factors, smaller for
a refurbished one), spread over its lifetime: its actual lifetime once retired; while in
service, its age or the category's reference lifetime (the average lifetime of the retired
ones, else the strategy's target), whichever is longer. A year's footprint adds, for each
piece in service that year, its share of manufacture and its electricity use, both in
proportion of the days of the year it was in service. Keeping equipment one year longer
spreads its manufacture over one more year: that is the saving shown for each category.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

DAYS_PER_YEAR = Decimal("365.25")
LAPTOP, DESKTOP, SCREEN, SMARTPHONE, TABLET = "laptop", "desktop", "screen", "smartphone", "tablet"
CATEGORIES = (LAPTOP, DESKTOP, SCREEN, SMARTPHONE, TABLET)
# The strategy's lifetime targets, in years.
TARGET_LIFETIMES = {LAPTOP: Decimal(7), DESKTOP: Decimal(8), SCREEN: Decimal(10),
                    SMARTPHONE: Decimal(4)}
# Reference lifetimes of a category with no retired equipment yet: the target, else 5 years.
DEFAULT_LIFETIME = Decimal(5)
REUSE, REFURBISHMENT, RECYCLING = "reuse", "refurbishment", "recycling"
SECOND_LIFE = {REUSE, REFURBISHMENT}


@dataclass(frozen=True)
class Factor:
    manufacture_kg: Decimal
    refurbished_kg: Decimal
    use_kg_per_year: Decimal


@dataclass(frozen=True)
class Item:
    category: str
    acquired_on: date
    refurbished: bool = False
    retired_on: date | None = None
    outcome: str = ""
    working: bool = True  # in working order when retired


@dataclass(frozen=True)
class Line:
    """A category's footprint in a year, in kg CO2e."""

    category: str
    in_service: int
    manufacture_kg: Decimal
    use_kg: Decimal
    one_more_year_saving_kg: Decimal = Decimal(0)

    @property
    def total_kg(self) -> Decimal:
        return self.manufacture_kg + self.use_kg


def as_of(items: Iterable[Item], day: date) -> list[Item]:
    """The inventory as it stood on `day`: later acquisitions left out, later retirements
    not yet known."""
    return [item if item.retired_on is None or item.retired_on <= day
            else replace(item, retired_on=None, outcome="")
            for item in items if item.acquired_on <= day]


def years_between(start: date, end: date) -> Decimal:
    return Decimal(max((end - start).days, 1)) / DAYS_PER_YEAR


def average_lifetimes(items: Iterable[Item], year: int | None = None) -> dict[str, Decimal]:
    """The average lifetime (years) of the equipment retired (in `year`, or ever), by
    category; categories with none retired are left out."""
    lifetimes: dict[str, list[Decimal]] = {}
    for item in items:
        if item.retired_on is not None and (year is None or item.retired_on.year == year):
            lifetimes.setdefault(item.category, []).append(
                years_between(item.acquired_on, item.retired_on))
    return {category: sum(values) / len(values) for category, values in lifetimes.items()}


def reference_lifetimes(items: Iterable[Item]) -> dict[str, Decimal]:
    observed = average_lifetimes(items)
    return {category: observed.get(category, TARGET_LIFETIMES.get(category, DEFAULT_LIFETIME))
            for category in CATEGORIES}


def lifetime(item: Item, references: Mapping[str, Decimal], today: date) -> Decimal:
    if item.retired_on is not None:
        return years_between(item.acquired_on, item.retired_on)
    return max(years_between(item.acquired_on, today), references[item.category])


def share_of_year(item: Item, year: int) -> Decimal:
    """The part of `year` the item was in service (from acquisition to retirement)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    first = max(item.acquired_on, start)
    last = min(item.retired_on or end, end)
    return Decimal(max((last - first).days, 0)) / Decimal((end - start).days)


def yearly(items: Iterable[Item], factors: Mapping[str, Factor], year: int,
           today: date) -> list[Line]:
    """The footprint of `year` by category (those with a factor), and what keeping each
    piece one year longer would have saved: its manufacture spread over one more year."""
    items = list(items)
    references = reference_lifetimes(items)
    totals = {category: [0, Decimal(0), Decimal(0), Decimal(0)] for category in CATEGORIES
              if category in factors}
    for item in items:
        factor = factors.get(item.category)
        share = share_of_year(item, year)
        if factor is None or not share:
            continue
        manufacture = factor.refurbished_kg if item.refurbished else factor.manufacture_kg
        years = lifetime(item, references, today)
        line = totals[item.category]
        line[0] += 1
        line[1] += manufacture * share / years
        line[2] += factor.use_kg_per_year * share
        line[3] += manufacture * share * (1 / years - 1 / (years + 1))
    return [Line(category, *values) for category, values in totals.items()]


def total_kg(lines: Iterable[Line]) -> Decimal:
    return sum((line.total_kg for line in lines), Decimal(0))


def second_life_share(items: Iterable[Item], year: int) -> Decimal | None:
    """Among the equipment retired in working order in `year`, the share (percent) given a
    second life (reuse or refurbishment); None when none was retired in working order."""
    retired = [item for item in items if item.retired_on is not None
               and item.retired_on.year == year and item.working]
    if not retired:
        return None
    return Decimal(100 * sum(item.outcome in SECOND_LIFE for item in retired)) / len(retired)
