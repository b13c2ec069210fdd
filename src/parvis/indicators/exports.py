"""The history of the strategy's indicator values as CSV, streamed: every value recorded,
corrections included, without who recorded it."""

from collections.abc import Iterator
from itertools import chain

from django.utils import timezone
from django.views.decorators.http import require_safe

from parvis.core import spreadsheets
from parvis.indicators.models import Measurement

COLUMNS = ["indicateur", "nom", "unite", "axe", "date", "valeur", "origine", "cible",
           "echeance_cible", "enregistree_le"]
CHUNK_SIZE = 500


def rows() -> Iterator[list]:
    measurements = Measurement.objects.select_related("indicator__commitment__axis").order_by(
        "indicator__code", "on", "recorded_at", "pk")
    for measurement in measurements.iterator(chunk_size=CHUNK_SIZE):
        indicator = measurement.indicator
        yield [indicator.code, indicator.name, indicator.unit, indicator.commitment.axis.slug,
               measurement.on.isoformat(), measurement.value, measurement.origin,
               indicator.target, indicator.target_on.isoformat(),
               timezone.localtime(measurement.recorded_at).isoformat(timespec="seconds")]


def csv_lines() -> Iterator[str]:
    yield from spreadsheets.lines(chain([COLUMNS], rows()))


@require_safe
def values_csv(request):
    return spreadsheets.streamed(COLUMNS, rows(), "indicateurs-valeurs.csv")
