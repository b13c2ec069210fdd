"""Calls for projects in the site's search (`Module.search`)."""

from django.utils.translation import gettext as _

from parvis.calls.applications import visible_calls
from parvis.core.search import LIMIT, Result, matching


def search(query: str, user) -> list[Result]:
    """The published calls (and those this person organises)."""
    found = matching(visible_calls(user), ["title", "description"], query).order_by(
        "-pk")[:LIMIT]
    return [Result(_("Appel à projets"), call.title, call.get_absolute_url(), call.description)
            for call in found]
