"""The open-data pages the quality gates walk."""

from django.urls import reverse

from parvis.core import modules


def first_dataset() -> str:
    return reverse("opendata:dataset", args=[modules.datasets()[0].slug])


def public_pages() -> list[modules.PublicPage]:
    return [
        modules.PublicPage("open data catalog", "opendata:catalog"),
        modules.PublicPage("open dataset", resolver=first_dataset),
    ]
