"""API tokens for agents' integrations: only a SHA-256 digest of each key is stored."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from parvis.core import audit
from parvis.core.models import ApiToken

KEY_PREFIX = "pvs_"
MAX_KEY_LENGTH = 100
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_token(user, name: str, *, actor=None) -> tuple[ApiToken, str]:
    """A new token for `user`; the clear key is returned once and never stored."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=key[:8], digest=digest(key))
    token.full_clean()
    token.save()
    audit.record(actor, "api_token.created", token, owner=str(user))
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, *, actor=None) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor, "api_token.revoked", token, owner=str(token.user))


def authenticate(key: str):
    """The active owner of a valid, unrevoked token, or None.

    The key is looked up by its digest, so no comparison of secrets leaks timing.
    """
    if not key.startswith(KEY_PREFIX) or len(key) > MAX_KEY_LENGTH:
        return None
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
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
