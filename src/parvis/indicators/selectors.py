"""What the dashboard shows: each indicator's values, progress, trend and status, read with a
fixed number of queries whatever the number of indicators and measurements."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.core import charts, modules
from parvis.indicators import progress
from parvis.indicators.models import Axis, Commitment, Indicator, Measurement

CENT = Decimal("0.01")
STATUS_LABELS = {
    progress.Status.REACHED: gettext_lazy("cible atteinte"),
    progress.Status.AHEAD: gettext_lazy("en avance"),
    progress.Status.BEHIND: gettext_lazy("en retard"),
    progress.Status.NO_DATA: gettext_lazy("pas encore mesuré"),
}
TREND_LABELS = {
    progress.Trend.BETTER: gettext_lazy("en amélioration"),
    progress.Trend.WORSE: gettext_lazy("en dégradation"),
    progress.Trend.STABLE: gettext_lazy("stable"),
    progress.Trend.UNKNOWN: gettext_lazy("une seule valeur"),
}


@dataclass(frozen=True)
class Value:
    on: date
    value: Decimal
    expected: Decimal  # on the straight path to the target, that day
    status: progress.Status

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class IndicatorState:
    indicator: Indicator
    values: list[Value]  # one per day measured: the latest recorded for that day

    @property
    def latest(self) -> Value | None:
        return self.values[-1] if self.values else None

    @property
    def status(self) -> progress.Status:
        return self.latest.status if self.latest else progress.Status.NO_DATA

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def trend_label(self) -> str:
        return TREND_LABELS[self.indicator.plan.trend([value.value for value in self.values])]

    @property
    def progress(self) -> Decimal | None:
        return self.indicator.plan.progress(self.latest.value) if self.latest else None

    def chart(self):
        indicator = self.indicator
        plan = indicator.plan
        points = [charts.Point(value.on.toordinal(), float(value.value)) for value in self.values]
        path = [charts.Point(plan.baseline_on.toordinal(), float(plan.baseline)),
                charts.Point(plan.target_on.toordinal(), float(plan.target))]
        years = range(plan.baseline_on.year + 1, plan.target_on.year + 1)
        return charts.line_chart(
            f"chart-{indicator.code}", indicator.name,
            _("Valeurs mesurées (trait plein) et trajectoire linéaire de la valeur de référence"
              " à la cible (tirets), en %(unit)s ; le tableau qui suit donne les mêmes"
              " chiffres.") % {"unit": indicator.unit},
            points, path, [(date(year, 1, 1).toordinal(), str(year)) for year in years])


def _state(indicator: Indicator, by_day: dict[date, Decimal]) -> IndicatorState:
    plan = indicator.plan
    return IndicatorState(indicator, [
        Value(on, value, plan.expected_on(on).quantize(CENT), plan.status(value, on))
        for on, value in sorted(by_day.items())])


def states(indicators) -> list[IndicatorState]:
    indicators = list(indicators)
    by_indicator = defaultdict(dict)
    for measurement in ordered_values().filter(indicator__in=indicators):
        by_indicator[measurement.indicator_id][measurement.on] = measurement.value
    return [_state(indicator, by_indicator[indicator.pk]) for indicator in indicators]


def ordered_values() -> QuerySet[Measurement]:
    """Measurements in the order they replace each other: the last one of a day counts."""
    return Measurement.objects.order_by("on", "recorded_at", "pk").only(
        "indicator_id", "on", "value")


def with_values(indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """Indicators whose `state_of` needs no further query."""
    return indicators.select_related("commitment__axis").prefetch_related(
        Prefetch("measurements", ordered_values()))


def state_of(indicator: Indicator) -> IndicatorState:
    """The state of an indicator from `with_values`."""
    return _state(indicator, {measurement.on: measurement.value
                              for measurement in indicator.measurements.all()})


def axes() -> QuerySet[Axis]:
    return Axis.objects.prefetch_related(Prefetch(
        "commitments", Commitment.objects.prefetch_related("indicators")))


@dataclass(frozen=True)
class AxisSummary:
    axis: Axis
    indicators: int
    counts: dict[str, int]  # status -> number of indicators


def summaries() -> list[AxisSummary]:
    every = axes()
    indicators = [indicator for axis in every for commitment in axis.commitments.all()
                  for indicator in commitment.indicators.all()]
    by_pk = {state.indicator.pk: state for state in states(indicators)}
    result = []
    for axis in every:
        counts = defaultdict(int)
        total = 0
        for commitment in axis.commitments.all():
            for indicator in commitment.indicators.all():
                counts[by_pk[indicator.pk].status] += 1
                total += 1
        result.append(AxisSummary(axis, total, dict(counts)))
    return result


def axis_states(axis: Axis) -> list[tuple[Commitment, list[IndicatorState]]]:
    commitments = list(axis.commitments.prefetch_related("indicators"))
    by_pk = {state.indicator.pk: state for state in states(
        [indicator for commitment in commitments for indicator in commitment.indicators.all()])}
    return [(commitment, [by_pk[indicator.pk] for indicator in commitment.indicators.all()])
            for commitment in commitments]


def progress_chart(axis: Axis, items: list[IndicatorState]):
    bars = [charts.Bar(item.indicator.name, 0, 0.0,
                       float(max(min(item.progress, Decimal(100)), Decimal(0))))
            for item in items if item.progress is not None]
    return charts.bar_chart(
        f"progress-{axis.slug}", _("Avancement vers la cible : %(axis)s") % {"axis": axis.title},
        _("Part du chemin parcouru de la valeur de référence à la cible, en pour cent, pour"
          " chaque indicateur mesuré (entre 0 et 100) ; le tableau qui suit donne les mêmes"
          " chiffres."), bars, unit="", scale=100) if bars else ""


def history(indicator: Indicator) -> QuerySet[Measurement]:
    """Every value ever recorded, the most recent first, with who recorded it."""
    return indicator.measurements.select_related("recorded_by").order_by("-recorded_at", "-pk")


def measure_detail_url(indicator: Indicator) -> str:
    """The public page detailing the figure Parvis computes for the indicator, if any."""
    measure = modules.measures().get(indicator.measure)
    return measure.url() if measure else ""
