"""The contributions that can be flagged and moderated: what the modules declare in their
`moderated` field (`parvis.core.modules.Moderated`)."""

from parvis.core import modules
from parvis.core.modules import Moderated


def lookup(model) -> Moderated:
    """The declaration of a model (or of an instance's model); LookupError if none."""
    model = model if isinstance(model, type) else type(model)
    concrete = model._meta.concrete_model
    for kind in modules.moderated():
        if kind.model._meta.concrete_model is concrete:
            return kind
    raise LookupError(f"{model._meta.label} is not registered for moderation.")


def registrations() -> list[Moderated]:
    return modules.moderated()
