"""Who may flag, moderate and appeal, on top of parvis.core.permissions."""

from django.db.models import Q

from parvis.core.models import Role
from parvis.core.permissions import can_moderate, commune_scope


def can_flag(user) -> bool:
    return user.is_authenticated and user.is_active


def can_use_queue(user) -> bool:
    return bool(commune_scope(user, Role.MODERATOR))


def queue_filter(user) -> Q:
    """The moderated items in this person's scope: their communes, or everything."""
    scope = commune_scope(user, Role.MODERATOR)
    if scope.everything:
        return Q()
    return Q(commune_id__in=scope.commune_ids)


def can_decide(user, item) -> bool:
    return can_moderate(user, item.commune)


def can_appeal(user, item) -> bool:
    return user.is_authenticated and user.is_active and item.author_id == user.pk
