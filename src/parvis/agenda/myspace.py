"""Event registrations in « Mon espace », with the event's calendar file."""

from dataclasses import replace

from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from parvis.agenda.ical import calendar_links
from parvis.agenda.models import Registration
from parvis.core.formats import date_format
from parvis.core.modules import Entry, section


def my_space(user) -> list:
    registrations = Registration.objects.filter(user=user).select_related("event").order_by(
        "-event__starts_at", "-pk")
    found = section(_("Mes inscriptions à des événements"), registrations, entry)
    return [replace(found, more_url=reverse("agenda:mine"))]


def entry(registration: Registration) -> Entry:
    event = registration.event
    return Entry(
        event.title, event.get_absolute_url(),
        f"{date_format(localtime(event.starts_at), 'j F Y, H:i')} · "
        f"{registration.get_status_display()}",
        links=calendar_links(event),
    )
