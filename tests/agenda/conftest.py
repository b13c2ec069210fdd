import itertools
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.agenda import services
from parvis.agenda.models import Event, RegistrationStatus

DAY = timedelta(days=1)
_counter = itertools.count()


@pytest.fixture
def make_process(make_process):
    """A published process whose current phase, for a month, opens `actions`."""

    def make(actions=("register",), theme=None):
        return make_process(phases=[("Phase", -1, 30, actions)], theme=theme)

    return make


@pytest.fixture
def make_event(db):
    def make(days=3, hours=2, **fields):
        number = next(_counter)
        starts_at = fields.pop("starts_at", timezone.now() + days * DAY)
        fields.setdefault("place_name", "Salle des fêtes")
        fields.setdefault("is_published", True)
        return Event.objects.create(
            title=fields.pop("title", f"Réunion publique {number}"),
            slug=f"reunion-{number}", starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours), **fields,
        )

    return make


@pytest.fixture
def event(make_event, make_process):
    """An event with 3 seats and registration open through its process."""
    return make_event(capacity=3, registration_required=True, process=make_process())


@pytest.fixture
def register(db):
    """Register someone through the service and confirm their address as the e-mailed link
    does; returns the registration as it then stands (confirmed or waiting)."""

    def make(event, *, email, name="Alex Martin", seats=1, user=None):
        registration = services.register(event, name=name, email=email, seats=seats,
                                         user=user)
        if registration.status == RegistrationStatus.PENDING:
            registration = services.confirm(services.confirmation_token(registration))
        return registration

    return make


def link_path(message, kind: str) -> str:
    """The site path of the `kind` link ("confirmation", "annulation") of an e-mail."""
    link = re.search(rf"https?://\S+/agenda/{kind}/\S+/", message.body).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def post_registration(client, event, email, seats=1, name="Alex Martin", **extra):
    """Send the registration form of `event`."""
    return client.post(reverse("agenda:register", args=[event.slug]),
                       {"name": name, "email": email, "seats": seats}, **extra)
