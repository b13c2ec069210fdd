"""Ideas in « Mon espace »: the ideas I proposed (drafts included) and those I support."""

from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.core.modules import Entry, section
from parvis.ideas.models import Idea, Status, Support


def idea_url(idea: Idea) -> str:
    return reverse("ideas:preview", args=[idea.pk]) if idea.status == Status.DRAFT else (
        idea.get_absolute_url())


def my_space(user) -> list:
    ideas = Idea.objects.filter(author=user).order_by("-created_at", "-pk")
    supports = Support.objects.filter(user=user).select_related("idea").order_by(
        "-created_at", "-pk")
    return [
        section(_("Mes idées"), ideas, lambda idea: Entry(
            idea.title, idea_url(idea), idea.get_status_display()), reverse("ideas:mine")),
        section(_("Idées que je soutiens"), supports, lambda support: Entry(
            support.idea.title, support.idea.get_absolute_url(),
            support.idea.get_status_display())),
    ]
