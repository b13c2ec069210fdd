"""What the output schemas of the platform's objects share: a field naming a related object
gives its slug (or, where the schema says so, its id or name), `status_label` the label of its
status, `url` the absolute address of its page, and a photo or document field the absolute
address of its file."""

from ninja import Schema

from parvis.core.links import absolute


def slug_of(relation: str) -> staticmethod:
    """The resolver of a field giving the slug of the object's `relation` (None without one)."""

    def resolve(obj):
        related = getattr(obj, relation)
        return related.slug if related is not None else None

    return staticmethod(resolve)


def id_of(relation: str) -> staticmethod:
    """The resolver of a field giving the id of the object's `relation` (None without one)."""

    def resolve(obj):
        return getattr(obj, f"{relation}_id")

    return staticmethod(resolve)


def name_of(relation: str) -> staticmethod:
    """The resolver of a field giving the name of the object's `relation` (None without one)."""

    def resolve(obj):
        related = getattr(obj, relation)
        return related.name if related is not None else None

    return staticmethod(resolve)


def file_url_of(field: str) -> staticmethod:
    """The resolver of a field giving the absolute address of the file in the object's `field`
    (None without one, or while a photo is withheld from the public)."""

    def resolve(obj):
        stored = getattr(obj, field)
        withheld = getattr(obj, "photo_withheld", False)
        return absolute(stored.url) if stored and not withheld else None

    return staticmethod(resolve)


def entry_of(attribute: str, key: str, default=None) -> staticmethod:
    """The resolver of a field read from the object's dictionary `attribute`."""

    def resolve(obj):
        return getattr(obj, attribute).get(key, default)

    return staticmethod(resolve)


class ObjectOut(Schema):
    """Base of an object's output schema: the fields below, when the schema declares them, are
    resolved the same way in every router (a schema may still resolve one its own way)."""

    resolve_process = slug_of("process")
    resolve_commune = slug_of("commune")
    resolve_district = slug_of("district")
    resolve_theme = slug_of("theme")
    resolve_box = slug_of("box")
    resolve_category = slug_of("category")

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_url(obj):
        return absolute(obj.get_absolute_url())
