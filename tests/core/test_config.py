"""Deployment configuration read from environment variables."""

import sqlite3
import subprocess
import sys

import pytest

from parvis.config import cache_settings, email_settings


def test_email_url_smtp_with_tls():
    settings = email_settings("smtp+tls://alerte%40ville.fr:s%3Acret@smtp.ville.fr:2525?timeout=7")
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["EMAIL_HOST"] == "smtp.ville.fr" and settings["EMAIL_PORT"] == 2525
    assert settings["EMAIL_HOST_USER"] == "alerte@ville.fr"
    assert settings["EMAIL_HOST_PASSWORD"] == "s:cret"
    assert settings["EMAIL_USE_TLS"] and not settings["EMAIL_USE_SSL"]
    assert settings["EMAIL_TIMEOUT"] == 7


def test_smtp_waits_for_the_server_a_bounded_time():
    assert email_settings("smtps://smtp.ville.fr")["EMAIL_TIMEOUT"] == 30


def test_email_url_console_and_unknown_scheme():
    assert email_settings("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ValueError, match="unsupported scheme"):
        email_settings("pigeon://coo")


def test_cache_url():
    assert cache_settings("locmem://")["default"]["BACKEND"].endswith("LocMemCache")
    redis = cache_settings("redis://cache:6379/1")["default"]
    assert redis["BACKEND"].endswith("RedisCache") and redis["LOCATION"] == "redis://cache:6379/1"
    with pytest.raises(ValueError):
        cache_settings("memcached://x")


def parvis(*args, data_dir):
    """Run the `parvis` command in a fresh process on an embedded database in data_dir."""
    return subprocess.run(
        [sys.executable, "-m", "parvis", *args],
        capture_output=True, text=True, check=False,
        env={"PARVIS_DATA_DIR": str(data_dir), "PATH": ""},
    )


def test_embedded_database_uses_wal_mode(tmp_path):
    result = parvis("migrate", "--noinput", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "parvis.sqlite3") as database:
        assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_parvis_command_wraps_manage(tmp_path):
    result = parvis("help", "load_demo", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "demo data" in result.stdout


@pytest.mark.argon2
@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(make_user):
    person = make_user(password="un-mot-de-passe-solide")
    assert person.password.startswith("argon2$argon2id$")
    assert person.check_password("un-mot-de-passe-solide")
