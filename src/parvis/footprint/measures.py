"""The footprint's measures for the strategy's indicators, on a given day, from what was
known then."""

from datetime import date
from decimal import Decimal

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from parvis.core import modules
from parvis.footprint import calculation, report
from parvis.footprint.models import Category


def carbon(day: date) -> Decimal | None:
    factors = {factor.category: factor.as_factor() for factor in report.current_factors()}
    items = calculation.as_of(report.inventory(), day)
    if not items or not factors:
        return None
    yearly = calculation.yearly(items, factors, day.year, day)
    return calculation.total_kg(yearly) / report.KG_PER_TONNE


def lifetime_of(category: str):
    def measure(day: date) -> Decimal | None:
        items = calculation.as_of(report.inventory(), day)
        return calculation.average_lifetimes(items, day.year).get(category)

    return measure


def second_life(day: date) -> Decimal | None:
    return calculation.second_life_share(calculation.as_of(report.inventory(), day), day.year)


MEASURES = {
    "footprint.carbon": modules.Measure(
        _("Empreinte carbone annuelle des équipements informatiques"), "t CO2e", carbon,
        "footprint:page"),
    "footprint.refurbished_share": modules.Measure(
        _("Part des équipements retirés en état de marche réemployés ou reconditionnés"), "%",
        second_life, "footprint:page"),
    **{f"footprint.lifetime_{category}": modules.Measure(
        format_lazy("{} : {}", _("Durée de vie moyenne au retrait"), label), "années",
        lifetime_of(category), "footprint:page") for category, label in Category.choices},
}
