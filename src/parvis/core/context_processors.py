from functools import partial

from django.conf import settings

from parvis.core import modules


def site(request):
    """The site's name, and its menu: the modules' entries, and (computed only when a page
    shows them) the staff workspaces this person may open."""
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "ORGANISATION_NAME": settings.ORGANISATION_NAME,
        "navigation": modules.navigation(),
        "workspaces": partial(modules.workspaces, user) if user is not None else list,
    }
