"""Who may organise which events: administrators all of them, process managers the events
of the processes they manage (the back office, the attendee export and the API ask here)."""

from django.db.models import QuerySet

from parvis.agenda.models import Event
from parvis.core.permissions import is_administrator
from parvis.processes.permissions import managed_processes


def managed_events(user) -> QuerySet[Event]:
    if is_administrator(user):
        return Event.objects.all()
    return Event.objects.filter(process__in=managed_processes(user))


def can_manage_event(user, event: Event) -> bool:
    return managed_events(user).filter(pk=event.pk).exists()
