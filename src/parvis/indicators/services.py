"""Every write on the strategy's indicators: measurements entered, imported or computed."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from parvis.core import audit, bounds, csv_import, modules
from parvis.core.errors import DomainError, ImportRefused
from parvis.indicators.models import Indicator, Measurement, Origin

MAX_VALUE = Decimal("999999999999.99")  # what the value's column holds


class MeasurementRefused(DomainError):
    pass


def check(indicator: Indicator, on: date, value: Decimal) -> None:
    if not bounds.day_in_range(on):
        raise MeasurementRefused(_("La date doit être comprise entre 1900 et 2999."), "on")
    if on < indicator.baseline_on:
        raise MeasurementRefused(
            _("La date précède celle de la valeur de référence (%(day)s).")
            % {"day": indicator.baseline_on.strftime("%d/%m/%Y")}, "on")
    if abs(value) > MAX_VALUE or value != value.quantize(Decimal("0.01")):
        raise MeasurementRefused(
            _("La valeur doit avoir au plus deux décimales et rester sous mille milliards."),
            "value")


def record(indicator: Indicator, on: date, value: Decimal, actor, origin: str = Origin.ENTERED,
           note: str = "") -> Measurement:
    """Add a measurement (a new one for a day already measured corrects it)."""
    value = Decimal(value)
    check(indicator, on, value)
    measurement = Measurement.objects.create(
        indicator=indicator, on=on, value=value, origin=origin, note=note[:250],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    audit.record(actor, "indicator_measured", indicator, on=on.isoformat(), value=str(value),
                 origin=origin)
    return measurement


COLUMNS = ["indicateur", "date", "valeur"]


@transaction.atomic
def import_measurements(data: bytes, actor) -> int:
    """Store every row of a CSV file (columns indicateur;date;valeur[;note]), or nothing when
    a row is invalid: the refusal lists each invalid line. Returns the rows stored."""
    try:
        rows = csv_import.read(data, COLUMNS, optional=("note",))
    except csv_import.CsvError as error:
        raise ImportRefused([error.message]) from None
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    errors, valid = [], []
    for line, row in enumerate(rows, start=2):
        try:
            indicator = indicators.get(row["indicateur"])
            if indicator is None:
                raise csv_import.CsvError(f"indicateur « {row['indicateur']} » inconnu")
            on = csv_import.parse_day(row["date"])
            value = csv_import.parse_number(row["valeur"])
            check(indicator, on, value)
        except (csv_import.CsvError, MeasurementRefused) as error:
            errors.append(_("Ligne %(line)d : %(problem)s") % {
                "line": line, "problem": error.message.rstrip(".") + "."})
            continue
        valid.append((indicator, on, value, row.get("note", "")))
    if errors:
        raise ImportRefused(errors)
    Measurement.objects.bulk_create(
        [Measurement(indicator=indicator, on=on, value=value, origin=Origin.IMPORTED,
                     note=note[:250], recorded_by=actor) for indicator, on, value, note in valid],
        batch_size=500)
    audit.record(actor, "indicator_measurements_imported", rows=len(valid),
                 indicators=sorted({indicator.code for indicator, *_rest in valid}))
    return len(valid)


@dataclass(frozen=True)
class Computed:
    indicator: Indicator
    value: Decimal | None  # None: the value did not change since the last measurement
    problem: str = ""


def compute(today: date, actor=None) -> list[Computed]:
    """Record today's value of every indicator a module's measure computes, when it changed
    since the indicator's latest measurement."""
    available = modules.measures()
    done = []
    for indicator in Indicator.objects.exclude(measure=""):
        measure = available.get(indicator.measure)
        if measure is None:
            done.append(Computed(indicator, None, _("mesure « %(name)s » inconnue")
                                 % {"name": indicator.measure}))
            continue
        value = measure.compute(today)
        if value is None:
            done.append(Computed(indicator, None, _("pas de donnée disponible")))
            continue
        value = Decimal(value).quantize(Decimal("0.01"))
        latest = indicator.measurements.order_by("-on", "-recorded_at", "-pk").first()
        if latest is not None and latest.value == value:
            done.append(Computed(indicator, None))
            continue
        record(indicator, today, value, actor, Origin.COMPUTED)
        done.append(Computed(indicator, value))
    return done
