"""Retention: deleting personal data once its period (settings.RETENTION_DAYS) is over.

The platform's own purge tasks are listed here; each module declares its tasks
(`Module.retention`): `function(now)` deletes what expired at `now` and returns how many
rows it deleted. Tasks
only write to the database, so that a dry run can roll them back.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import F, ProtectedError, Q

from parvis.core import audit, mail, modules, throttle
from parvis.core.models import (
    AuditEntry,
    HelpConsent,
    LoginAttempt,
    RetentionReport,
    User,
    VerificationLevel,
)
from parvis.core.services.photos import purge_held
from parvis.core.tasks import purge_finished

logger = logging.getLogger(__name__)

PurgeTask = Callable[[datetime], int]
tasks: dict[str, PurgeTask] = {}

# A login this soon after registering is part of the registration (confirming the address).
REGISTRATION_LOGIN_GRACE = timedelta(hours=1)


def register(kind: str, function: PurgeTask) -> PurgeTask:
    tasks[kind] = function
    return function


def cutoff(kind: str, now: datetime) -> datetime:
    return now - timedelta(days=settings.RETENTION_DAYS[kind])


PLATFORM = "core"  # the module name of the platform's own tasks in a retention report


def run(now: datetime, dry_run: bool = False) -> dict[str, int]:
    """Run every purge task; a dry run counts what would go and changes nothing. A real run
    stores its `RetentionReport` (counts per module and kind)."""
    counts, owners = {}, {}
    every = [(PLATFORM, kind, function) for kind, function in tasks.items()] + [
        (module.app, kind, function) for module in modules.all_modules()
        for kind, function in module.retention.items()]
    for owner, kind, function in every:
        with transaction.atomic():
            counts[kind] = function(now)
            if dry_run:
                transaction.set_rollback(True)
        owners[kind] = owner
        logger.info("%s %s: %d", "would purge" if dry_run else "purged", kind, counts[kind])
    if not dry_run:
        audit.record(None, "retention.purged", counts=counts)
        RetentionReport.objects.create(
            ran_at=now, total=sum(counts.values()),
            lines=[{"module": owners[kind], "kind": kind, "count": count}
                   for kind, count in counts.items()])
    return counts


def _deleted_count(queryset) -> int:
    return queryset.delete()[0]


def purge_unconfirmed_accounts(now: datetime) -> int:
    """Accounts never confirmed nor used again after registering, with no role: deleted.

    An account that other apps protect (a contribution with on_delete=PROTECT) is kept.
    """
    logged_in_later = Q(last_login__gt=F("date_joined") + REGISTRATION_LOGIN_GRACE)
    candidates = User.objects.filter(
        email_confirmed_at__isnull=True,
        verification_level=VerificationLevel.NONE,
        deleted_at__isnull=True,
        is_staff=False,
        is_superuser=False,
        role_grants__isnull=True,
        date_joined__lt=cutoff("unconfirmed_accounts", now),
    ).exclude(logged_in_later)
    deleted = 0
    for user in candidates:
        try:
            with transaction.atomic():
                user.delete()
        except ProtectedError:
            continue
        deleted += 1
    return deleted


def purge_login_attempts(now: datetime) -> int:
    return _deleted_count(LoginAttempt.objects.filter(at__lt=cutoff("login_attempts", now)))


def purge_help_consents(now: datetime) -> int:
    ended_before = cutoff("help_consents", now)
    return _deleted_count(
        HelpConsent.objects.filter(Q(expires_at__lt=ended_before) | Q(revoked_at__lt=ended_before))
    )


def purge_audit_log(now: datetime) -> int:
    return _deleted_count(AuditEntry.objects.filter(at__lt=cutoff("audit_log", now)))


def purge_sessions(now: datetime) -> int:
    """Expired sessions, as Django's `clearsessions` does for database-backed sessions."""
    return _deleted_count(Session.objects.filter(expire_date__lt=now))


register("unconfirmed_accounts", purge_unconfirmed_accounts)
register("login_attempts", purge_login_attempts)
register("help_consents", purge_help_consents)
register("audit_log", purge_audit_log)
register("sessions", purge_sessions)
register("throttle_counters", throttle.purge_expired)
register("outbox", mail.purge_sent)
register("task_results", purge_finished)
register("held_photos", purge_held)
