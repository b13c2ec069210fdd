"""The open-data pages the quality gates walk."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parvis.core import modules


def first_dataset() -> str:
    return reverse("opendata:dataset", args=[modules.datasets()[0].slug])


def public_pages() -> list[modules.PublicPage]:
    return [
        modules.PublicPage(_("Catalogue des données ouvertes"), "opendata:catalog"),
        modules.PublicPage(_("Fiche d'un jeu de données"), resolver=first_dataset),
    ]
