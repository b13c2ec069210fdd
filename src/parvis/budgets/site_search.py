"""Participatory budget projects in the site's search (`Module.search`)."""

from django.utils.translation import gettext as _

from parvis.budgets.models import Project
from parvis.core.search import LIMIT, Result, matching


def search(query: str, user) -> list[Result]:
    """Public projects (those of a budget open to everyone)."""
    found = matching(Project.objects.public().select_related("budget"),
                     ["title", "description"], query).order_by("-pk")[:LIMIT]
    return [Result(_("Projet de budget participatif"), project.title,
                   project.get_absolute_url(), project.description) for project in found]
