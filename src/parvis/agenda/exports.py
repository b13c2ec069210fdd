"""Open data of the agenda: the published public events as CSV, streamed. An event is
public information about a public meeting: its registrations never leave."""

from collections.abc import Iterator
from itertools import chain

from django.utils import timezone
from django.views.decorators.http import require_safe

from parvis.agenda import selectors
from parvis.core import spreadsheets
from parvis.core.links import absolute

COLUMNS = ["identifiant", "titre", "demarche", "commune", "debut", "fin", "lieu", "adresse",
           "latitude", "longitude", "en_ligne", "inscription_obligatoire", "places", "url"]
CHUNK_SIZE = 500


def iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def rows() -> Iterator[list]:
    events = selectors.public_events().select_related("process").order_by("starts_at", "pk")
    for event in events.iterator(chunk_size=CHUNK_SIZE):
        yield [event.slug, event.title, event.process.title if event.process_id else "",
               event.commune.name if event.commune_id else "", iso(event.starts_at),
               iso(event.ends_at), event.place_name, event.address,
               "" if event.latitude is None else event.latitude,
               "" if event.longitude is None else event.longitude,
               "true" if event.is_online else "false",
               "true" if event.registration_required else "false",
               "" if event.capacity is None else event.capacity,
               absolute(event.get_absolute_url())]


def csv_lines() -> Iterator[str]:
    yield from spreadsheets.lines(chain([COLUMNS], rows()))


@require_safe
def events_csv(request):
    return spreadsheets.streamed(COLUMNS, rows(), "evenements.csv")
