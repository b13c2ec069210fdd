"""The participation charter in the site's search (`Module.search`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core.search import StaticPage, static_pages

CHARTER = StaticPage(_("Charte de participation"), "moderation:charter",
                     _("règles respect modération signalement contenu commentaires"))


def search(query: str, user) -> list:
    return static_pages([CHARTER], query)
