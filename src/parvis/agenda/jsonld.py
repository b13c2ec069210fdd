"""schema.org `Event` description of an event, embedded in its page as JSON-LD (data that
browsers never execute, so the strict script-src policy does not apply to it)."""

import json

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString

from parvis.core.links import absolute

# Like json_script: nothing in the data can close the <script> element.
ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
MODES = {
    (True, True): "MixedEventAttendanceMode",
    (True, False): "OnlineEventAttendanceMode",
    (False, True): "OfflineEventAttendanceMode",
    (False, False): "OfflineEventAttendanceMode",
}


def event_data(event, seats_left: int | None) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary or event.purpose,
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/"
        + MODES[(event.is_online, event.is_on_site)],
        "url": absolute(event.get_absolute_url()),
        "isAccessibleForFree": True,
        "organizer": {"@type": "GovernmentOrganization", "name": settings.ORGANISATION_NAME,
                      "url": settings.SITE_URL},
        "location": locations(event),
    }
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
        data["remainingAttendeeCapacity"] = seats_left
    return data


def locations(event) -> list[dict]:
    places = []
    if event.is_on_site or not event.is_online:
        place = {"@type": "Place", "name": event.place_name or event.address,
                 "address": {"@type": "PostalAddress", "streetAddress": event.address,
                             "addressLocality": event.commune.name if event.commune else "",
                             "addressCountry": "FR"}}
        if event.has_point:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": event.latitude,
                            "longitude": event.longitude}
        places.append(place)
    if event.is_online:
        places.append({"@type": "VirtualLocation", "url": event.online_url})
    return places


def script(data: dict) -> SafeString:
    text = json.dumps(data, ensure_ascii=False).translate(ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))
