"""Verification levels: recording a successful check and the identity hash.

A person verified by a strong method (in person at a help desk, or through an OpenID
Connect identity provider such as FranceConnect) carries an HMAC of their normalised
identity attributes, never the attributes themselves. The hash is unique in the
database, so one person cannot hold two verified accounts.
"""

import hashlib
import hmac
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core import audit
from parvis.core.models import User, Verification, VerificationLevel


class VerificationError(Exception):
    """A verification that cannot be recorded; the message is for the person."""


@dataclass(frozen=True)
class Identity:
    """The identity pivot (as in FranceConnect's claims): given names, family name, birth
    date, and birthplace (INSEE code of the birth commune, or the birth country for people
    born abroad)."""

    given_names: str
    family_name: str
    birthdate: date
    birthplace: str = ""

    def normalised(self) -> str:
        return "|".join(
            [
                _normalise(self.given_names.split(" ")[0] if self.given_names else ""),
                _normalise(self.family_name),
                self.birthdate.isoformat(),
                _normalise(self.birthplace),
            ]
        )


def _normalise(text: str) -> str:
    """Case, accents, hyphens and extra spaces do not change the identity."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(letters.replace("-", " ").replace("'", " ").upper().split())


def identity_hash(identity: Identity) -> str:
    key = settings.IDENTITY_HASH_KEY or f"identity:{settings.SECRET_KEY}"
    return hmac.new(key.encode(), identity.normalised().encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def record_verification(
    user: User,
    method: Verification.Method,
    level: VerificationLevel,
    *,
    identity: Identity | None = None,
    provider: str = "",
    verified_by: User | None = None,
) -> Verification:
    """Record a successful verification and raise the person's level (never lower it)."""
    if identity is not None:
        digest = identity_hash(identity)
        if User.objects.filter(identity_hash=digest).exclude(pk=user.pk).exists():
            raise VerificationError(
                _("Cette identité est déjà associée à un autre compte vérifié.")
            )
        if user.identity_hash and user.identity_hash != digest:
            raise VerificationError(
                _("Ce compte est déjà vérifié avec une autre identité.")
            )
        user.identity_hash = digest
    user.verification_level = max(user.verification_level, level)
    if method == Verification.Method.EMAIL and user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["identity_hash", "verification_level", "email_confirmed_at"])
    except IntegrityError as exc:  # a concurrent verification took the same identity
        raise VerificationError(
            _("Cette identité est déjà associée à un autre compte vérifié.")
        ) from exc
    verification = Verification.objects.create(
        user=user, method=method, level=level, provider=provider, verified_by=verified_by
    )
    audit.record(verified_by or user, "verification.recorded", user, method=method,
                 level=int(level), provider=provider)
    return verification
