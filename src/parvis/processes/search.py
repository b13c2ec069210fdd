"""The site's search page: processes and the platform's pages found here, everything else
by the modules (`Module.search`)."""

from django.utils.translation import gettext as _

from parvis.core import modules
from parvis.core.search import LIMIT, PLATFORM_PAGES, Result, matching, static_pages
from parvis.processes.permissions import visible_processes


def processes(query: str, user) -> list[Result]:
    found = matching(visible_processes(user), ["title", "summary"], query).order_by("-pk")
    return [Result(_("Démarche"), process.title, process.get_absolute_url(), process.summary)
            for process in found[:LIMIT]]


def everything(query: str, user) -> list[Result]:
    """What this person may see that matches `query`: processes first, then each module's
    results, then the platform's pages."""
    return [*processes(query, user), *modules.search(query, user),
            *static_pages(PLATFORM_PAGES, query)]
