"""Where the agenda lets people do what a process' phases open (see `parvis.core.modules`):
register for an event of a process."""

from django.urls import reverse
from django.utils import timezone

from parvis.agenda.models import Event
from parvis.agenda.services import registration_decision
from parvis.core.modules import ActionPoint, open_sample
from parvis.processes.models import Action, Process


def open_event() -> Event:
    events = Event.objects.filter(
        registration_required=True, starts_at__gt=timezone.now(),
        process__in=Process.objects.published(),
    ).order_by("pk")
    return open_sample(events, Action.REGISTER, "event of a process with registration")


ACTIONS = [
    ActionPoint(Action.REGISTER, "register for an event",
                decide=registration_decision,
                page=lambda event: reverse("agenda:register", args=[event.slug]),
                sample=open_event, anonymous=True),
]
