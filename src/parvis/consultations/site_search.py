"""Consultations in the site's search (`Module.search`)."""

from django.utils.translation import gettext as _

from parvis.consultations.permissions import visible_consultations
from parvis.core.search import LIMIT, Result, matching


def search(query: str, user) -> list[Result]:
    """The consultations this person may open."""
    found = matching(visible_consultations(user), ["title", "description"], query).order_by(
        "-pk")[:LIMIT]
    return [Result(_("Consultation"), consultation.title, consultation.get_absolute_url(),
                   consultation.description) for consultation in found]
