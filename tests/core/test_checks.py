"""`parvis check --deploy` flags the account protections switched off (with the identity
fingerprint key given by the environment, as production must)."""

import pytest
from django.core.checks import run_checks


def deploy_warnings() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True)
            if message.id.startswith("parvis.")}


@pytest.fixture
def production(settings, monkeypatch):
    monkeypatch.setenv("IDENTITY_HASH_KEY", settings.IDENTITY_HASH_KEY)
    settings.TWO_FACTOR_REQUIRED = True
    settings.THROTTLE_STORE = "database"
    settings.SERVE_MEDIA = False


def test_production_defaults_raise_nothing(production):
    assert deploy_warnings() == set()


def test_two_factor_switched_off_is_flagged(production, settings):
    settings.TWO_FACTOR_REQUIRED = False
    assert deploy_warnings() == {"parvis.W001"}


def test_the_demo_setting_is_refused_in_production(production, settings):
    settings.DEMO = True
    assert deploy_warnings() == {"parvis.E007"}


@pytest.mark.parametrize("name", ["LOGIN_THROTTLE_PER_ACCOUNT", "LOGIN_THROTTLE_PER_IP",
                                  "ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR"])
def test_throttling_switched_off_is_flagged(production, settings, name):
    setattr(settings, name, 0)
    assert deploy_warnings() == {"parvis.W002"}


def test_counters_that_are_not_shared_or_atomic_are_flagged(production, settings):
    settings.THROTTLE_STORE = "cache"
    assert deploy_warnings() == {"parvis.W004"}  # the default cache is per process
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/0"}}
    assert deploy_warnings() == set()
    settings.THROTTLE_STORE = "memoire"
    assert deploy_warnings() == {"parvis.W003"}


def test_the_checks_run_only_for_deployment(settings):
    settings.TWO_FACTOR_REQUIRED = False
    assert not {message.id for message in run_checks()} & {"parvis.W001"}
