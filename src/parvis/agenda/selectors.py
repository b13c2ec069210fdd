"""Reading the agenda: published events with the list's filters, and the month grid."""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from parvis.agenda.models import Event, Registration, RegistrationStatus
from parvis.core.bounds import EARLIEST_DAY, LATEST_DAY
from parvis.processes.permissions import accessible_processes

# Days of the period filters are brought into this range (far dates would overflow the
# time zone arithmetic).


def public_events() -> QuerySet[Event]:
    return Event.objects.published().select_related("commune", "process__theme")


def visible_events(user) -> QuerySet[Event]:
    """The events this person may open: the public ones, and those of a process reserved
    to a panel they belong to (never listed in the agenda nor its feeds)."""
    reachable = Q(process__isnull=True) | Q(process__in=accessible_processes(user))
    return Event.objects.filter(reachable, is_published=True).select_related(
        "commune", "process__theme")


def registrations_of(user) -> QuerySet[Registration]:
    """The person's registrations not cancelled, with their events, soonest first."""
    return Registration.objects.filter(user=user).exclude(
        status=RegistrationStatus.CANCELLED).select_related("event").order_by(
        "event__starts_at", "pk")


def registration_at(event: Event, user) -> Registration | None:
    """The person's registration to `event` (not cancelled), if they are signed in."""
    if not user.is_authenticated:
        return None
    return registrations_of(user).filter(event=event).first()


def filtered(events: QuerySet[Event], filters: dict) -> QuerySet[Event]:
    """Apply the filters of EventFilterForm; with no period, the events not yet over."""
    if "commune" in filters:
        events = events.filter(commune=filters["commune"])
    if "theme" in filters:
        events = events.filter(process__theme=filters["theme"])
    if "process" in filters:
        events = events.filter(process=filters["process"])
    if "start" in filters:
        events = events.filter(ends_at__gte=local_midnight(filters["start"]))
    if "end" in filters:
        events = events.filter(starts_at__lt=local_midnight(filters["end"], days_after=1))
    if "start" not in filters and "end" not in filters:
        events = events.upcoming()
    if filters.get("mode") == "online":
        events = events.online()
    elif filters.get("mode") == "on_site":
        events = events.on_site()
    return events


def local_midnight(day: date, days_after: int = 0) -> datetime:
    day = min(max(day, EARLIEST_DAY), LATEST_DAY) + timedelta(days=days_after)
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class Day:
    date: date
    in_month: bool
    events: list = field(default_factory=list)


def month_grid(events: QuerySet[Event], year: int, month: int) -> list[list[Day]]:
    """Weeks (Monday first) of the month, each day with the events happening that day."""
    weeks = calendar.Calendar().monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    days = {day: Day(day, day.month == month) for week in weeks for day in week}
    in_range = events.filter(starts_at__lt=local_midnight(last, days_after=1),
                             ends_at__gt=local_midnight(first))
    for event in in_range:
        day = max(timezone.localdate(event.starts_at), first)
        end = min(timezone.localdate(event.ends_at - timedelta(microseconds=1)), last)
        while day <= end:
            days[day].events.append(event)
            day += timedelta(days=1)
    return [[days[day] for day in week] for week in weeks]


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def next_event_with_registration() -> Event | None:
    """The next published event of a process that takes registrations (the demo's example
    of a registration, and the quality gates' page)."""
    return (Event.objects.published().upcoming().filter(registration_required=True)
            .exclude(process=None).order_by("starts_at").first())
