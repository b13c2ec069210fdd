"""The outbox: every e-mail of the platform goes through `queue_mail`.

`queue_mail` writes one `OutboxMessage` per recipient in the caller's transaction and
enqueues its delivery in the same transaction (`parvis.core.tasks.enqueue`): if the change
is rolled back, no e-mail leaves; if it is committed, its e-mails will leave, even when the
web server or a worker dies right after.

`deliver` claims the message atomically (one conditional UPDATE: on PostgreSQL the row lock
makes a second worker's UPDATE match nothing; on SQLite the single writer does the same),
sends it through Django's configured e-mail backend, and marks it sent with its attempt
count. A message sent is never claimed again. A mail server failure puts the message back
with an exponential backoff, up to OUTBOX_MAX_ATTEMPTS; a worker that dies between the
claim and the end of the sending leaves a claim that expires after TASKS_LEASE_SECONDS, and
the message is sent by the next sweep. The only window for a second copy is a worker dying
after the mail server accepted the message and before the row is marked sent.
"""

import logging
import smtplib
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from parvis.core import tasks
from parvis.core.formats import email_subject
from parvis.core.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 255


def queue_mail(recipients: str | list[str], subject: str, body: str, *,
               headers: dict | None = None) -> list[OutboxMessage]:
    """Queue one e-mail to each address (empty and repeated addresses are skipped)."""
    if isinstance(recipients, str):
        recipients = [recipients]
    addresses = list(dict.fromkeys(address for address in recipients if address))
    messages = OutboxMessage.objects.bulk_create([
        OutboxMessage(to=address, subject=email_subject(subject), body=body,
                      headers=headers or {})
        for address in addresses
    ])
    for message in messages:
        tasks.enqueue(deliver, message.pk)
    return messages


def message_id_header(pk: int) -> str:
    """The Message-ID of an outbox message, the same at every attempt: a mail server or a
    reader that receives it twice (a worker died after the server accepted it) sees one
    message."""
    domain = urlsplit(settings.SITE_URL).hostname or "parvis.invalid"
    return f"<outbox-{pk}@{domain}>"


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after a failed attempt: 1, 2, 4… minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** (attempts - 1), 360))


def claim(message_id: int, now: datetime) -> OutboxMessage | None:
    """Take the message for one sending, or None when it is sent, abandoned, not due or
    claimed by a live worker."""
    claimed = OutboxMessage.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now,
    ).update(claimed_until=now + tasks.lease(), attempts=F("attempts") + 1)
    return OutboxMessage.objects.get(pk=message_id) if claimed else None


@task()
def deliver(message_id: int) -> str:
    now = timezone.now()
    message = claim(message_id, now)
    if message is None:
        return "skipped"
    email = EmailMessage(message.subject, message.body, settings.DEFAULT_FROM_EMAIL,
                         [message.to],
                         headers={**message.headers, "Message-ID": message_id_header(message.pk)})
    try:
        email.send()
    except (smtplib.SMTPException, OSError) as exc:
        return failed(message, exc, now)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), claimed_until=None, last_error="")
    return "sent"


def failed(message: OutboxMessage, exc: Exception, now: datetime) -> str:
    error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR_LENGTH]
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        logger.error("E-mail %s abandoned after %d attempts: %s", message.pk,
                     message.attempts, error)
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.FAILED, claimed_until=None, last_error=error)
        return "failed"
    retry_at = now + retry_delay(message.attempts)
    logger.warning("E-mail %s not sent (attempt %d), next attempt at %s: %s", message.pk,
                   message.attempts, retry_at, error)
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_until=None, next_attempt_at=retry_at, last_error=error)
    if deliver.get_backend().supports_defer:
        deliver.using(run_after=retry_at).enqueue(message.pk)
    # else: the next sweep after `retry_at` enqueues it (see `recover`)
    return "retry"


def recover(now: datetime) -> int:
    """Enqueue the messages due for longer than a lease and not claimed: their task was
    lost (a backend outside the database, a queue purged by hand)."""
    overdue = OutboxMessage.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        status=OutboxStatus.PENDING, next_attempt_at__lt=now - tasks.lease(),
    ).values_list("pk", flat=True)
    count = 0
    for message_id in overdue.iterator():
        deliver.enqueue(message_id)
        count += 1
    return count


def purge_sent(now: datetime) -> int:
    """Sent and abandoned messages are personal data: deleted after their retention."""
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["outbox"])
    return OutboxMessage.objects.filter(
        Q(status=OutboxStatus.SENT, sent_at__lt=cutoff)
        | Q(status=OutboxStatus.FAILED, created_at__lt=cutoff)
    ).delete()[0]


tasks.register_recovery("outbox", recover)
