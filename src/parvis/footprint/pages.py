"""The footprint page the quality gates walk."""

from parvis.core import modules


def public_pages() -> list[modules.PublicPage]:
    return [modules.PublicPage("footprint", "footprint:page")]
