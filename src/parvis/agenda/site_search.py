"""Events in the site's search (`Module.search`)."""

from django.utils.translation import gettext as _

from parvis.agenda.selectors import visible_events
from parvis.core.search import LIMIT, Result, matching


def search(query: str, user) -> list[Result]:
    """The published events this person may open, the latest first."""
    found = matching(visible_events(user), ["title", "summary"], query).order_by(
        "-starts_at")[:LIMIT]
    return [Result(_("Événement"), event.title, event.get_absolute_url(), event.summary)
            for event in found]
