"""Domain rules of the agenda: saving events, registering (with a waiting list that moves
up by itself), cancelling through a signed link, reminders, attendee exports and imports.

Two people racing for the last seat cannot both get it: a registration locks the event's
row (SELECT ... FOR UPDATE on PostgreSQL; SQLite runs one writing transaction at a time).
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.agenda import ical
from parvis.agenda.models import Event, Registration, RegistrationStatus
from parvis.core import audit
from parvis.core.errors import DomainError
from parvis.core.mail import queue_mail
from parvis.core.services.retention import cutoff
from parvis.processes.models import Action
from parvis.processes.services import Decision, action_decision

logger = logging.getLogger(__name__)

CANCEL_SALT = "parvis.agenda.cancel"


class RegistrationError(DomainError):
    """A registration that cannot be made; the message is for the person."""


# Events ---------------------------------------------------------------------------------


@transaction.atomic
def save_event(event: Event, actor, created: bool) -> Event:
    """Save an event; a change raises its iCalendar SEQUENCE and may free waiting seats."""
    if not created:
        event.sequence += 1
    event.save()
    audit.record(actor, "event.created" if created else "event.updated", event)
    promote_waiting(Event.objects.select_for_update().get(pk=event.pk))
    return event


class ImportRefused(DomainError):
    """An iCalendar import that would change events it does not own; nothing is imported."""


@transaction.atomic
def import_events(data: bytes, *, process=None, commune=None, actor=None) -> dict[str, int]:
    """Create or update (by UID) the events of an iCalendar file in `process` (None: outside
    any process); returns the counts. An event of another process is never changed: its UID
    refuses the whole import."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for imported in ical.parse_events(data):
        event = Event.objects.filter(uid=imported.uid).first()
        if event is not None and event.process_id != (process.pk if process else None):
            raise ImportRefused(_(
                "L'identifiant « %s » est celui d'un événement d'une autre démarche : cet import"
                " ne peut pas le modifier. Rien n'a été importé.") % imported.uid)
        if event is None:
            event = Event(uid=imported.uid, slug=unique_slug(imported.title), process=process,
                          commune=commune, is_published=True, **imported.fields())
            outcome = "created"
        else:
            changes = {field: value for field, value in imported.fields().items()
                       if getattr(event, field) != value}
            if not changes:
                counts["unchanged"] += 1
                continue
            for field, value in changes.items():
                setattr(event, field, value)
            event.sequence += 1
            outcome = "updated"
        event.full_clean(validate_unique=False)
        event.save()
        counts[outcome] += 1
    audit.record(actor, "event.imported", None, **counts)
    return counts


def unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "evenement"
    slug, number = base, 1
    while Event.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


# Registrations --------------------------------------------------------------------------


def registration_decision(event: Event, user, at=None) -> Decision:
    """May this person register for this event now?"""
    at = at or timezone.now()
    if not event.registration_required:
        return Decision(False, _("Cet événement est en accès libre, sans inscription."))
    if event.starts_at <= at:
        return Decision(False, _("Les inscriptions sont closes : l'événement a commencé."))
    if event.process_id is not None:
        return action_decision(event.process, Action.REGISTER, user, at=at)
    return Decision(True)


def confirmed_seats(event: Event) -> int:
    registrations = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    return registrations.aggregate(total=Sum("seats"))["total"] or 0


def seats_left(event: Event) -> int | None:
    """Free seats, or None when the event has no limit."""
    if event.capacity is None:
        return None
    return max(event.capacity - confirmed_seats(event), 0)


def register(event: Event, *, name: str, email: str, seats: int, user=None) -> Registration:
    """Register someone: confirmed while seats remain, else on the waiting list."""
    decision = registration_decision(event, user)
    if not decision:
        raise RegistrationError(decision.reason)
    email = email.strip().lower()
    try:
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            free = seats_left(locked)
            registration = Registration.objects.create(
                event=locked, user=user if user is not None and user.is_authenticated else None,
                name=name, email=email, seats=seats,
                status=RegistrationStatus.CONFIRMED if free is None or seats <= free
                else RegistrationStatus.WAITING,
            )
            audit.record(user, "event.registered", locked, registration=registration.pk,
                         seats=seats, status=registration.status)
            send_on_commit(registration, registration.status)
    except IntegrityError as error:
        raise RegistrationError(
            _("Cette adresse e-mail est déjà inscrite à cet événement.")
        ) from error
    return registration


@transaction.atomic
def cancel(registration: Registration) -> list[Registration]:
    """Cancel a registration; returns the waiting registrations it promoted."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    audit.record(registration.user, "event.registration_cancelled", event,
                 registration=registration.pk)
    return promote_waiting(event)


def promote_waiting(event: Event) -> list[Registration]:
    """Move people up from the waiting list, first come first served, while seats are free.
    Runs inside the transaction that freed the seats (with the event locked)."""
    free = seats_left(event)
    promoted = []
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )
    for registration in waiting:
        if free is not None and registration.seats > free:
            break
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        audit.record(None, "event.registration_promoted", event, registration=registration.pk)
        send_on_commit(registration, "promoted")
        promoted.append(registration)
        if free is not None:
            free -= registration.seats
    return promoted


def cancellation_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CANCEL_SALT, compress=True)


def registration_from_token(token: str) -> Registration | None:
    try:
        pk = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("event").filter(pk=pk).first()


def cancellation_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse("agenda:cancel", args=[cancellation_token(registration)])


# E-mails --------------------------------------------------------------------------------

SUBJECTS = {
    RegistrationStatus.CONFIRMED: gettext_lazy("Inscription confirmée : %s"),
    RegistrationStatus.WAITING: gettext_lazy("Liste d'attente : %s"),
    "promoted": gettext_lazy("Une place s'est libérée : %s"),
    "reminder": gettext_lazy("Rappel, c'est demain : %s"),
}


def send_on_commit(registration: Registration, kind: str) -> None:
    transaction.on_commit(lambda: send_email(registration, kind))


def send_email(registration: Registration, kind: str) -> None:
    """Queue one of the registration e-mails (the outbox delivers it)."""
    event = registration.event
    body = render_to_string(f"agenda/email/{kind}.txt", {
        "registration": registration,
        "event": event,
        "event_url": settings.SITE_URL + event.get_absolute_url(),
        "cancel_url": cancellation_url(registration),
    })
    queue_mail(registration.email, str(SUBJECTS[kind]) % event.title, body)


def send_reminders(now: datetime | None = None) -> int:
    """E-mail everyone confirmed for an event that starts tomorrow (Europe/Paris); each
    person once, so the daily command may run again safely."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    due = Registration.objects.select_related("event").filter(
        status=RegistrationStatus.CONFIRMED, reminded_at__isnull=True,
        event__starts_at__date=tomorrow, event__is_published=True,
    )
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if claimed:
                send_on_commit(registration, "reminder")
                sent += claimed
    logger.info("event reminders sent: %d", sent)
    return sent


# Personal data ---------------------------------------------------------------------------


def export_attendees(event: Event, actor) -> list[Registration]:
    """The registrations of an event for its organisers; the export is audit-logged."""
    registrations = list(event.registrations.exclude(status=RegistrationStatus.CANCELLED))
    audit.record(actor, "personal_data.exported", event, kind="event_attendees",
                 count=len(registrations))
    return registrations


def purge_registrations(now: datetime) -> int:
    """Registrations of events that ended more than the retention period ago."""
    expired = Registration.objects.filter(event__ends_at__lt=cutoff("event_registrations", now))
    return expired.delete()[0]


def forget_registrations(user) -> None:
    """A deleted account's registrations to coming events are cancelled (seats go to the
    waiting list), the others deleted."""
    for registration in user.event_registrations.filter(
        event__starts_at__gt=timezone.now()
    ).exclude(status=RegistrationStatus.CANCELLED):
        cancel(registration)
    user.event_registrations.all().delete()
