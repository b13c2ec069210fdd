"""The public pages of the participation agenda, for the quality gates (see `parvis.core.modules`).

A resolver finds its page in the demo data when a gate opens it."""


from django.urls import reverse

from parvis.agenda import demo, services
from parvis.agenda.models import Event, Registration, RegistrationStatus
from parvis.agenda.selectors import next_event_with_registration
from parvis.core.modules import PublicPage, require_demo_data, signed_in


def event_with_registration() -> Event:
    event = next_event_with_registration()
    return require_demo_data(event, "No event with registration")


def event_detail() -> str:
    return event_with_registration().get_absolute_url()


def event_registration_form() -> str:
    return reverse("agenda:register", args=[event_with_registration().slug])


def registration_confirmation() -> str:
    """The page a confirmation e-mail links to, for the demo's registration waiting for its
    address (the link is made now, so it has not expired)."""
    registration = Registration.objects.get(email=demo.PENDING_EMAIL,
                                            status=RegistrationStatus.PENDING)
    return reverse("agenda:confirm", args=[services.confirmation_token(registration)])


def registered_citizen():
    """The demo citizen, registered to the next event."""
    registration = Registration.objects.select_related("user").filter(
        email=demo.CITIZEN_EMAIL, user__isnull=False).first()
    require_demo_data(registration, "No registered citizen")
    return registration.user


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("event-list", "agenda:list"),
        PublicPage("event-list-filtered", "agenda:list", query="mode=on_site&commune=bordeaux"),
        PublicPage("event-month", "agenda:month_current"),
        PublicPage("event-detail", resolver=event_detail),
        PublicPage("event-register", resolver=event_registration_form, has_form=True),
        PublicPage("event-confirm", resolver=registration_confirmation),
        PublicPage("event-detail-registered", resolver=event_detail,
                   session=signed_in(registered_citizen)),
        PublicPage("event-my-registrations", "agenda:mine", session=signed_in(registered_citizen)),
    ]
