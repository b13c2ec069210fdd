from functools import partial

from django.conf import settings

from parvis.core import modules
from parvis.core.permissions import works_in_back_office


def platform() -> dict:
    """What every page's layout shows whoever asks: the site's name and its menu. Needs
    neither the request nor the database (the 500 page renders with this alone)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "ORGANISATION_NAME": settings.ORGANISATION_NAME,
        "navigation": modules.navigation(),
    }


def site(request):
    """The layout's context, and (computed only when a page shows them) the staff
    workspaces this person may open and whether the back office has work for them."""
    user = getattr(request, "user", None)
    return {
        **platform(),
        "workspaces": partial(modules.workspaces, user) if user is not None else list,
        "back_office": partial(works_in_back_office, user) if user is not None else bool,
    }
