"""Open data of reports, anonymised: CSV and GeoJSON, streamed so that memory stays flat
whatever the number of reports.

Personal data never leaves: no reporter, no title or message (free text may name people),
no photo. The point is rounded to 3 decimals (about 100 m) so that a report made from home
does not pinpoint the house. The filters are those of the public list."""

import json
from collections.abc import Iterable, Iterator
from itertools import chain

from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from parvis.core import spreadsheets
from parvis.core.models import Commune, Service
from parvis.reports.forms import ReportFilterForm
from parvis.reports.models import Category, Report, Status, public_coordinate

CHUNK_SIZE = 2000  # rows read from the database at a time
BATCH_SIZE = 64 * 1024  # characters written to the client at a time
FIELDS = ("tracking_code", "category_id", "commune_id", "service_id", "status", "created_at",
          "updated_at", "closed_at", "me_too_count", "latitude", "longitude")
COLUMNS = ["numero", "categorie_code", "categorie", "commune_insee", "commune", "service",
           "statut", "statut_libelle", "signale_le", "mis_a_jour_le", "clos_le", "moi_aussi",
           "latitude_arrondie", "longitude_arrondie"]


def notes() -> str:
    return _("Signalements anonymisés : ni auteur, ni titre, ni message, ni photo. Les"
             " coordonnées sont arrondies à 3 décimales (environ 100 m).")


def iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def rows(reports) -> Iterator[list]:
    """One list per report, in COLUMNS order, read by chunks: names come from small lookup
    tables rather than joins, so each row holds a few scalars only."""
    categories = {pk: (slug, name) for pk, slug, name
                  in Category.objects.values_list("pk", "slug", "name")}
    communes = {pk: (insee, name) for pk, insee, name
                in Commune.objects.values_list("pk", "insee_code", "name")}
    services = dict(Service.objects.values_list("pk", "name"))
    labels = {value: str(label) for value, label in Status.choices}
    values = reports.order_by("pk").values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE)
    for (code, category, commune, service, status, created, updated, closed, me_too,
         latitude, longitude) in values:
        yield [code, *categories[category], *communes[commune], services[service], status,
               labels[status], iso(created), iso(updated), iso(closed), me_too,
               public_coordinate(latitude), public_coordinate(longitude)]


def batched(texts: Iterable[str], size: int = BATCH_SIZE) -> Iterator[str]:
    """Fewer, larger writes to the client than one per row, each of about `size` characters."""
    batch, length = [], 0
    for text in texts:
        batch.append(text)
        length += len(text)
        if length >= size:
            yield "".join(batch)
            batch, length = [], 0
    if batch:
        yield "".join(batch)


def csv_lines(reports) -> Iterator[str]:
    yield from spreadsheets.lines(chain(
        [COLUMNS], (["" if value is None else value for value in row] for row in rows(reports))
    ))


def feature(row: list) -> str:
    *properties, latitude, longitude = row
    point = ({"type": "Point", "coordinates": [longitude, latitude]}
             if latitude is not None else None)
    return json.dumps({"type": "Feature", "geometry": point,
                       "properties": dict(zip(COLUMNS[:-2], properties, strict=True))},
                      ensure_ascii=False)


def geojson_parts(reports) -> Iterator[str]:
    notes_json = json.dumps(notes(), ensure_ascii=False)
    yield f'{{"type": "FeatureCollection", "notes": {notes_json}, "features": ['
    separator = ""
    for row in rows(reports):
        yield separator + feature(row)
        separator = ","
    yield "]}\n"


def invalid_filters(form) -> JsonResponse:
    name, errors = next(iter(form.errors.as_data().items()))
    return JsonResponse({"detail": f"{name} : {errors[0].messages[0]}", "code": "invalid_filter"},
                        status=400)


def export(request, parts, content_type: str, filename: str):
    """The reports the filters select, streamed as `parts(reports)` produces them."""
    form = ReportFilterForm(request.GET)
    if not form.is_valid():
        return invalid_filters(form)
    response = StreamingHttpResponse(batched(parts(form.filter(Report.objects.all()))),
                                     content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def export_csv(request):
    """Reports as CSV (UTF-8, comma-separated), one line per report."""
    return export(request, csv_lines, "text/csv; charset=utf-8", "signalements.csv")


@require_GET
def export_geojson(request):
    """Reports as a GeoJSON FeatureCollection (geometry null when a report has no point)."""
    return export(request, geojson_parts, "application/geo+json", "signalements.geojson")
