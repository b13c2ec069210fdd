"""The public pages of the participation agenda, for the quality gates (see `parvis.core.modules`).

A resolver finds its page in the demo data when a gate opens it."""


from django.urls import reverse

from parvis.agenda.models import Event
from parvis.core.modules import PublicPage


def event_with_registration() -> Event:
    event = (Event.objects.published().upcoming().filter(registration_required=True)
             .exclude(process=None).order_by("starts_at").first())
    if event is None:
        raise LookupError("No event with registration: load the demo data (`parvis load_demo`).")
    return event


def event_detail() -> str:
    return event_with_registration().get_absolute_url()


def event_registration_form() -> str:
    return reverse("agenda:register", args=[event_with_registration().slug])


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("event-list", "agenda:list"),
        PublicPage("event-list-filtered", "agenda:list", query="mode=on_site&commune=bordeaux"),
        PublicPage("event-month", "agenda:month_current"),
        PublicPage("event-detail", resolver=event_detail),
        PublicPage("event-register", resolver=event_registration_form, has_form=True),
    ]
