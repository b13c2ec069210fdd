"""The audit log: every significant change is recorded with who, in which role, what and when."""

from django.db import models

from parvis.core.models import AuditEntry
from parvis.core.permissions import all_grants


def record(actor, action: str, target: models.Model | None = None, actor_role: str = "", **data):
    """Write an audit entry. `actor` may be None for the system (commands, automatic rules)."""
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_person else None,
        actor_label=str(actor) if is_person else "système",
        role=actor_role or (default_role(actor) if is_person else "system"),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        data=data,
    )


def default_role(user) -> str:
    if user.is_superuser:
        return "administrator"
    roles = sorted({grant.role for grant in all_grants(user)})
    return ",".join(roles) or "citizen"
