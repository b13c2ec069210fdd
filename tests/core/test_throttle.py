"""The rate-limit service: atomic counters shared by every server process, and the client's
address behind trusted reverse proxies."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from parvis.core import throttle
from parvis.core.models import LoginAttempt, ThrottleCounter
from parvis.core.services import accounts
from tests.race import race

RATE = throttle.Rate("essai", 3, 60)


@pytest.fixture(params=["database", "cache"])
def store(request, settings, db):
    settings.THROTTLE_STORE = request.param
    cache.clear()
    return request.param


def test_hits_over_the_limit_are_refused_and_not_counted(store):
    hit = throttle.Hit(RATE, "bob@example.org")
    counts = [throttle.take(hit)[hit] for _ in range(3)]
    assert counts == [1, 2, 3]
    for _ in range(2):
        with pytest.raises(throttle.Throttled) as refused:
            throttle.take(hit)
    assert timezone.now() < refused.value.retry_at <= timezone.now() + timedelta(seconds=60)
    throttle.give_back(hit)
    assert throttle.take(hit)[hit] == 3  # the refusals did not count, the given back hit did


def test_a_hit_is_refused_as_a_whole(store):
    wide, narrow = throttle.Hit(RATE, "a"), throttle.Hit(throttle.Rate("étroit", 1, 60), "a")
    throttle.take(narrow)
    with pytest.raises(throttle.Throttled) as refused:
        throttle.take(wide, narrow)
    assert refused.value.rate.name == "étroit"
    assert throttle.take(wide)[wide] == 1  # the refused hit was not counted on `wide` either


def test_a_reservation_is_given_back_when_the_work_fails(store):
    hit = throttle.Hit(RATE, "a")
    with pytest.raises(ValueError), throttle.reserve(hit):
        raise ValueError("the work failed")
    with throttle.reserve(hit) as counts:
        assert counts[hit] == 1


def test_a_window_starts_again_once_passed(store, monkeypatch):
    hit = throttle.Hit(RATE, "a")
    for _ in range(3):
        throttle.take(hit)
    later = timezone.now() + timedelta(seconds=61)
    monkeypatch.setattr(timezone, "now", lambda: later)
    if store == "cache":  # the cache expires keys by its own clock
        cache.clear()
    assert throttle.take(hit)[hit] == 1


def test_a_limit_of_zero_and_a_missing_subject_count_nothing(store):
    assert throttle.take(throttle.Hit(throttle.Rate("off", 0, 60), "a"),
                         throttle.Hit(RATE, None)) == {}
    assert not ThrottleCounter.objects.exists()


def test_subjects_are_not_stored_in_clear(db, settings):
    settings.THROTTLE_STORE = "database"
    throttle.take(throttle.Hit(RATE, "bob@example.org|192.0.2.1"))
    counter = ThrottleCounter.objects.get()
    assert "bob" not in counter.key and "192.0.2" not in counter.key


def test_expired_counters_are_purged(db, settings):
    settings.THROTTLE_STORE = "database"
    throttle.take(throttle.Hit(RATE, "a"))
    assert throttle.purge_expired(timezone.now()) == 0
    assert throttle.purge_expired(timezone.now() + timedelta(seconds=61)) == 1


# Concurrency -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_parallel_hits_get_through_up_to_the_limit_only(concurrent_database, settings):
    settings.THROTTLE_STORE = "database"
    hit = throttle.Hit(throttle.Rate("parallèle", 5, 60), "a")
    results = race(lambda number: throttle.take(hit)[hit], 20)
    counts = [result for result in results if isinstance(result, int)]
    assert sorted(counts) == [1, 2, 3, 4, 5]
    assert all(isinstance(result, throttle.Throttled) for result in results
               if not isinstance(result, int))


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_are_checked_up_to_the_limit_only(concurrent_database,
                                                                     make_user, settings):
    """Regression: 13 parallel wrong passwords were checked against a limit of 5."""
    settings.LOGIN_THROTTLE_PER_ACCOUNT_CLIENT = 5
    make_user(email="bob@example.org")

    def guess(number):
        request = RequestFactory().post("/compte/connexion/", REMOTE_ADDR="192.0.2.1")
        return accounts.authenticate_throttled(request, "bob@example.org", f"essai-{number}")

    results = race(guess, 13)

    assert LoginAttempt.objects.count() == 5  # passwords checked (and wrong)
    assert results.count(None) == 5
    assert sum(isinstance(result, throttle.Throttled) for result in results) == 8


# The client's address ------------------------------------------------------------------


def request_from(remote_addr, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert throttle.client_ip(request_from("203.0.113.5", "198.51.100.1")) == "203.0.113.5"
    assert throttle.client_ip(request_from("unix:")) is None


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.2", "198.51.100.1", "198.51.100.1"),
        # A client writing its own header is not believed: the proxy appended its address.
        ("10.0.0.2", "192.0.2.66, 198.51.100.1", "198.51.100.1"),
        # Two proxies of ours in a row.
        ("10.0.0.2", "198.51.100.1, 10.0.0.3", "198.51.100.1"),
        ("10.0.0.2", "2001:db8::7", "2001:db8::7"),
        # Not from a proxy of ours: its header means nothing.
        ("203.0.113.5", "198.51.100.1", "203.0.113.5"),
        # Only proxies, or an unreadable address where the client's should be.
        ("10.0.0.2", "", None),
        ("10.0.0.2", "pas-une-adresse, 10.0.0.3", None),
    ],
)
def test_behind_trusted_proxies_the_client_is_the_last_address_before_them(
    settings, remote, forwarded, client
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert throttle.client_ip(request_from(remote, forwarded)) == client
