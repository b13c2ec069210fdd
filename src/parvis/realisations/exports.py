"""The public realisations as CSV, streamed: what was adopted, where it stands, its budget
and the service in charge (a service, never an agent's name)."""

from collections.abc import Iterator
from itertools import chain

from django.utils import timezone

from parvis.core import spreadsheets
from parvis.core.links import absolute
from parvis.realisations import selectors

COLUMNS = ["origine", "outil", "titre", "statut", "statut_libelle", "avancement",
           "budget_prevu", "depenses", "service", "commune", "latitude", "longitude",
           "etapes", "derniere_etape", "mise_a_jour_le", "url", "url_origine"]
CHUNK_SIZE = 500


def rows() -> Iterator[list]:
    realisations = (selectors.public().select_related("service", "commune")
                    .with_milestones().order_by("pk"))
    for realisation in realisations.iterator(chunk_size=CHUNK_SIZE):
        yield [
            realisation.source_key, realisation.source, realisation.title, realisation.status,
            realisation.get_status_display(), realisation.progress,
            realisation.planned_amount, realisation.spent_amount,
            realisation.service.name if realisation.service_id else "",
            realisation.commune.name if realisation.commune_id else "",
            realisation.latitude, realisation.longitude, realisation.milestone_count,
            realisation.last_milestone.isoformat() if realisation.last_milestone else "",
            timezone.localtime(realisation.updated_at).isoformat(timespec="seconds"),
            absolute(realisation.get_absolute_url()), absolute(realisation.source_url),
        ]


def csv_lines() -> Iterator[str]:
    yield from spreadsheets.lines(chain([COLUMNS], rows()))


def response():
    return spreadsheets.streamed(COLUMNS, rows(), "realisations.csv")
