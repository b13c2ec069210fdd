"""The composition of the public panels as CSV, streamed: for each quota category's value
(commune, age band, any question the quotas bear on), how many eligible volunteers and how
many active members hold it. Counts only: no profile leaves, no person can be told apart
beyond what the published anonymised pool of each draw already shows."""

from collections import Counter
from collections.abc import Iterator
from itertools import chain

from django.db.models import Prefetch
from django.views.decorators.http import require_safe

from parvis.core import spreadsheets
from parvis.panels.models import QuotaCategory, Volunteer, VolunteerStatus
from parvis.panels.recruitment import public_panels

COLUMNS = ["panel", "panel_titre", "statut_panel", "categorie", "categorie_libelle", "valeur",
           "valeur_libelle", "quota_min", "quota_max", "volontaires", "membres"]
COUNTED = [VolunteerStatus.ELIGIBLE, VolunteerStatus.SELECTED, VolunteerStatus.NOT_SELECTED]


def counts(panel) -> tuple[Counter, Counter]:
    """(volunteers, active members) by (category key, value key) of a panel: one query."""
    volunteers, members = Counter(), Counter()
    for profile, member_id, withdrawn_at in Volunteer.objects.filter(
            panel=panel, status__in=COUNTED).values_list("profile", "member__pk",
                                                         "member__withdrawn_at"):
        for category, value in (profile or {}).items():
            volunteers[category, value] += 1
            if member_id is not None and withdrawn_at is None:
                members[category, value] += 1
    return volunteers, members


def rows() -> Iterator[list]:
    categories = Prefetch("categories", queryset=QuotaCategory.objects.prefetch_related(
        "values"))
    for panel in public_panels().prefetch_related(categories).order_by("created_at", "pk"):
        volunteers, members = counts(panel)
        for category in panel.categories.all():
            for value in category.values.all():
                key = (category.key, value.key)
                yield [panel.slug, panel.title, panel.status, category.key, category.name,
                       value.key, value.label, value.minimum, value.maximum, volunteers[key],
                       members[key]]


def csv_lines() -> Iterator[str]:
    yield from spreadsheets.lines(chain([COLUMNS], rows()))


@require_safe
def composition_csv(request):
    return spreadsheets.streamed(COLUMNS, rows(), "panels-composition.csv")
