"""Notifying people: in-site notifications, e-mails now or in a daily digest, unsubscribing.

Other apps call `notify(recipient, kind=..., subject=..., message=..., url=..., actor=...)`,
or `notify_all(recipients, ...)` for many people at once (a background task);
the recipient's preference decides whether an e-mail leaves now, in the next daily digest
(`parvis send_digests`) or never; the devices the person subscribed get it at once
(`push`). Every e-mail carries a signed unsubscribe link that works without logging in.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from parvis.core import audit, tasks
from parvis.core.errors import DomainError
from parvis.core.formats import email_subject
from parvis.core.links import absolute
from parvis.core.mail import queue_mail
from parvis.core.models import User
from parvis.notifications import push
from parvis.notifications.models import Frequency, Notification, NotificationPreference, kinds

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "parvis.notifications.unsubscribe"


class UnsubscribeError(DomainError):
    """An unsubscribe link that is not valid; the message is for the person."""


def notify(recipient, *, kind: str, subject: str, message: str, url: str, actor=None) -> None:
    """Tell `recipient` something happened; never the actor themself, never a closed account."""
    if recipient is None or not recipient.is_active or recipient.deleted_at is not None:
        return
    if actor is not None and actor.pk == recipient.pk:
        return
    if kind not in dict(kinds()):
        raise ValueError(f"Unknown notification kind {kind!r}: declare it in a module.")
    immediately = email_frequency(recipient) == Frequency.IMMEDIATE
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, subject=email_subject(subject), message=message, url=url,
        actor=actor if actor is not None and actor.is_authenticated else None,
        emailed_at=timezone.now() if immediately else None,
    )
    if immediately:  # through the outbox, in the caller's transaction: both commit or neither
        send_email(recipient, notification.subject, "notifications/email/notification.txt",
                   {"notification": notification, "url": absolute(notification.url)})
    push.push_later(notification)


def notify_all(recipients, *, kind: str, subject: str, message: str, url: str,
               actor=None) -> None:
    """`notify` each of `recipients` (the followers of something), in a background task:
    the request that changed the thing writes one task, whatever the number of followers."""
    tasks.enqueue(fan_out, [recipient.pk for recipient in recipients], kind=kind,
                  subject=str(subject), message=str(message), url=url,
                  actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
                  since=timezone.now().isoformat())


@task()
def fan_out(recipient_ids: list[int], *, kind: str, subject: str, message: str, url: str,
            actor_id: int | None, since: str) -> int:
    """The task of `notify_all`; run again (after a worker died), it skips the people
    already notified."""
    done = set(Notification.objects.filter(
        recipient_id__in=recipient_ids, kind=kind, subject=email_subject(subject), url=url,
        created_at__gte=datetime.fromisoformat(since),
    ).values_list("recipient_id", flat=True))
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    count = 0
    for recipient in User.objects.filter(pk__in=set(recipient_ids) - done).order_by("pk"):
        with transaction.atomic():
            notify(recipient, kind=kind, subject=subject, message=message, url=url, actor=actor)
        count += 1
    return count


# Preferences ---------------------------------------------------------------------------


def email_frequency(user: User) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.email_frequency if preference else Frequency.IMMEDIATE


@transaction.atomic
def set_email_frequency(user: User, frequency: str, *, via: str = "preferences") -> None:
    NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_frequency": Frequency(frequency), "updated_at": timezone.now()}
    )
    audit.record(user if via == "preferences" else None, "notifications.preference_changed",
                 user, email_frequency=frequency, via=via)


# Reading in the site -------------------------------------------------------------------


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user).unread().count()


def mark_all_read(user: User) -> int:
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())


def open_notification(notification: Notification) -> str:
    """Mark a notification read; returns where it points to."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification.url or reverse("notifications:list")


# E-mails -------------------------------------------------------------------------------


def unsubscribe_token(user: User) -> str:
    """A signed token naming the person; it does not expire, like the e-mails holding it."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"user": user.pk})


def unsubscribe_url(user: User) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user)]))


def user_from_token(token: str) -> User:
    try:
        payload = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature as exc:
        raise UnsubscribeError(
            _("Ce lien de désabonnement n'est pas valide. Vérifiez qu'il est complet, ou"
              " connectez-vous pour régler vos notifications.")
        ) from exc
    user = User.objects.filter(pk=payload.get("user"), is_active=True).first()
    if user is None:
        raise UnsubscribeError(_("Ce lien de désabonnement ne correspond à aucun compte actif."))
    return user


def unsubscribe(token: str) -> User:
    """Stop every notification e-mail to the person the signed token names."""
    user = user_from_token(token)
    set_email_frequency(user, Frequency.NONE, via="unsubscribe_link")
    return user


def send_email(user: User, subject: str, template: str, context: dict) -> None:
    """Queue one e-mail with the unsubscribe link in its body and List-Unsubscribe headers."""
    link = unsubscribe_url(user)
    context = {**context, "user": user, "unsubscribe_url": link, "SITE_NAME": settings.SITE_NAME,
               "preferences_url": absolute(reverse("notifications:list"))}
    queue_mail(user.email, subject, render_to_string(template, context), headers={
        "List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    })


def pending_digests():
    """(person, notifications) for everyone choosing the daily digest who has something new.

    Only notifications created since the person chose the digest are sent, so nothing
    from a time they asked for no e-mail arrives later.
    """
    preferences = NotificationPreference.objects.filter(
        email_frequency=Frequency.DAILY, user__is_active=True, user__deleted_at__isnull=True
    ).select_related("user")
    for preference in preferences.iterator():
        notifications = list(
            Notification.objects.filter(
                recipient=preference.user, emailed_at__isnull=True,
                created_at__gte=preference.updated_at,
            ).order_by("created_at", "pk")
        )
        if notifications:
            yield preference.user, notifications


@transaction.atomic
def send_digest(user: User, notifications: list[Notification]) -> None:
    context = {"notifications": [(n, absolute(n.url)) for n in notifications]}
    subject = _("%(site)s : vos notifications du jour (%(count)d)") % {
        "site": settings.SITE_NAME, "count": len(notifications)
    }
    send_email(user, subject, "notifications/email/digest.txt", context)
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        emailed_at=timezone.now()
    )


def send_digests() -> tuple[int, int]:
    """Queue each pending digest once; returns (e-mails queued, notifications included)."""
    emails = included = 0
    for user, notifications in pending_digests():
        send_digest(user, notifications)
        emails += 1
        included += len(notifications)
    return emails, included
