"""The public pages of notifications, for the quality gates (see `parvis.core.modules`).

A resolver finds its page in the demo data when a gate opens it."""


from django.urls import reverse

from parvis.core.models import User
from parvis.core.modules import PublicPage
from parvis.notifications.services import unsubscribe_token


def unsubscribe_link() -> str:
    """The page an e-mail's unsubscribe link opens, for the first demo account."""
    user = User.objects.filter(is_active=True).order_by("pk").first()
    if user is None:
        raise LookupError("No account: load the demo data (`parvis load_demo`).")
    return reverse("notifications:unsubscribe", args=[unsubscribe_token(user)])


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("notifications-unsubscribe", resolver=unsubscribe_link),
    ]
