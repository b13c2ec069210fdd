"""Domain rules of the agenda: saving events, registering (with a waiting list that moves
up by itself), cancelling through a signed link, reminders, attendee exports and imports.

Two people racing for the last seat cannot both get it: a registration locks the event's
row (SELECT ... FOR UPDATE on PostgreSQL; SQLite runs one writing transaction at a time).
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from parvis.agenda import ical
from parvis.agenda.models import Event, Registration, RegistrationStatus
from parvis.core import audit, throttle
from parvis.core.errors import DomainError
from parvis.core.links import absolute
from parvis.core.mail import queue_mail
from parvis.core.services.retention import cutoff
from parvis.processes.models import Action
from parvis.processes.services import Decision, action_decision

logger = logging.getLogger(__name__)

CANCEL_SALT = "parvis.agenda.cancel"
CONFIRM_SALT = "parvis.agenda.confirm"


# Registrations holding seats or a place on the waiting list (the organisers' attendees).
HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


class RegistrationError(DomainError):
    """A registration that cannot be made; the message is for the person."""


class TooManyRegistrations(RegistrationError):
    """The hourly limit of the address or of the client is reached (HTTP 429)."""

    def __init__(self, refusal: throttle.Throttled):
        super().__init__(ngettext(
            "Trop d'inscriptions ont été demandées en peu de temps pour cette adresse e-mail"
            " ou depuis votre connexion. Réessayez dans %(minutes)d minute.",
            "Trop d'inscriptions ont été demandées en peu de temps pour cette adresse e-mail"
            " ou depuis votre connexion. Réessayez dans %(minutes)d minutes.",
            refusal.minutes_left,
        ) % {"minutes": refusal.minutes_left})


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
    """Free seats, or None when the event has no limit. Pending registrations (address not
    confirmed yet) take none."""
    if event.capacity is None:
        return None
    return max(event.capacity - confirmed_seats(event), 0)


def confirmation_hours() -> int:
    return settings.AGENDA_CONFIRMATION_HOURS


def holds_confirmed_address(user, email: str) -> bool:
    """Whether `email` is the address this signed-in account has already confirmed."""
    return (user is not None and user.is_authenticated and user.email_confirmed_at is not None
            and user.email.strip().lower() == email)


def registration_hits(email: str, ip_address: str | None) -> list[throttle.Hit]:
    """A registration waiting for its address counts per address and per client, per hour."""
    return [
        throttle.Hit(throttle.Rate("agenda.email", settings.AGENDA_REGISTRATIONS_PER_HOUR_PER_EMAIL,
                                   3600), email),
        throttle.Hit(throttle.Rate("agenda.client", settings.AGENDA_REGISTRATIONS_PER_HOUR_PER_IP,
                                   3600), ip_address),
    ]


def register(event: Event, *, name: str, email: str, seats: int, user=None,
             ip_address: str | None = None) -> Registration:
    """Register someone. A signed-in person giving the address their account confirmed is
    registered at once (confirmed while seats remain, else on the waiting list); anyone
    else gets a *pending* registration and a link to confirm the address, within the
    hourly limits of the address and of the client. A pending registration for the same
    address is replaced (its link stops working), so an address typed by someone else
    never blocks its owner. An address already registered is told so by e-mail and its
    registration returned unchanged: the page answers as for a new registration, so no
    one learns from it who registered."""
    decision = registration_decision(event, user)
    if not decision:
        raise RegistrationError(decision.reason)
    email = email.strip().lower()
    account = user if user is not None and user.is_authenticated else None
    if holds_confirmed_address(account, email):
        return _create(event, account, name=name, email=email, seats=seats, pending=False)
    try:
        with throttle.reserve(*registration_hits(email, ip_address)):
            known = event.registrations.filter(email=email).exclude(
                status__in=[RegistrationStatus.PENDING, RegistrationStatus.CANCELLED]).first()
            if known is not None:  # told to the address only: the page says nothing of it
                send_on_commit(known, "already")
                return known
            return _create(event, account, name=name, email=email, seats=seats, pending=True)
    except throttle.Throttled as refusal:
        raise TooManyRegistrations(refusal) from None


def _create(event: Event, account, *, name: str, email: str, seats: int,
            pending: bool) -> Registration:
    try:
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            locked.registrations.filter(email=email, status=RegistrationStatus.PENDING).delete()
            registration = Registration(event=locked, user=account, name=name, email=email,
                                        seats=seats, status=RegistrationStatus.PENDING)
            if pending:
                registration.save()
                audit.record(account, "event.registration_pending", locked,
                             registration=registration.pk, seats=seats)
                send_on_commit(registration, "confirm")
            else:
                _take_seats(locked, registration)
    except IntegrityError as error:
        raise RegistrationError(
            _("Cette adresse e-mail est déjà inscrite à cet événement.")
        ) from error
    return registration


def _take_seats(event: Event, registration: Registration) -> None:
    """Confirm a registration whose address is known: seats while they remain, else the
    waiting list. Runs with the event locked."""
    free = seats_left(event)
    registration.status = (RegistrationStatus.CONFIRMED
                           if free is None or registration.seats <= free
                           else RegistrationStatus.WAITING)
    registration.email_confirmed_at = timezone.now()
    registration.save()
    audit.record(registration.user, "event.registered", event, registration=registration.pk,
                 seats=registration.seats, status=registration.status)
    send_on_commit(registration, registration.status)


class ConfirmationRefused(RegistrationError):
    """A confirmation link that cannot confirm: expired, registration gone, or registrations
    closed meanwhile. `registration` is the one it was for, if it still exists."""

    def __init__(self, message: str, registration: Registration | None = None):
        super().__init__(message)
        self.registration = registration


def confirm(token: str) -> Registration:
    """Confirm the address of a pending registration through the link e-mailed to it: it
    then takes seats, or a place on the waiting list if the event filled up meanwhile.
    Following the link again changes nothing."""
    opened = open_confirmation(token)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=opened.event_id)
        registration = Registration.objects.get(pk=opened.pk)
        if registration.status != RegistrationStatus.PENDING:
            return registration
        decision = registration_decision(event, registration.user or AnonymousUser())
        if not decision:
            raise ConfirmationRefused(decision.reason, registration)
        _take_seats(event, registration)
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
    """Move people up from the waiting list, first confirmed first served, while seats are free.
    Runs inside the transaction that freed the seats (with the event locked)."""
    free = seats_left(event)
    promoted = []
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        F("email_confirmed_at").asc(nulls_last=True), "pk"
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
    return absolute(reverse("agenda:cancel", args=[cancellation_token(registration)]))


def confirmation_token(registration: Registration) -> str:
    """A signed, dated link token; it expires after AGENDA_CONFIRMATION_HOURS."""
    return signing.dumps(registration.pk, salt=CONFIRM_SALT, compress=True)


def open_confirmation(token: str) -> Registration:
    """The registration of a confirmation link. signing.BadSignature for a forged link;
    ConfirmationRefused when the link expired unused or its registration is gone. Once
    confirmed in time, the link stays the registration's page."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=confirmation_hours() * 3600)
        expired = False
    except signing.SignatureExpired:
        pk, expired = signing.loads(token, salt=CONFIRM_SALT), True
    registration = Registration.objects.select_related("event").filter(pk=pk).first()
    if expired and (registration is None or registration.status == RegistrationStatus.PENDING):
        raise ConfirmationRefused(expired_message(), registration)
    if registration is None:
        raise ConfirmationRefused(_("Cette inscription n'existe plus : elle a été remplacée par"
                                    " une nouvelle demande ou annulée."))
    return registration


def expired_message() -> str:
    hours = confirmation_hours()
    return ngettext(
        "Ce lien de confirmation a expiré : il n'était valable que %(hours)d heure. Aucune"
        " place n'a été retenue ; inscrivez-vous à nouveau pour recevoir un nouveau lien.",
        "Ce lien de confirmation a expiré : il n'était valable que %(hours)d heures. Aucune"
        " place n'a été retenue ; inscrivez-vous à nouveau pour recevoir un nouveau lien.",
        hours,
    ) % {"hours": hours}


def confirmation_url(registration: Registration) -> str:
    return absolute(reverse("agenda:confirm", args=[confirmation_token(registration)]))


# E-mails --------------------------------------------------------------------------------

SUBJECTS = {
    "confirm": gettext_lazy("Confirmez votre inscription : %s"),
    RegistrationStatus.CONFIRMED: gettext_lazy("Inscription confirmée : %s"),
    RegistrationStatus.WAITING: gettext_lazy("Liste d'attente : %s"),
    "promoted": gettext_lazy("Une place s'est libérée : %s"),
    "reminder": gettext_lazy("Rappel, c'est demain : %s"),
    "already": gettext_lazy("Déjà inscrit·e : %s"),
}


def send_on_commit(registration: Registration, kind: str) -> None:
    transaction.on_commit(lambda: send_email(registration, kind))


def send_email(registration: Registration, kind: str) -> None:
    """Queue one of the registration e-mails (the outbox delivers it).

    The e-mails go to an address anyone may have typed: they quote only the event's own
    data, the number of seats and the platform's links, never what the registrant wrote
    (their name), so that they cannot carry someone else's message."""
    event = registration.event
    links = ({"confirm_url": confirmation_url(registration), "hours": confirmation_hours()}
             if kind == "confirm" else {"cancel_url": cancellation_url(registration)})
    body = render_to_string(f"agenda/email/{kind}.txt", {
        "seats": registration.seats,
        "event": event,
        "event_url": absolute(event.get_absolute_url()),
        **links,
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
    """The registrations of an event for its organisers, without those still waiting for
    their address to be confirmed (an address anyone may have typed); audit-logged."""
    registrations = list(event.registrations.filter(status__in=HOLDING))
    audit.record(actor, "personal_data.exported", event, kind="event_attendees",
                 count=len(registrations))
    return registrations


def purge_registrations(now: datetime) -> int:
    """Registrations of events that ended more than the retention period ago."""
    expired = Registration.objects.filter(event__ends_at__lt=cutoff("event_registrations", now))
    return expired.delete()[0]


def purge_pending_registrations(now: datetime) -> int:
    """Registrations whose address was not confirmed in time: their link no longer works."""
    expired = Registration.objects.filter(
        status=RegistrationStatus.PENDING,
        created_at__lt=now - timedelta(hours=confirmation_hours()),
    )
    return expired.delete()[0]


def forget_registrations(user) -> None:
    """A deleted account's registrations to coming events are cancelled (seats go to the
    waiting list), the others deleted."""
    for registration in user.event_registrations.filter(
        event__starts_at__gt=timezone.now()
    ).exclude(status=RegistrationStatus.CANCELLED):
        cancel(registration)
    user.event_registrations.all().delete()
