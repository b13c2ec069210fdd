"""Who may do what: the one place where roles are interpreted.

HTML views, the back office and the API all ask these functions; none of them reads
role grants directly. Every function takes the acting user first and is safe to call
with an anonymous user.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from parvis.core.models import Commune, HelpConsent, Role, Service, User


def all_grants(user) -> list:
    """Every role grant of the person, read once per request (cached on the user object)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if not hasattr(user, "_role_grants_cache"):
        user._role_grants_cache = list(user.role_grants.all())
    return user._role_grants_cache


def _grants(user, role: Role):
    return [grant for grant in all_grants(user) if grant.role == role]


def is_administrator(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def has_role(user, role: Role) -> bool:
    return is_administrator(user) or bool(_grants(user, role))


def agent_service_ids(user) -> set[int]:
    return {grant.service_id for grant in _grants(user, Role.AGENT)}


def visible_services(user) -> QuerySet[Service]:
    """The services whose work an agent may see and handle."""
    if is_administrator(user):
        return Service.objects.all()
    return Service.objects.filter(pk__in=agent_service_ids(user))


def is_agent_of(user, service: Service) -> bool:
    return is_administrator(user) or service.pk in agent_service_ids(user)


@dataclass(frozen=True)
class Scope:
    """The communes a commune-scoped role covers: everything, some communes, or none."""

    everything: bool = False
    commune_ids: frozenset[int] = frozenset()

    def __bool__(self):
        return self.everything or bool(self.commune_ids)

    def covers(self, commune_id: int | None) -> bool:
        return self.everything or commune_id in self.commune_ids


def commune_scope(user, role: Role) -> Scope:
    """A grant without a commune covers the whole metropolis."""
    if is_administrator(user):
        return Scope(everything=True)
    grants = _grants(user, role)
    if any(grant.commune_id is None for grant in grants):
        return Scope(everything=True)
    return Scope(commune_ids=frozenset(grant.commune_id for grant in grants))


def moderated_communes(user) -> QuerySet[Commune]:
    scope = commune_scope(user, Role.MODERATOR)
    if scope.everything:
        return Commune.objects.all()
    return Commune.objects.filter(pk__in=scope.commune_ids)


def can_moderate(user, commune: Commune | None) -> bool:
    """A metropolis-wide moderator moderates everything; a commune moderator their commune."""
    scope = commune_scope(user, Role.MODERATOR)
    return scope.everything or (commune is not None and scope.covers(commune.pk))


def can_verify_in_person(user) -> bool:
    """Agents and helpers at a help desk record in-person identity checks."""
    return has_role(user, Role.AGENT) or has_role(user, Role.HELPER)


def can_act_for(helper, person: User) -> bool:
    """A helper acts for a person only with that person's valid, recorded consent."""
    if not has_role(helper, Role.HELPER) or helper.pk == person.pk:
        return False
    now = timezone.now()
    return HelpConsent.objects.filter(
        helper=helper, person=person, revoked_at__isnull=True, given_at__lte=now, expires_at__gt=now
    ).exists()


def can_view_audit_log(user) -> bool:
    return is_administrator(user)


def can_access_back_office(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


# Roles that work on other people's contributions or data: two-factor authentication.
STAFF_ROLES = (Role.AGENT, Role.MODERATOR, Role.PROCESS_MANAGER)


def holds_staff_role(user) -> bool:
    return (
        can_access_back_office(user)
        or is_administrator(user)
        or any(_grants(user, role) for role in STAFF_ROLES)
    )


def requires_two_factor(user) -> bool:
    """Staff roles sign in with a second factor when the deployment requires it."""
    return settings.TWO_FACTOR_REQUIRED and holds_staff_role(user)
