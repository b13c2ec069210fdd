"""Stored files: random names for every upload, and the private storage.

Public media (published photos and images) live in the default storage, served under
`MEDIA_URL`. Private files (letters of intent, signed loan conventions, event documents…)
live in the "private" storage (`settings.STORAGES["private"]`): a folder outside
`MEDIA_ROOT`, or a bucket of their own, never routed publicly. They are only served by the
platform's view (`core.views.private_file`), once the module that stores them says the
person may read them (`modules.PrivateFile`); `response` answers with the file itself, an
`X-Accel-Redirect`/`X-Sendfile` header for the web server, or a short-lived pre-signed URL.
"""

import mimetypes
import re
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, cached_property, empty
from django.utils.http import content_disposition_header

EXTENSION = re.compile(r"[a-z0-9]{1,10}")
SERVE_MODES = ("django", "nginx", "apache")


@deconstructible
class RandomName:
    """`upload_to` giving every stored file a random name in `folder` (strftime codes such
    as %Y are replaced): 32 hexadecimal characters and the original extension (lower case,
    letters and digits only), so that a name tells nothing about the file nor its owner and
    cannot be guessed."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        return random_name(timezone.now().strftime(self.folder), filename)

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def random_name(folder: str, filename: str) -> str:
    """"folder/<uuid4 hex>.<extension of filename>"."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = f".{extension}" if EXTENSION.fullmatch(extension) else ""
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder of private files: PRIVATE_MEDIA_ROOT, whose internal address (for
    X-Accel-Redirect) is PRIVATE_MEDIA_URL, unless given other ones."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def base_url(self):
        return self._value_or_setting(self._base_url, settings.PRIVATE_MEDIA_URL)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)
        elif setting == "PRIVATE_MEDIA_URL":
            self.__dict__.pop("base_url", None)


class PrivateStorage(LazyObject):
    """`storages["private"]`, looked up when first used and again after STORAGES changes
    (a field keeps the storage it is given when its model is defined)."""

    def _setup(self):
        self._wrapped = storages["private"]


_private_storage = PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def private_storage() -> Storage:
    """The storage of private files (a callable, as a field's `storage`)."""
    return _private_storage


def local_path(storage: Storage, name: str) -> str | None:
    """The file's path on this server's disk; None for object storage."""
    try:
        return storage.path(name)
    except NotImplementedError:
        return None


def response(file, filename: str) -> HttpResponse:
    """The answer serving a private file (a FieldFile) as an attachment named `filename`,
    never cached, never sniffed: the file streamed by Django (PRIVATE_MEDIA_SERVE="django"),
    handed over to nginx (X-Accel-Redirect to the internal location PRIVATE_MEDIA_URL) or
    Apache (X-Sendfile), or, from object storage, a redirect to a pre-signed URL valid
    PRIVATE_MEDIA_URL_LIFETIME seconds."""
    storage, name = file.storage, file.name
    disposition = content_disposition_header(True, filename)
    path = local_path(storage, name)
    if path is None:
        answer = HttpResponseRedirect(storage.url(name, parameters={
            "ResponseContentDisposition": disposition,
            "ResponseCacheControl": "private, no-store",
        }, expire=settings.PRIVATE_MEDIA_URL_LIFETIME))
    elif not storage.exists(name):
        raise Http404
    elif settings.PRIVATE_MEDIA_SERVE == "nginx":
        answer = HttpResponse()
        answer["X-Accel-Redirect"] = storage.url(name)
    elif settings.PRIVATE_MEDIA_SERVE == "apache":
        answer = HttpResponse()
        answer["X-Sendfile"] = path
    else:
        answer = FileResponse(storage.open(name, "rb"))
    if path is not None:
        # The web server keeps these headers of an X-Accel-Redirect / X-Sendfile answer.
        answer["Content-Type"] = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        answer["Content-Disposition"] = disposition
    answer["Cache-Control"] = "private, no-store"
    answer["X-Content-Type-Options"] = "nosniff"
    return answer


def move_files(names, source: Storage, target: Storage) -> int:
    """Move the named files from one storage to the other under the same names (a file
    already in `target` only leaves `source`); the number of files moved. Migrations use it
    to take private files out of the public storage."""
    moved = 0
    for name in names:
        if not name or not source.exists(name):
            continue
        if not target.exists(name):
            with source.open(name, "rb") as content:
                saved = target.save(name, content)
            if saved != name:
                raise RuntimeError(f"{name!r} was stored as {saved!r}.")
            moved += 1
        source.delete(name)
    return moved


def field_mover(model: str, field: str, to_private: bool = True):
    """A `RunPython` function moving the files of `model`'s `field` ("app.Model") between
    the default (public) storage and the private storage."""

    def move(apps, schema_editor):
        names = (apps.get_model(model)._default_manager.exclude(**{field: ""})
                 .values_list(field, flat=True).iterator())
        public, private = storages["default"], storages["private"]
        move_files(names, *((public, private) if to_private else (private, public)))

    return move
