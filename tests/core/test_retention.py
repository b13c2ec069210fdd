from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from parvis.core.models import (
    AuditEntry,
    HelpConsent,
    LoginAttempt,
    RetentionReport,
    Role,
    User,
    VerificationLevel,
)
from parvis.core.services import retention
from parvis.core.services.roles import grant_role

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def retention_days(settings):
    settings.RETENTION_DAYS = {
        **settings.RETENTION_DAYS,
        "unconfirmed_accounts": 30,
        "login_attempts": 30,
        "help_consents": 365,
        "audit_log": 1000,
    }
    return settings.RETENTION_DAYS


def account(make_user, name, joined, last_login=None, **fields):
    user = make_user(pseudonym=name, date_joined=joined, **fields)
    User.objects.filter(pk=user.pk).update(last_login=last_login)
    return user


@pytest.fixture
def accounts(make_user, now, retention_days):
    old = now - 31 * DAY
    agent = account(make_user, "OldAgent", old)
    grant_role(None, agent, Role.HELPER)
    return {
        "expired": account(make_user, "Expired", old, last_login=old + timedelta(seconds=2)),
        "never_logged_in": account(make_user, "NeverLoggedIn", old),
        "came_back": account(make_user, "CameBack", old, last_login=now - 2 * DAY),
        "confirmed": account(make_user, "Confirmed", old, email_confirmed_at=old,
                             verification_level=VerificationLevel.EMAIL),
        "recent": account(make_user, "Recent", now - 29 * DAY),
        "staff": account(make_user, "Staff", old, is_staff=True),
        "deleted": account(make_user, "Deleted", old, deleted_at=old),
        "role": agent,
    }


def remaining_pseudonyms():
    return set(User.objects.values_list("pseudonym", flat=True))


def test_unconfirmed_accounts_unused_since_registration_are_deleted(accounts, now):
    assert retention.purge_unconfirmed_accounts(now) == 2
    assert remaining_pseudonyms() == {
        "CameBack", "Confirmed", "Recent", "Staff", "Deleted", "OldAgent"}


def test_login_attempts_older_than_their_period_are_deleted(now, retention_days):
    LoginAttempt.objects.create(email="old@example.org", at=now - 31 * DAY)
    LoginAttempt.objects.create(email="new@example.org", at=now - 29 * DAY)
    assert retention.purge_login_attempts(now) == 1
    assert list(LoginAttempt.objects.values_list("email", flat=True)) == ["new@example.org"]


def test_help_consents_ended_long_ago_are_deleted(make_user, now, retention_days):
    person, helper = make_user(), make_user()
    long_ago, lately = now - 366 * DAY, now - 300 * DAY

    def consent(scope, expires_at, revoked_at=None):
        HelpConsent.objects.create(person=person, helper=helper, scope=scope,
                                   given_at=now - 800 * DAY, expires_at=expires_at,
                                   revoked_at=revoked_at)

    consent("expired long ago", long_ago)
    consent("revoked long ago", now + DAY, revoked_at=long_ago)
    consent("expired lately", lately)
    consent("revoked lately", now + DAY, revoked_at=lately)
    consent("current", now + DAY)

    assert retention.purge_help_consents(now) == 2
    assert set(HelpConsent.objects.values_list("scope", flat=True)) == {
        "expired lately", "revoked lately", "current"}


def test_audit_entries_older_than_their_period_are_deleted(now, retention_days):
    AuditEntry.objects.create(action="old", at=now - 1001 * DAY)
    AuditEntry.objects.create(action="kept", at=now - 999 * DAY)
    assert retention.purge_audit_log(now) == 1
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["kept"]


def test_expired_sessions_are_deleted(now):
    expired, current = SessionStore(), SessionStore()
    expired.create()
    current.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=now - DAY)
    assert retention.purge_sessions(now) == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [current.session_key]


def test_the_command_purges_every_kind_prints_and_audits(accounts, capsys):
    LoginAttempt.objects.create(email="old@example.org", at=timezone.now() - 31 * DAY)

    call_command("purge_expired")

    output = capsys.readouterr().out
    assert "unconfirmed_accounts: deleted 2" in output
    assert "login_attempts: deleted 1" in output
    assert "sessions: deleted 0" in output
    assert not LoginAttempt.objects.exists()
    entry = AuditEntry.objects.get(action="retention.purged")
    assert entry.actor is None
    assert entry.data["counts"]["unconfirmed_accounts"] == 2
    assert entry.data["counts"]["login_attempts"] == 1


def test_a_dry_run_counts_and_changes_nothing(accounts, capsys):
    LoginAttempt.objects.create(email="old@example.org", at=timezone.now() - 31 * DAY)
    users_before = User.objects.count()

    call_command("purge_expired", "--dry-run")

    output = capsys.readouterr().out
    assert "unconfirmed_accounts: would delete 2" in output
    assert "login_attempts: would delete 1" in output
    assert User.objects.count() == users_before
    assert LoginAttempt.objects.exists()
    assert not AuditEntry.objects.filter(action="retention.purged").exists()
    assert not RetentionReport.objects.exists()


def test_modules_declare_their_own_purge_tasks(register_module, now):
    seen = []
    register_module(retention={"idea_drafts": lambda at: seen.append(at) or 4})

    assert retention.run(now)["idea_drafts"] == 4
    assert seen == [now]


def test_each_run_stores_a_retention_report_per_module(accounts, register_module, now):
    register_module(app="test_tool", retention={"tool_drafts": lambda at: 3})

    retention.run(now)

    report = RetentionReport.objects.get()
    assert report.ran_at == now and report.total == 5
    lines = {line["kind"]: line for line in report.lines}
    assert lines["unconfirmed_accounts"] == {"module": "core", "kind": "unconfirmed_accounts",
                                             "count": 2}
    assert lines["tool_drafts"] == {"module": "test_tool", "kind": "tool_drafts", "count": 3}
    assert lines["report_contacts"]["module"] == "reports"


def test_retention_reports_are_shown_to_administrators_only(client, make_user, now):
    retention.run(now)
    report = RetentionReport.objects.get()
    client.force_login(make_user(is_staff=True))
    assert client.get(reverse("admin:core_retentionreport_changelist")).status_code == 403
    client.force_login(make_user(is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:core_retentionreport_changelist"))
    assert listing.status_code == 200
    detail = client.get(reverse("admin:core_retentionreport_change", args=[report.pk]))
    assert "core / login_attempts : 0" in detail.content.decode()
