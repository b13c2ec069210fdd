"""Who may see a consultation's results: the results page, its exports and the API ask
here. Its managers (administrators, the managers of its process) always may; the public
as the consultation's setting says: live once it opens, after it closes, or never. (The
pages and the API reach a consultation through `visible_consultations`: the public of a
consultation reserved to a panel is its members.)"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.consultations.models import Consultation, ResultsVisibility
from parvis.consultations.permissions import can_manage
from parvis.core.modules import Entry


def is_public(consultation: Consultation) -> bool:
    process = consultation.process
    return consultation.is_published and (process is None or process.is_published)


def results_are_public(consultation: Consultation, at=None) -> bool:
    at = at or timezone.now()
    if not is_public(consultation):
        return False
    if consultation.results_visibility == ResultsVisibility.LIVE:
        return consultation.opens_at <= at
    if consultation.results_visibility == ResultsVisibility.AFTER_CLOSING:
        return consultation.is_closed(at)
    return False


def can_see_results(user, consultation: Consultation) -> bool:
    return results_are_public(consultation) or can_manage(user, consultation)


def process_results(process, user) -> list[Entry]:
    """The results of the process' consultations this person may see (`results` hook)."""
    return [Entry(_("Résultats de la consultation : %s") % consultation.title,
                  reverse("consultations:results", args=[consultation.slug]))
            for consultation in process.consultations.select_related("process")
            if can_see_results(user, consultation)]
