"""The public pages of calls for projects, for the quality gates (see `parvis.core.modules`).

A resolver finds its page in the demo data when a gate opens it."""


from django.urls import reverse
from django.utils import timezone

from parvis.calls.applications import public_calls
from parvis.core.modules import PublicPage


def open_call() -> str:
    """The demo's call for projects open to applications ("Clic et Déclic 2027")."""
    now = timezone.now()
    call = public_calls().filter(launched_at__lte=now, deadline__gt=now).order_by("pk").first()
    if call is None:
        raise LookupError("No open call for projects: load the demo data (`parvis load_demo`).")
    return call.get_absolute_url()


def published_laureates() -> str:
    """The demo's judged call whose laureates are published ("Clic et Déclic 2026")."""
    call = public_calls().filter(laureates_published_at__isnull=False).order_by("pk").first()
    if call is None:
        raise LookupError("No call with published laureates: load the demo data.")
    return reverse("calls:laureates", args=[call.slug])


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("call-list", "calls:list"),
        PublicPage("call-detail", resolver=open_call),
        PublicPage("call-laureates", resolver=published_laureates),
    ]
