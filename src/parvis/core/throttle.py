"""Rate limits: one atomic counter per (rate, subject), shared by every server process.

A `Rate` allows `limit` hits per `window` seconds; a window opens with the first hit on a
subject (an account, a client address, a token…) and the counter starts again from zero
once it has passed. `take` counts a hit on several rates at once and refuses the whole
hit, without counting it, as soon as one of them is over its limit; `give_back` returns a
hit that should not count after all (a login that succeeded, a submission that failed).

Counting *before* acting is what makes the limit hold under concurrency: each hit gets
its own number from an atomic increment, so of N simultaneous hits on a limit L only L
go through, whichever server process answers them.

Where counters live (`THROTTLE_STORE`):
- `database` (default): one row per counter (`ThrottleCounter`), increased by an
  `UPDATE … SET count = count + 1` in a transaction. It needs no other service, every
  server process shares it, and the row lock makes parallel hits wait for each other.
- `cache`: Django's cache, with `cache.add` then `cache.incr`. Use it only with Redis
  (`CACHE_URL=redis://…`), whose INCR is atomic and shared; Django's local-memory cache is
  per process, and its database cache reads then writes in `incr`, so two hits can count
  as one.

Subjects are hashed in the keys: no e-mail address or IP address is stored in clear.
"""

import hashlib
import ipaddress
import math
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from parvis.core.models import ThrottleCounter

STORES = ("database", "cache")


@dataclass(frozen=True)
class Rate:
    """`limit` hits allowed per `window` seconds; a limit of 0 switches the rate off."""

    name: str
    limit: int
    window: int


@dataclass(frozen=True)
class Hit:
    """One hit of a subject on a rate; a hit without a subject (no client address) is free."""

    rate: Rate
    subject: str | None

    @property
    def counted(self) -> bool:
        return self.rate.limit > 0 and bool(self.subject)

    @property
    def key(self) -> str:
        digest = hashlib.sha256(self.subject.encode()).hexdigest()[:40]
        return f"throttle:{self.rate.name}:{digest}"


class Throttled(Exception):
    """A rate is over its limit until `retry_at`."""

    def __init__(self, retry_at: datetime, rate: Rate):
        super().__init__(f"{rate.name} over {rate.limit} per {rate.window} s until {retry_at}")
        self.retry_at = retry_at
        self.rate = rate

    @property
    def minutes_left(self) -> int:
        """Whole minutes until the limit lifts (at least 1), for messages."""
        return max(1, math.ceil((self.retry_at - timezone.now()).total_seconds() / 60))


def take(*hits: Hit) -> dict[Hit, int]:
    """Count each hit; the counts, by hit. Over a limit: nothing is counted, Throttled."""
    counted = [hit for hit in hits if hit.counted]
    counts, refusals = {}, []
    for hit in counted:
        counts[hit], expires_at = _store().increment(hit.key, hit.rate.window)
        if counts[hit] > hit.rate.limit:
            refusals.append(Throttled(expires_at, hit.rate))
    if refusals:
        give_back(*counted)
        raise max(refusals, key=lambda refusal: refusal.retry_at)
    return counts


def give_back(*hits: Hit) -> None:
    """Uncount hits counted by `take`."""
    for hit in hits:
        if hit.counted:
            _store().decrement(hit.key)


@contextmanager
def reserve(*hits: Hit) -> Iterator[dict[Hit, int]]:
    """Count the hits for what the block does; given back if the block raises."""
    counts = take(*hits)
    try:
        yield counts
    except BaseException:
        give_back(*hits)
        raise


class DatabaseStore:
    def increment(self, key: str, window: int) -> tuple[int, datetime]:
        now = timezone.now()
        expires_at = now + timedelta(seconds=window)
        counters = ThrottleCounter.objects.filter(key=key)
        with transaction.atomic():
            counters.filter(expires_at__lte=now).update(count=0, expires_at=expires_at)
            if not counters.update(count=F("count") + 1):
                try:
                    with transaction.atomic():
                        ThrottleCounter.objects.create(key=key, count=1, expires_at=expires_at)
                    return 1, expires_at
                except IntegrityError:  # another process created it meanwhile
                    counters.update(count=F("count") + 1)
            # The row stays locked by this transaction's update until it ends: the count
            # read is this hit's own.
            return counters.values_list("count", "expires_at").get()

    def decrement(self, key: str) -> None:
        ThrottleCounter.objects.filter(key=key, count__gt=0).update(count=F("count") - 1)


class CacheStore:
    def increment(self, key: str, window: int) -> tuple[int, datetime]:
        expires_at = timezone.now() + timedelta(seconds=window)
        cache.add(f"{key}:until", expires_at.timestamp(), window)
        for _attempt in range(2):
            cache.add(key, 0, window)
            try:
                count = cache.incr(key)
                break
            except ValueError:  # expired between add and incr: open a new window
                continue
        else:
            count = 1
        until = cache.get(f"{key}:until")
        return count, datetime.fromtimestamp(until, UTC) if until else expires_at

    def decrement(self, key: str) -> None:
        with suppress(ValueError):  # expired meanwhile: nothing left to give back
            cache.decr(key)


def _store() -> DatabaseStore | CacheStore:
    return CacheStore() if settings.THROTTLE_STORE == "cache" else DatabaseStore()


def purge_expired(now: datetime) -> int:
    """Delete database counters whose window has passed (run by `parvis purge_expired`)."""
    return ThrottleCounter.objects.filter(expires_at__lt=now).delete()[0]


# The client's address ------------------------------------------------------------------


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def is_trusted_proxy(address) -> bool:
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str | None:
    """The address of the client, None if there is none (a Unix socket).

    REMOTE_ADDR, unless it is one of the `TRUSTED_PROXIES`: then the X-Forwarded-For
    header is read from the right (each proxy appends the address it received from), and
    the first address that is not a trusted proxy is the client's. What the client itself
    wrote in the header, further left, is never believed.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None or not is_trusted_proxy(remote):
        return str(remote) if remote is not None else None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for value in reversed(forwarded):
        address = _address(value)
        if address is None:
            return None
        if not is_trusted_proxy(address):
            return str(address)
    return None
