"""The public pages of debates, for the quality gates (see `parvis.core.modules`).

A resolver finds its page in the demo data when a gate opens it."""


from django.urls import reverse

from parvis.comments.models import Debate
from parvis.core.modules import PublicPage, require_demo_data
from parvis.processes.models import Process


def demo_debate() -> Debate:
    debate = (Debate.objects.visible().filter(process__in=Process.objects.published(),
                                              comments__isnull=False).order_by("pk").first())
    return require_demo_data(debate, "No debate with comments")


def debate_list() -> str:
    return reverse("debates:list", args=[demo_debate().process.slug])


def debate_detail() -> str:
    return demo_debate().get_absolute_url()


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("debate-list", resolver=debate_list),
        PublicPage("debate-detail", resolver=debate_detail),
    ]
