"""The pages of moderation for the quality gates (see `parvis.core.modules`): the public
charter and transparency report, and the queue as the demo's moderator sees it.

A resolver finds its page in the demo data when a gate opens it."""

from django.urls import reverse

from parvis.core.models import Role
from parvis.core.modules import PublicPage, holder_of, require_demo_data, signed_in
from parvis.moderation import services

demo_moderator = holder_of(Role.MODERATOR)


def item_in_queue() -> str:
    """The newest contribution awaiting the demo moderator's decision."""
    item = services.queue(demo_moderator()).first()
    require_demo_data(item, "Nothing awaits the demo moderator")
    return reverse("moderation:item", args=[item.pk])


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("moderation-charter", "moderation:charter"),
        PublicPage("moderation-report", "moderation:report"),
        PublicPage("moderation-queue", "moderation:queue", session=signed_in(demo_moderator)),
        PublicPage("moderation-item", resolver=item_in_queue, session=signed_in(demo_moderator)),
    ]
