"""Where calls for projects let people do what their calendar opens (see
`parvis.core.modules`): apply, between the call's launch and its deadline."""

from django.urls import reverse
from django.utils import timezone

from parvis.calls.applications import apply_decision, public_calls
from parvis.calls.models import Call
from parvis.core.modules import ActionPoint, require_demo_data
from parvis.processes.models import Action


def open_call() -> Call:
    now = timezone.now()
    call = (public_calls().filter(launched_at__lte=now, deadline__gt=now)
            .exclude(process=None).order_by("pk").first())
    return require_demo_data(call, "No call for projects open now")


def reschedule(call: Call, opens_at, closes_at) -> None:
    call.launched_at, call.deadline = opens_at, closes_at
    call.save(update_fields=["launched_at", "deadline"])


ACTIONS = [
    ActionPoint(Action.APPLY, "apply to a call for projects",
                decide=apply_decision,
                page=lambda call: reverse("calls:apply", args=[call.slug]),
                sample=open_call, reschedule=reschedule),
]
