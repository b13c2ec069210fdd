"""Verification levels: recording a successful check and the identity hash.

A person verified by a strong method (in person at a help desk, or through an OpenID
Connect identity provider such as FranceConnect) carries an HMAC of their normalised
identity attributes, never the attributes themselves. The hash is unique in the
database, so one person cannot hold two verified accounts.
"""

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.core import audit
from parvis.core.models import Commune, User, Verification, VerificationLevel


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


# Help desk: an agent or helper looks a person up, checks an ID document in their
# presence and records the check. The identity read on the document is hashed, not kept.

SEARCH_LIMIT = 20
PREFIX_MIN_LENGTH = 3
INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
DEPARTMENT_SUFFIX = re.compile(r"\s*\(\s*\w+\s*\)$")


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


def birthplace_code(place: str) -> str:
    """The birthplace as identity providers send it when it can be known here: an INSEE
    code as typed, or the code of a commune of the territory named as on an ID document
    ("BORDEAUX (33)"). Other places are kept as written (the hash normalises them)."""
    place = DEPARTMENT_SUFFIX.sub("", place.strip())
    if INSEE_CODE.match(place.upper()):
        return place.upper()
    wanted = _normalise(place)
    for commune in Commune.objects.only("name", "insee_code"):
        if _normalise(commune.name) == wanted:
            return commune.insee_code
    return place


def record_in_person_check(
    agent: User, person: User, identity: Identity, document: IdentityDocument
) -> Verification:
    """Record that `agent` checked the original of `document` in `person`'s presence."""
    if agent.pk == person.pk:
        raise VerificationError(
            _("Vous ne pouvez pas enregistrer votre propre vérification : adressez-vous à un"
              "·e collègue.")
        )
    identity = replace(identity, birthplace=birthplace_code(identity.birthplace))
    return record_verification(
        person,
        Verification.Method.IN_PERSON,
        VerificationLevel.IN_PERSON,
        identity=identity,
        provider=document,
        verified_by=agent,
    )
