"""The public pages of idea boxes, for the quality gates (see `parvis.core.modules`).

A resolver finds its page in the demo data when a gate opens it."""


from django.urls import reverse

from parvis.core.modules import PublicPage, require_demo_data
from parvis.ideas.models import Idea, IdeaBox
from parvis.processes.models import Process


def answered_idea() -> Idea:
    idea = Idea.objects.listed().filter(history__message__gt="").order_by("pk").first()
    return require_demo_data(idea, "No idea with an official answer")


def idea_box() -> str:
    return answered_idea().box.get_absolute_url()


def idea_detail() -> str:
    return answered_idea().get_absolute_url()


def idea_proposal_form() -> str:
    box = IdeaBox.objects.filter(process__in=Process.objects.published()).order_by("pk").first()
    require_demo_data(box, "No idea box")
    return reverse("ideas:propose", args=[box.slug])


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("idea-list", "ideas:list"),
        PublicPage("idea-box-list", "ideas:boxes"),
        PublicPage("idea-box", resolver=idea_box),
        PublicPage("idea-detail", resolver=idea_detail),
        PublicPage("idea-new", resolver=idea_proposal_form, has_form=True),
    ]
