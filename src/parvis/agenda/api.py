"""Participation events (public): the agenda with its filters and one event. No attendee
data: only how many seats remain."""

from datetime import datetime
from enum import StrEnum

from django.urls import reverse
from ninja import Field, Query, Router, Schema

from parvis.agenda import selectors, services
from parvis.core.api_kit.errors import ErrorOut, ValidationErrorOut, get_by_slug, get_filter_object
from parvis.core.api_kit.pagination import paginated
from parvis.core.api_kit.params import Day, Slug
from parvis.core.api_kit.schemas import ObjectOut
from parvis.core.links import absolute
from parvis.core.models import Commune
from parvis.processes.models import Process, Theme

router = Router(tags=["agenda"])


class Mode(StrEnum):
    online = "online"
    on_site = "on_site"


class EventOut(ObjectOut):
    slug: str
    uid: str = Field(description="The stable iCalendar UID.")
    title: str
    starts_at: datetime
    ends_at: datetime
    commune: str | None = Field(description="Commune slug.")
    process: str | None = Field(description="Process slug.")
    place_name: str
    address: str
    latitude: float | None
    longitude: float | None
    online_url: str
    registration_required: bool
    url: str
    ics_url: str

    @staticmethod
    def resolve_ics_url(obj):
        return absolute(reverse("agenda:ics", args=[obj.slug]))


class EventDetailOut(EventOut):
    purpose: str
    summary: str
    accessibility: str
    public_transport: str
    parking: str
    bike: str
    capacity: int | None
    seats_left: int | None = Field(description="Free seats; null without a limit.")
    updated_at: datetime

    @staticmethod
    def resolve_seats_left(obj):
        return services.seats_left(obj)


class EventFilters(Schema):
    commune: Slug = Field(None, description="Events in this commune.")
    theme: Slug = Field(None, description="Events of processes of this theme.")
    process: Slug = Field(None, description="Events of this process.")
    start: Day = Field(None, description="Events not over on this day (default: today).")
    end: Day = Field(None, description="Events starting on or before this day.")
    mode: Mode = Field(None, description="Online or on-site events only.")


@router.get("/events", response={200: list[EventOut], 404: ErrorOut, 422: ValidationErrorOut})
@paginated(page_size=20)
def list_events(request, filters: Query[EventFilters]):
    """Published events, soonest first, 20 per page; without `start` nor `end`, only those
    not over yet. An unknown `commune`, `theme` or `process` answers 404."""
    given = {
        "commune": get_filter_object(Commune.objects, filters.commune, "commune"),
        "theme": get_filter_object(Theme.objects, filters.theme, "theme"),
        "process": get_filter_object(Process.objects.published(), filters.process, "process"),
        "start": filters.start,
        "end": filters.end,
        "mode": filters.mode.value if filters.mode else None,
    }
    return selectors.filtered(selectors.public_events(),
                              {name: value for name, value in given.items() if value})


@router.get("/events/{slug}", response={200: EventDetailOut, 404: ErrorOut,
                                        422: ValidationErrorOut})
def get_event(request, slug: Slug):
    """One published event."""
    return get_by_slug(selectors.public_events(), slug, "event")
