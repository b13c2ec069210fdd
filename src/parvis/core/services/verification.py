"""Verification levels: recording a successful check and the identity fingerprint.

A person verified by a strong method (in person at a help desk, or through an OpenID
Connect identity provider such as FranceConnect) carries an HMAC of their normalised
identity attributes, never the attributes themselves. The fingerprint is unique in the
database, so one person cannot hold two verified accounts.

Both channels give the same fingerprint for the same person: the names are normalised the
same way (`parvis.core.names`), the birthplace is a code of INSEE's official geographic
code turned into the code it stands for today (`parvis.core.birthplaces`), and every given
name and the gender are hashed. The message starts with FINGERPRINT_VERSION; a change of
the rules raises it, and fingerprints of an older version are reset by a migration (the
attributes are not kept, so they cannot be recomputed): those people verify again.

The key is IDENTITY_HASH_KEY; after a rotation, IDENTITY_HASH_PREVIOUS_KEYS still
recognise the fingerprints made with the old key, which are re-keyed at the next check.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.core import audit, birthplaces
from parvis.core.models import User, Verification, VerificationLevel
from parvis.core.names import normalise_name

FINGERPRINT_VERSION = 2


class VerificationError(Exception):
    """A verification that cannot be recorded; the message is for the person."""


class Gender(models.TextChoices):
    """As the civil registry and identity documents give it (FranceConnect: female/male)."""

    FEMALE = "F", gettext_lazy("féminin")
    MALE = "M", gettext_lazy("masculin")


@dataclass(frozen=True)
class Identity:
    """The identity pivot (as in FranceConnect's claims): given names (all of them),
    family name, birth date, gender, and birthplace: the INSEE code of the birth commune,
    or of the birth country for people born abroad. Raises ValueError when a part is
    missing or the birthplace is not a known code."""

    given_names: str
    family_name: str
    birthdate: date
    gender: str
    birthplace: str

    def __post_init__(self):
        if not (normalise_name(self.given_names) and normalise_name(self.family_name)):
            raise ValueError("given names and family name are required")
        if self.gender not in Gender.values:
            raise ValueError(f"unknown gender {self.gender!r}")
        if birthplaces.canonical_code(self.birthplace) is None:
            raise ValueError(f"unknown birthplace code {self.birthplace!r}")

    def normalised(self) -> str:
        return "|".join([
            f"v{FINGERPRINT_VERSION}",
            normalise_name(self.given_names),
            normalise_name(self.family_name),
            self.birthdate.isoformat(),
            self.gender,
            birthplaces.canonical_code(self.birthplace),
        ])


def _digest(key: str, identity: Identity) -> str:
    return hmac.new(key.encode(), identity.normalised().encode(), hashlib.sha256).hexdigest()


def identity_hash(identity: Identity) -> str:
    """The fingerprint stored from now on (with the current key)."""
    return _digest(settings.IDENTITY_HASH_KEY, identity)


def identity_hashes(identity: Identity) -> list[str]:
    """The fingerprints this identity may already be stored under: the current key's first,
    then those of the previous keys (a key rotation in progress)."""
    keys = [settings.IDENTITY_HASH_KEY, *settings.IDENTITY_HASH_PREVIOUS_KEYS]
    return list(dict.fromkeys(_digest(key, identity) for key in keys if key))


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
        digests = identity_hashes(identity)
        if User.objects.filter(identity_hash__in=digests).exclude(pk=user.pk).exists():
            raise VerificationError(
                _("Cette identité est déjà associée à un autre compte vérifié.")
            )
        if user.identity_hash and user.identity_hash not in digests:
            raise VerificationError(
                _("Ce compte est déjà vérifié avec une autre identité.")
            )
        # Stored with the current key and version (re-keyed after a key rotation).
        user.identity_hash = digests[0]
        user.identity_hash_version = FINGERPRINT_VERSION
    user.verification_level = max(user.verification_level, level)
    if method == Verification.Method.EMAIL and user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["identity_hash", "identity_hash_version",
                                     "verification_level", "email_confirmed_at"])
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


# Help desk: an agent or helper looks a person up, checks an ID document in their
# presence and records the check. The identity read on the document is hashed, not kept.

SEARCH_LIMIT = 20
PREFIX_MIN_LENGTH = 3


class IdentityDocument(models.TextChoices):
    """The documents a help desk accepts for an in-person check."""

    NATIONAL_ID_CARD = "cni", gettext_lazy("carte nationale d'identité")
    PASSPORT = "passport", gettext_lazy("passeport")
    RESIDENCE_PERMIT = "residence_permit", gettext_lazy("titre de séjour")
    DRIVING_LICENCE = "driving_licence", gettext_lazy("permis de conduire")


def help_desk_people() -> QuerySet[User]:
    """The accounts a help desk may look up: never deleted or deactivated ones."""
    return User.objects.filter(is_active=True, deleted_at__isnull=True)


def search_people(agent: User, query: str) -> list[User]:
    """Accounts whose e-mail or pseudonym is the query (or starts with it, from
    PREFIX_MIN_LENGTH characters). Looking people up is audit-logged."""
    query = query.strip()
    matches = Q(email__iexact=query) | Q(pseudonym__iexact=query)
    if len(query) >= PREFIX_MIN_LENGTH:
        matches |= Q(email__istartswith=query) | Q(pseudonym__istartswith=query)
    people = list(help_desk_people().filter(matches).order_by("pseudonym")[:SEARCH_LIMIT])
    audit.record(agent, "verification.search", query=query, results=len(people))
    return people


def look_up_person(agent: User, pk: int) -> User:
    """One account opened at the help desk (audit-logged); raises User.DoesNotExist."""
    person = help_desk_people().get(pk=pk)
    audit.record(agent, "verification.person_viewed", person)
    return person


def record_in_person_check(
    agent: User, person: User, identity: Identity, document: IdentityDocument
) -> Verification:
    """Record that `agent` checked the original of `document` in `person`'s presence."""
    if agent.pk == person.pk:
        raise VerificationError(
            _("Vous ne pouvez pas enregistrer votre propre vérification : adressez-vous à un"
              "·e collègue.")
        )
    return record_verification(
        person,
        Verification.Method.IN_PERSON,
        VerificationLevel.IN_PERSON,
        identity=identity,
        provider=document,
        verified_by=agent,
    )
