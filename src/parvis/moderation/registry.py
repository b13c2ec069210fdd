"""The contributions that can be flagged and moderated.

Each app registers its moderated models (they inherit `parvis.moderation.models.Moderated`)
in its AppConfig.ready():

    registry.register(Idea, label=_("idée"), visible=permissions.can_view,
                      commune=lambda idea: idea.commune, process=lambda idea: idea.box.process)

`visible(user, obj)` is the question the object's own page asks: may this person see it?
The flag form answers 404 otherwise (it shows the object's text and files a flag on it), so
every registration states it.
`author`, `commune`, `process`, `url` and `text` are callables on one object:
- `commune` scopes the moderation queue (None: only metropolis moderators see it);
- `process` feeds the public count of moderated contributions per process;
- `text` is what moderators read in the queue.
`author_field` and `created_field` name the model fields used to count a person's recent
contributions (the rate limit of `services.check_contribution`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Registration:
    model: type[models.Model]
    label: str
    visible: Callable
    author: Callable
    commune: Callable
    process: Callable
    url: Callable
    text: Callable
    author_field: str
    created_field: str


_registry: dict[type[models.Model], Registration] = {}


def register(
    model,
    *,
    label,
    visible: Callable,
    author=lambda obj: obj.author,
    commune=lambda obj: None,
    process=lambda obj: None,
    url=lambda obj: obj.get_absolute_url(),
    text=str,
    author_field: str = "author",
    created_field: str = "created_at",
) -> Registration:
    registration = Registration(
        model=model, label=label, visible=visible, author=author, commune=commune,
        process=process, url=url, text=text, author_field=author_field, created_field=created_field,
    )
    _registry[model] = registration
    return registration


def lookup(model) -> Registration:
    """The registration of a model (or of an instance's model); LookupError if none."""
    model = model if isinstance(model, type) else type(model)
    try:
        return _registry[model._meta.concrete_model]
    except KeyError:
        raise LookupError(f"{model._meta.label} is not registered for moderation.") from None


def registrations() -> list[Registration]:
    return list(_registry.values())
