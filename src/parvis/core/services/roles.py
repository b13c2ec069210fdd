"""Granting and removing roles (audit-logged; back-office roles open the back office)."""

from django.db import transaction

from parvis.core import audit
from parvis.core.models import Role, RoleGrant

BACK_OFFICE_ROLES = {Role.AGENT, Role.MODERATOR, Role.PROCESS_MANAGER, Role.JURY_MEMBER}


@transaction.atomic
def grant_role(actor, user, role: Role, service=None, commune=None) -> RoleGrant:
    grant, _created = RoleGrant.objects.get_or_create(
        user=user, role=role, service=service, commune=commune
    )
    if role in BACK_OFFICE_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit.record(actor, "role.granted", user, granted_role=role, service=str(service or ""),
                 commune=str(commune or ""))
    return grant


@transaction.atomic
def revoke_role(actor, grant: RoleGrant) -> None:
    user = grant.user
    audit.record(actor, "role.revoked", user, granted_role=grant.role,
                 service=str(grant.service or ""),
                 commune=str(grant.commune or ""))
    grant.delete()
    remaining = user.role_grants.filter(role__in=BACK_OFFICE_ROLES).exists()
    if user.is_staff and not remaining and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
