"""iCalendar (RFC 5545) for the agenda: writing events out, reading an existing agenda's
file in. The `icalendar` package escapes text and folds lines."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import icalendar
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core.links import absolute

PRODID = "-//Parvis//Agenda de la participation//FR"
PARIS = ZoneInfo("Europe/Paris")
DEFAULT_DURATION = timedelta(hours=1)  # an imported event without an end
GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK_CALENDAR = "https://outlook.live.com/calendar/0/deeplink/compose"


class ICalendarError(ValueError):
    """The input is not an iCalendar file."""


def calendar(events, name: str) -> bytes:
    """A VCALENDAR of `events` with the Europe/Paris VTIMEZONE their times refer to."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    stamp = datetime.now(UTC)
    for event in events:
        cal.add_component(vevent(event, stamp))
    cal.add_missing_timezones()
    return cal.to_ical()


def vevent(event, stamp: datetime) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event.uid)
    component.add("dtstamp", stamp)
    component.add("dtstart", event.starts_at.astimezone(PARIS))
    component.add("dtend", event.ends_at.astimezone(PARIS))
    component.add("summary", event.title)
    component.add("description", "\n\n".join(
        text for text in (event.summary, event.purpose, event.online_url) if text
    ))
    location = ", ".join(text for text in (event.place_name, event.address) if text)
    if location:
        component.add("location", location)
    if event.has_point:
        component.add("geo", (event.latitude, event.longitude))
    component.add("url", absolute(event.get_absolute_url()))
    component.add("sequence", event.sequence)
    component.add("last-modified", event.updated_at.astimezone(UTC))
    component.add("created", event.created_at.astimezone(UTC))
    return component


@dataclass(frozen=True)
class ImportedEvent:
    uid: str
    title: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    address: str
    latitude: float | None
    longitude: float | None

    def fields(self) -> dict:
        return {
            "title": self.title, "summary": self.summary, "starts_at": self.starts_at,
            "ends_at": self.ends_at, "address": self.address, "latitude": self.latitude,
            "longitude": self.longitude,
        }


def parse_events(data: bytes) -> list[ImportedEvent]:
    """The events of an iCalendar file; ICalendarError when it is not one."""
    if not data.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
        raise ICalendarError("Not an iCalendar file: it does not start with BEGIN:VCALENDAR.")
    try:
        cal = icalendar.Calendar.from_ical(data)
        return [imported(component) for component in cal.walk("VEVENT")]
    except (ValueError, KeyError, TypeError) as error:
        raise ICalendarError(f"Invalid iCalendar file: {error}") from error


def imported(component) -> ImportedEvent:
    uid = str(component.get("uid", "")).strip()
    if not uid:
        raise ICalendarError("An event has no UID.")
    starts_at = aware(component.decoded("dtstart"))
    if "dtend" in component:
        ends_at = aware(component.decoded("dtend"))
    elif "duration" in component:
        ends_at = starts_at + component.decoded("duration")
    else:
        ends_at = starts_at
    if ends_at <= starts_at:
        ends_at = starts_at + DEFAULT_DURATION
    geo = component.get("geo")
    return ImportedEvent(
        uid=uid[:255],
        title=str(component.get("summary", "")).strip()[:200] or uid[:200],
        summary=str(component.get("description", "")).strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        address=str(component.get("location", "")).strip()[:300],
        latitude=geo.latitude if geo else None,
        longitude=geo.longitude if geo else None,
    )


def aware(value) -> datetime:
    """A datetime with a time zone: floating times and whole days are in Europe/Paris."""
    if not isinstance(value, datetime) and isinstance(value, date):
        value = datetime.combine(value, time.min)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=PARIS)
    return value


def calendar_links(event) -> list[tuple[str, str]]:
    """Where to add `event` to one's own calendar: its iCalendar file, and the pages of
    Google Agenda and Outlook.com that add it, whose addresses are built here (no third-party
    script)."""
    start, end = event.starts_at.astimezone(UTC), event.ends_at.astimezone(UTC)
    location = ", ".join(text for text in (event.place_name, event.address) if text)
    page = absolute(event.get_absolute_url())
    google = {"action": "TEMPLATE", "text": event.title, "details": page, "location": location,
              "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"}
    outlook = {"path": "/calendar/action/compose", "rru": "addevent", "subject": event.title,
               "startdt": start.isoformat(), "enddt": end.isoformat(), "body": page,
               "location": location}
    return [
        (_("Fichier iCalendar (.ics)"), reverse("agenda:ics", args=[event.slug])),
        (_("Google Agenda"), f"{GOOGLE_CALENDAR}?{urlencode(google)}"),
        (_("Outlook"), f"{OUTLOOK_CALENDAR}?{urlencode(outlook)}"),
    ]
