"""The pages of notifications the quality gates walk (see `parvis.core.modules`): the
unsubscribe page of an e-mail, and a demo account's notifications, signed in."""


from django.db.models import Count
from django.urls import reverse

from parvis.core.models import User
from parvis.core.modules import PublicPage, require_demo_data, signed_in
from parvis.notifications.services import unsubscribe_token


def unsubscribe_link() -> str:
    """The page an e-mail's unsubscribe link opens, for the first demo account."""
    user = User.objects.filter(is_active=True).order_by("pk").first()
    require_demo_data(user, "No account")
    return reverse("notifications:unsubscribe", args=[unsubscribe_token(user)])


def notified_person() -> User:
    """The demo account with the most unread notifications."""
    user = (User.objects.filter(is_active=True, notifications__read_at=None)
            .annotate(unread=Count("notifications")).order_by("-unread", "pk").first())
    return require_demo_data(user, "No unread notification")


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("notifications-unsubscribe", resolver=unsubscribe_link),
        PublicPage("notifications-list", "notifications:list",
                   session=signed_in(notified_person)),
    ]
