"""Which models accept comments: what the modules declare in their `commentable` field
(`parvis.core.modules.Commentable`); an object not hidden by moderation is visible unless
the declaration says otherwise."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import models

from parvis.core import modules
from parvis.core.models import Commune
from parvis.processes.models import Process
from parvis.processes.permissions import can_access_process


def not_hidden(queryset: models.QuerySet) -> models.QuerySet:
    return queryset.filter(hidden_at=None) if hasattr(queryset.model, "hidden_at") else queryset


def _enabled() -> dict[str, modules.Commentable]:
    return {kind.model._meta.label_lower: kind for kind in modules.commentable()}


def targets() -> GenericPrefetch:
    """Prefetches the targets of a list of comments with what their addresses need: one
    query per kind of target, whatever the number of comments."""
    return GenericPrefetch("target", [
        commentable.model.objects.select_related(*commentable.related)
        for commentable in _enabled().values()
    ])


def is_enabled(model: type[models.Model] | models.Model) -> bool:
    return model._meta.label_lower in _enabled()


def labels() -> list[str]:
    """The commentable models, as "app_label.model" names."""
    return sorted(_enabled())


def process_of(target: models.Model) -> Process | None:
    function = _enabled()[target._meta.label_lower].process
    return function(target) if function else None


def closed_reason(target: models.Model) -> str:
    function = _enabled()[target._meta.label_lower].closed
    return function(target) if function else ""


def commune_of(target: models.Model) -> Commune | None:
    """The target's own commune, else the commune of its process if that has only one."""
    commune = getattr(target, "commune", None)
    if isinstance(commune, Commune):
        return commune
    process = process_of(target)
    if process is None:
        return None
    communes = list(process.communes.all()[:2])
    return communes[0] if len(communes) == 1 else None


def content_type_of(target: models.Model) -> ContentType:
    return ContentType.objects.get_for_model(target)


def author_of(target: models.Model):
    return getattr(target, "author", None)


def visible_target(label: str, object_id: int, user=None) -> models.Model | None:
    """The commentable object, named by its model label and id, that `user` (the public
    when None) may see."""
    commentable = _enabled().get(label)
    if commentable is None:
        return None
    queryset = (commentable.visible or not_hidden)(commentable.model._default_manager.all())
    target = queryset.filter(pk=object_id).first()
    if target is None:
        return None
    process = process_of(target)
    if process is not None and not can_access_process(user, process):
        return None
    return target


def target_of(content_type_id: int, object_id: int, user) -> models.Model | None:
    """The commentable object a form names, if `user` may see it; None when it is not
    commentable, absent or out of their reach."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        return None
    return visible_target(model._meta.label_lower, object_id, user) if model else None
