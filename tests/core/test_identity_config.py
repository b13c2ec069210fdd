"""The identity fingerprint key: required in production, never SECRET_KEY, rotatable, and
checked by `parvis check --deploy`; identity providers flagged there too."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from parvis.config import identity_hash_key
from tests.gates.test_deploy import production_env, run_python  # noqa: F401 (fixture)


def test_production_refuses_to_start_without_the_key(production_env):  # noqa: F811
    del production_env["IDENTITY_HASH_KEY"]
    result = run_python(production_env, "-m", "parvis", "check", "--deploy")
    assert result.returncode != 0
    assert "IDENTITY_HASH_KEY must be set" in result.stderr


def test_the_demo_key_is_kept_in_the_data_directory_not_derived_from_secret_key(
    tmp_path, monkeypatch
):
    monkeypatch.delenv("IDENTITY_HASH_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY", "one-secret-key")
    first = identity_hash_key(tmp_path, required=False)
    monkeypatch.setenv("SECRET_KEY", "a-rotated-secret-key")
    assert identity_hash_key(tmp_path, required=False) == first
    assert "secret-key" not in first and len(first) >= 32
    monkeypatch.setenv("IDENTITY_HASH_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="at least 32"):
        identity_hash_key(tmp_path, required=False)


def deploy_check_ids(settings_changes, settings, monkeypatch, environ_key=True):
    for name, value in settings_changes.items():
        setattr(settings, name, value)
    if environ_key:
        monkeypatch.setenv("IDENTITY_HASH_KEY", settings.IDENTITY_HASH_KEY)
    else:
        monkeypatch.delenv("IDENTITY_HASH_KEY", raising=False)
    try:
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "security")
    except SystemCheckError as error:
        return {code for code in ("W001", "E002", "E003", "E004", "W005", "W006")
                if f"parvis.{code}" in str(error)}
    return set()


def test_deploy_check_flags_the_key(settings, monkeypatch):
    assert "W001" in deploy_check_ids({}, settings, monkeypatch, environ_key=False)
    assert "E002" in deploy_check_ids({"IDENTITY_HASH_KEY": settings.SECRET_KEY}, settings,
                                      monkeypatch)
    current = settings.IDENTITY_HASH_KEY
    assert "E003" in deploy_check_ids({"IDENTITY_HASH_PREVIOUS_KEYS": [current]}, settings,
                                      monkeypatch)


def test_deploy_check_flags_providers_without_level_or_logout(settings, monkeypatch):
    provider = {"name": "Test", "issuer": "https://idp.example.org",
                "authorization_endpoint": "https://idp.example.org/a",
                "token_endpoint": "https://idp.example.org/t",
                "userinfo_endpoint": "https://idp.example.org/u",
                "jwks_uri": "https://idp.example.org/k", "client_id": "c", "client_secret": "s"}
    found = deploy_check_ids({"OIDC_PROVIDERS_SECRET": json.dumps({"test": provider})},
                             settings, monkeypatch)
    assert {"W005", "W006"} <= found
    complete = {**provider, "acr_values": "eidas1",
                "end_session_endpoint": "https://idp.example.org/logout"}
    found = deploy_check_ids({"OIDC_PROVIDERS_SECRET": json.dumps({"test": complete})},
                             settings, monkeypatch)
    assert not found & {"W005", "W006"}
    broken = deploy_check_ids({"OIDC_PROVIDERS_SECRET": "{not json"}, settings, monkeypatch)
    assert "E004" in broken
