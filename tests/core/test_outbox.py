"""The outbox: every e-mail is a row written with the change it tells about, delivered once
by a background task, retried after a mail server failure, purged after its retention."""

import smtplib
from datetime import timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from parvis.core import tasks
from parvis.core.mail import deliver, queue_mail
from parvis.core.models import OutboxMessage, OutboxStatus
from parvis.core.services import retention
from parvis.core.services.accounts import delete_account

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """A mail server that answers every message with a temporary failure."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("connection lost")


def test_a_password_reset_goes_through_the_outbox(client, make_user, mailoutbox):
    make_user(email="bob@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "bob@example.org"})
    message = OutboxMessage.objects.get()
    assert (message.to, message.status, message.attempts) == ("bob@example.org",
                                                             OutboxStatus.SENT, 1)
    assert [sent.to for sent in mailoutbox] == [["bob@example.org"]]
    assert mailoutbox[0].body == message.body
    assert "/mot-de-passe/nouveau/" in message.body


def test_a_request_writes_the_message_and_its_task_and_sends_nothing(
        client, make_user, mailoutbox, run_worker):
    make_user(email="bob@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "bob@example.org"})
    assert mailoutbox == []
    assert OutboxMessage.objects.get().status == OutboxStatus.PENDING
    assert DBTaskResult.objects.ready().count() == 1
    run_worker()
    assert len(mailoutbox) == 1
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT


def test_a_change_rolled_back_sends_nothing(mailoutbox, run_worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_mail("bob@example.org", "Objet", "Texte")
        raise RuntimeError("the change fails")
    run_worker()
    assert not OutboxMessage.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert mailoutbox == []


def test_a_message_is_delivered_once_however_often_its_task_runs(mailoutbox, run_worker):
    [message] = queue_mail(["bob@example.org", "", "bob@example.org"], "Objet", "Texte")
    deliver.enqueue(message.pk)
    deliver.enqueue(message.pk)
    run_worker()
    assert len(mailoutbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 1)
    assert set(DBTaskResult.objects.values_list("return_value", flat=True)) == {
        "sent", "skipped"}


def test_a_mail_server_failure_is_retried_later(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.core.test_outbox.RefusingBackend"
    [message] = queue_mail("bob@example.org", "Objet", "Texte")
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
    assert "connection lost" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert deliver.call(message.pk) == "skipped"  # not due yet

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - tasks.lease() - timedelta(seconds=1))
    assert tasks.sweep()["outbox"] == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.SENT, 2, "")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].extra_headers["Message-ID"] == f"<outbox-{message.pk}@127.0.0.1>"


def test_every_attempt_of_a_message_carries_the_same_message_id(settings, mailoutbox):
    """A worker dying after the mail server accepted a message sends it again: with the
    same Message-ID, so that mail servers and readers see one message."""
    settings.SITE_URL = "https://participer.example.org"
    [message] = queue_mail("bob@example.org", "Objet", "Texte")
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.PENDING)
    deliver.call(message.pk)
    assert [sent.extra_headers["Message-ID"] for sent in mailoutbox] == [
        f"<outbox-{message.pk}@participer.example.org>"] * 2


def test_a_message_is_abandoned_after_its_last_attempt(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.core.test_outbox.RefusingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 1
    [message] = queue_mail("bob@example.org", "Objet", "Texte")
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert tasks.sweep()["outbox"] == 0


def test_a_claim_left_by_a_dead_worker_expires_and_the_message_leaves(
        mailoutbox, run_worker):
    [message] = queue_mail("bob@example.org", "Objet", "Texte")
    now = timezone.now()
    # A worker claimed it, then died before sending.
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=now + tasks.lease(),
                                                       attempts=1)
    run_worker()
    assert mailoutbox == []
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_until=now - timedelta(seconds=1),
        next_attempt_at=now - tasks.lease() - timedelta(seconds=1))
    assert tasks.sweep()["outbox"] == 1
    run_worker()
    message.refresh_from_db()
    assert (message.status, message.attempts, len(mailoutbox)) == (OutboxStatus.SENT, 2, 1)


def test_a_task_left_running_by_a_dead_worker_runs_again(mailoutbox, run_worker):
    [message] = queue_mail("bob@example.org", "Objet", "Texte")
    long_ago = timezone.now() - tasks.lease() - timedelta(seconds=1)
    DBTaskResult.objects.update(status="RUNNING", started_at=long_ago)
    assert tasks.sweep()["stalled_tasks"] == 1
    run_worker()
    assert len(mailoutbox) == 1


def test_sent_messages_are_purged_after_their_retention(settings, mailoutbox):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "outbox": 30}
    old, recent = queue_mail(["old@example.org", "recent@example.org"], "Objet", "Texte")
    OutboxMessage.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=31))
    pending = OutboxMessage.objects.create(to="pending@example.org", subject="S", body="B",
                                           created_at=timezone.now() - timedelta(days=90))
    assert retention.run(timezone.now())["outbox"] == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent.pk, pending.pk}


def test_deleting_an_account_deletes_its_emails(make_user, mailoutbox):
    bob = make_user(email="bob@example.org")
    queue_mail(["Bob@example.org", "alice@example.org"], "Objet", "Texte")
    delete_account(bob)
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == ["alice@example.org"]


def test_finished_tasks_are_purged_after_their_retention(settings, mailoutbox, database_tasks):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "task_results": 7}
    queue_mail(["old@example.org", "recent@example.org", "queued@example.org"], "Objet", "T")
    DBTaskResult.objects.update(finished_at=timezone.now() - timedelta(days=8))
    old, recent, _queued = DBTaskResult.objects.order_by("enqueued_at", "id")
    DBTaskResult.objects.filter(pk__in=[old.pk, recent.pk]).update(status="SUCCESSFUL")
    DBTaskResult.objects.filter(pk=recent.pk).update(finished_at=timezone.now())
    assert retention.run(timezone.now())["task_results"] == 1
    assert DBTaskResult.objects.count() == 2
