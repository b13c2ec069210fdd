"""API tokens for integrations: only a SHA-256 digest of each key is stored.

A token carries scopes (`read`, `open311:write`), an expiry and an hourly rate; an
administrator creates it (`parvis create_api_token`). `authenticate` checks all of them
and says why it refuses, for the API's `{"detail", "code"}` and Open311's errors.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parvis.core import audit, throttle
from parvis.core.models import ApiToken

KEY_PREFIX = "pvs_"
MAX_KEY_LENGTH = 100
LAST_USED_RESOLUTION = timedelta(minutes=1)
SCOPES = frozenset(ApiToken.Scope.values)


class TokenRefused(Exception):
    """A request whose token does not allow it: HTTP status, code for programs, detail."""

    def __init__(self, status: int, code: str, detail: str):
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_token(
    user,
    name: str,
    *,
    scopes: tuple[str, ...] = (ApiToken.Scope.READ,),
    expires_at: datetime | None = None,
    requests_per_hour: int | None = None,
    actor=None,
) -> tuple[ApiToken, str]:
    """A new token for `user`; the clear key is returned once and never stored."""
    unknown = set(scopes) - SCOPES
    if unknown or not scopes:
        raise ValidationError(
            f"Unknown scope: {', '.join(sorted(unknown))}; scopes are "
            f"{', '.join(sorted(SCOPES))}." if unknown else "At least one scope is needed."
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError("The expiry must be in the future.")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=key[:8], digest=digest(key),
                     scopes=" ".join(sorted(set(scopes))), requests_per_hour=requests_per_hour)
    if expires_at is not None:
        token.expires_at = expires_at
    token.full_clean()
    token.save()
    audit.record(actor, "api_token.created", token, owner=str(user), scopes=token.scope_list,
                 expires_at=token.expires_at.isoformat(), requests_per_hour=token.hourly_limit)
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, *, actor=None) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor, "api_token.revoked", token, owner=str(token.user))


def authenticate(key: str, scope: str):
    """The active owner of a valid token that allows `scope`; TokenRefused otherwise.

    The key is looked up by its digest, so no comparison of secrets leaks timing. Each
    request counts against the token's hourly rate.
    """
    token = None
    if key.startswith(KEY_PREFIX) and len(key) <= MAX_KEY_LENGTH:
        token = (
            ApiToken.objects.select_related("user")
            .filter(
                digest=digest(key),
                revoked_at__isnull=True,
                user__is_active=True,
                user__deleted_at__isnull=True,
            )
            .first()
        )
    if token is None:
        raise TokenRefused(401, "invalid_token", "This API token is unknown or revoked.")
    now = timezone.now()
    if token.expires_at <= now:
        raise TokenRefused(401, "token_expired",
                           f"This API token expired on {token.expires_at:%Y-%m-%d}: ask an"
                           " administrator for a new one.")
    if scope not in token.scope_list:
        raise TokenRefused(403, "insufficient_scope",
                           f"This API token does not allow this: it needs the scope '{scope}'"
                           f" (it has: {', '.join(token.scope_list)}).")
    rate = throttle.Rate("api.token", token.hourly_limit, 3600)
    try:
        throttle.take(throttle.Hit(rate, str(token.pk)))
    except throttle.Throttled as refusal:
        raise TokenRefused(429, "throttled",
                           f"This API token made its {rate.limit} requests of the hour; try"
                           f" again after {refusal.retry_at:%H:%M} UTC.") from None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
