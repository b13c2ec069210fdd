"""Everything the platform holds about a person, for the "Mes données" download.

The platform's own sections are listed here; each module declares its sections
(`Module.personal_data`). A section function returns JSON-serialisable data (dates and
datetimes are fine) about that person only.
"""

from collections.abc import Callable

from django.db.models import Q
from django.utils import timezone

from parvis.core import audit, modules
from parvis.core.models import AuditEntry, LoginAttempt, User

Section = Callable[[User], object]
sections: dict[str, Section] = {}


def register(section_name: str, function: Section) -> Section:
    sections[section_name] = function
    return function


def all_sections() -> dict[str, Section]:
    return sections | {name: function for module in modules.all_modules()
                       for name, function in module.personal_data.items()}


def export(user: User) -> dict:
    """Every section about this person; the export itself is audit-logged."""
    every = all_sections()
    data = {
        "exported_at": timezone.now(),
        "sections": {name: function(user) for name, function in every.items()},
    }
    audit.record(user, "personal_data.exported", user, sections=sorted(every))
    return data


def _profile(user: User) -> dict:
    return {
        "email": user.email,
        "pseudonym": user.pseudonym,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "show_real_name": user.show_real_name,
        "commune": user.commune.name if user.commune_id else None,
        "birth_date": user.birth_date,
        "verification_level": user.get_verification_level_display(),
        "email_confirmed_at": user.email_confirmed_at,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def _verifications(user: User) -> dict:
    return {
        "identity_hash_held": bool(user.identity_hash),
        "history": [
            {
                "method": verification.get_method_display(),
                "level": verification.get_level_display(),
                "provider": verification.provider,
                "verified_at": verification.verified_at,
            }
            for verification in user.verifications.all()
        ],
    }


def _roles(user: User) -> list:
    return [
        {
            "role": grant.get_role_display(),
            "service": str(grant.service or ""),
            "commune": str(grant.commune or ""),
            "granted_at": grant.granted_at,
        }
        for grant in user.role_grants.select_related("service", "commune")
    ]


def _consent(consent, other: User) -> dict:
    return {
        "with": other.public_name,
        "scope": consent.scope,
        "given_at": consent.given_at,
        "expires_at": consent.expires_at,
        "revoked_at": consent.revoked_at,
    }


def _consents(user: User) -> dict:
    return {
        "given": [
            _consent(consent, consent.helper)
            for consent in user.consents_given.select_related("helper")
        ],
        "received": [
            _consent(consent, consent.person)
            for consent in user.consents_received.select_related("person")
        ],
    }


def _failed_logins(user: User) -> list:
    attempts = LoginAttempt.objects.filter(email=user.email).order_by("-at")
    return [{"at": attempt.at, "ip_address": attempt.ip_address} for attempt in attempts]


def _audit_entries(user: User) -> list:
    about_user = Q(target_type=user._meta.label_lower, target_id=str(user.pk))
    entries = AuditEntry.objects.filter(Q(actor=user) | about_user)
    return [
        {
            "at": entry.at,
            "actor": entry.actor_label,
            "role": entry.role,
            "action": entry.action,
            "target": entry.target_label,
            "details": entry.data,
        }
        for entry in entries
    ]


register("profile", _profile)
register("verifications", _verifications)
register("roles", _roles)
register("help_consents", _consents)
register("failed_logins", _failed_logins)
register("audit_log", _audit_entries)
