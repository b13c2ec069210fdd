"""The ideas in the site's search (`Module.search`)."""

from django.utils.translation import gettext as _

from parvis.core.search import LIMIT, Result
from parvis.ideas.models import LISTED_STATUSES, Idea
from parvis.ideas.search import matching
from parvis.ideas.selectors import visible_boxes


def search(query: str, user) -> list[Result]:
    """The listed ideas of the boxes this person may open, best match first."""
    ideas = Idea.objects.shown().filter(status__in=LISTED_STATUSES, box__in=visible_boxes(user))
    found = matching(ideas, query).order_by("search_rank", "-pk")[:LIMIT]
    return [Result(_("Idée"), idea.title, idea.get_absolute_url(), idea.body) for idea in found]
