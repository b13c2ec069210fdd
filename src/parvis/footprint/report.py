"""The footprint's figures: the inventory (imported and kept by the modules, such as the
devices lent to panels), the current emission factors, and what the public page shows (the
strategy's measures, in `measures.py`, read them too). Three queries whatever the size of
the inventory."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from parvis.core import modules
from parvis.footprint import calculation
from parvis.footprint.models import Category, EmissionFactor, Equipment

KG_PER_TONNE = Decimal(1000)
PLURALS = {Category.LAPTOP: _("ordinateurs portables"), Category.DESKTOP: _("ordinateurs fixes"),
           Category.SCREEN: _("écrans"), Category.SMARTPHONE: _("smartphones"),
           Category.TABLET: _("tablettes")}


def inventory() -> list[calculation.Item]:
    """Every piece of equipment: the imported inventory and what the modules keep."""
    items = [calculation.Item(*row) for row in Equipment.objects.values_list(
        "category", "acquired_on", "refurbished", "retired_on", "outcome", "working")]
    items += [calculation.Item(asset.category, asset.acquired_on, asset.refurbished,
                               asset.retired_on, asset.outcome, asset.working)
              for asset in modules.assets() if asset.category in calculation.CATEGORIES]
    return items


def current_factors() -> list[EmissionFactor]:
    """The most recently published factor of each category."""
    latest = {}
    for factor in EmissionFactor.objects.order_by("category", "-published_on", "-pk"):
        latest.setdefault(factor.category, factor)
    return list(latest.values())


@dataclass(frozen=True)
class LifetimeLine:
    category: str
    label: str
    average: Decimal | None
    retired: int
    target: Decimal | None

    @property
    def reached(self) -> bool | None:
        if self.average is None or self.target is None:
            return None
        return self.average >= self.target


@dataclass(frozen=True)
class Saving:
    label: str
    tonnes: Decimal


@dataclass(frozen=True)
class Figures:
    year: int
    lines: list[calculation.Line]
    labels: dict[str, str]
    lifetimes: list[LifetimeLine]
    second_life: Decimal | None
    savings: list[Saving]
    factors: list[EmissionFactor]
    years: list[int]  # from the first purchase to today's

    @property
    def total_tonnes(self) -> Decimal:
        return calculation.total_kg(self.lines) / KG_PER_TONNE

    @property
    def rows(self):
        return [(self.labels[line.category], line, line.manufacture_kg / KG_PER_TONNE,
                 line.use_kg / KG_PER_TONNE, line.total_kg / KG_PER_TONNE)
                for line in self.lines]


def years(items: list[calculation.Item], today: date) -> list[int]:
    """From the first purchase's year to today's."""
    first = min((item.acquired_on.year for item in items), default=today.year)
    return list(range(first, today.year + 1))


def figures(items: list[calculation.Item], year: int, today: date) -> Figures:
    """The figures of `year` for the inventory `items` (as it stands `today`)."""
    factors = current_factors()
    by_category = {factor.category: factor.as_factor() for factor in factors}
    labels = dict(Category.choices)
    lines = calculation.yearly(items, by_category, year, today)
    averages = calculation.average_lifetimes(items, year)
    retired = {}
    for item in items:
        if item.retired_on and item.retired_on.year == year:
            retired[item.category] = retired.get(item.category, 0) + 1
    lifetimes = [LifetimeLine(category, labels[category], averages.get(category),
                              retired.get(category, 0),
                              calculation.TARGET_LIFETIMES.get(category))
                 for category in calculation.CATEGORIES]
    savings = [Saving(PLURALS[line.category], line.one_more_year_saving_kg / KG_PER_TONNE)
               for line in lines if line.in_service]
    return Figures(year, lines, labels, lifetimes, calculation.second_life_share(items, year),
                   savings, factors, years(items, today))
