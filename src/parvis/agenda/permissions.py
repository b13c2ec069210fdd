"""Who may organise which events: administrators all of them, process managers the events
of the processes they manage (the back office, the attendee export and the API ask here)."""

from django.db.models import QuerySet

from parvis.agenda.models import Event, EventDocument
from parvis.agenda.selectors import visible_events
from parvis.core.permissions import is_administrator
from parvis.processes.permissions import managed_processes


def managed_events(user) -> QuerySet[Event]:
    if is_administrator(user):
        return Event.objects.all()
    return Event.objects.filter(process__in=managed_processes(user))


def can_manage_event(user, event: Event) -> bool:
    return managed_events(user).filter(pk=event.pk).exists()


def can_read_document(user, document: EventDocument) -> bool:
    """A document attached to an event: for whoever may open the event's page (anyone for a
    public event, the panel's members for a members-only one) and its organisers."""
    return (visible_events(user).filter(pk=document.event_id).exists()
            or can_manage_event(user, document.event))
