"""The photo pipeline of every contribution (reports, ideas, budget projects).

A request only makes the checks that decode nothing (`parvis.core.photos.inspect`) and
keeps the file sent, as is, in the private storage's holding area (`hold`). The
contribution (a `core.models.PhotoProcessing`) records it as pending (`attach`), and a
background task (`process`) re-encodes it without its metadata into the contribution's
image and thumbnail, deletes the original and marks the photo ready, or refused with the
reason its author and the agents see.

The task is idempotent: it writes its images under names derived from the original's, so
that running it again (a worker died mid-way) overwrites the same files; the photo becomes
ready by one conditional UPDATE, which a second run or a photo replaced meanwhile makes
match nothing; the original is deleted once the photo is ready or refused, by whichever
run gets there.

A form that fails validation keeps the photo sent in the holding area under a signed,
expiring token (`token`, `held_from_token`), so that the person need not send it again.
Held files no contribution took are deleted by `purge_held` (run by `purge_expired`).

While a moderator hides a contribution, its image and thumbnail leave the public storage for
the private one (`follow_visibility`), so that the addresses people saw answer no more; they
come back, under the same names, if it is shown again.
"""

import logging
import posixpath
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from parvis.core import photos, tasks
from parvis.core.errors import DomainError
from parvis.core.files import private_storage, random_name
from parvis.core.models import PhotoProcessing, PhotoStatus

logger = logging.getLogger(__name__)

HOLDING_FOLDER = "photos/holding"
HELD_MAX_AGE = timedelta(hours=2)
HELD_SALT = "parvis.core.photos.held"
THUMBNAIL_SUFFIX = "-vignette"

PHOTO_MESSAGES = {
    "too_large": lambda: _("La photo dépasse la taille maximale de 10 Mo."),
    "format": lambda: _("Ce format d'image n'est pas accepté : envoyez une photo JPEG, PNG,"
                        " WebP ou GIF."),
    "too_many_pixels": lambda: _("Cette image a trop de pixels : envoyez une photo de 24"
                                 " millions de pixels au plus."),
    "unreadable": lambda: _("Ce fichier n'est pas une image lisible."),
    "lost": lambda: _("La photo reçue n'a pas pu être retrouvée : envoyez-la de nouveau."),
}


def refusal_message(code: str) -> str:
    return PHOTO_MESSAGES.get(code, PHOTO_MESSAGES["unreadable"])()


@dataclass(frozen=True)
class HeldPhoto:
    """A photo sent and kept in the holding area: its name there, and the name of the file
    the person sent (shown back to them)."""

    name: str
    filename: str


def check(data: bytes, error: type[DomainError], field: str = "photo") -> None:
    """Check `data` without decoding it; a refusal is raised as the caller's
    `error(message, field=field)`."""
    try:
        photos.inspect(data, max_bytes=settings.PHOTO_MAX_BYTES)
    except photos.PhotoError as exc:
        raise error(PHOTO_MESSAGES[exc.code](), field=field) from exc


def keep(data: bytes, filename: str) -> HeldPhoto:
    """Keep checked `data` in the holding area."""
    name = private_storage().save(random_name(HOLDING_FOLDER, filename), ContentFile(data))
    return HeldPhoto(name=name, filename=posixpath.basename(filename)[:100])


def hold(data: bytes, filename: str, error: type[DomainError], field: str = "photo"
         ) -> HeldPhoto:
    check(data, error, field)
    return keep(data, filename)


def held(photo: bytes | HeldPhoto | None, error: type[DomainError], field: str = "photo"
         ) -> HeldPhoto | None:
    """The photo of a submission as a held photo: bytes (from the API) are checked and
    kept first."""
    if isinstance(photo, bytes):
        return hold(photo, "photo", error, field)
    return photo


def token(photo: HeldPhoto) -> str:
    return signing.dumps([photo.name, photo.filename], salt=HELD_SALT, compress=True)


def held_from_token(value: str) -> HeldPhoto | None:
    """The held photo a token names, or None when the token is forged, has expired, or its
    photo is gone."""
    try:
        name, filename = signing.loads(value, salt=HELD_SALT, max_age=HELD_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not name.startswith(HOLDING_FOLDER + "/") or not private_storage().exists(name):
        return None
    return HeldPhoto(name=name, filename=filename)


def attach(instance: PhotoProcessing, photo: HeldPhoto) -> None:
    """Record a held photo on a contribution (to be saved), as pending."""
    instance.photo_original.name = photo.name
    instance.photo_status = PhotoStatus.PENDING
    instance.photo_refusal = ""
    instance.photo_queued_at = timezone.now()


def queue(instance: PhotoProcessing) -> None:
    """Enqueue the processing of the saved contribution's pending photo, in the caller's
    transaction."""
    if instance.photo_status == PhotoStatus.PENDING:
        tasks.enqueue(process, instance._meta.label_lower, instance.pk)


def output_names(instance: PhotoProcessing) -> tuple[str, str]:
    """Where the task writes the image and thumbnail: the folder of the image field, dated
    when the photo was received, and the original's random name."""
    field = instance._meta.get_field(instance.photo_fields[0])
    folder = timezone.localtime(instance.photo_queued_at).strftime(field.upload_to.folder)
    stem = posixpath.splitext(posixpath.basename(instance.photo_original.name))[0]
    return f"{folder}/{stem}.jpg", f"{folder}/{stem}{THUMBNAIL_SUFFIX}.jpg"


def _write(storage, name: str, content: bytes) -> None:
    if storage.exists(name):  # written by an earlier run of the task
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:
        raise RuntimeError(f"{name!r} was stored as {saved!r}.")


@task()
def process(label: str, pk: int) -> str:
    """Re-encode a contribution's pending photo, then delete its original."""
    model = apps.get_model(label)
    instance = model._default_manager.filter(pk=pk).first()
    if instance is None:
        return "gone"
    outcome = _process(instance) if instance.photo_status == PhotoStatus.PENDING else "done"
    _delete_original(model, pk)
    return outcome


def _process(instance: PhotoProcessing) -> str:
    model, original = type(instance), instance.photo_original.name
    pending = model._default_manager.filter(pk=instance.pk, photo_status=PhotoStatus.PENDING,
                                            photo_original=original)
    try:
        with private_storage().open(original, "rb") as file:
            processed = photos.process(file.read(), max_bytes=settings.PHOTO_MAX_BYTES)
    except FileNotFoundError:
        code = "lost"
    except photos.PhotoError as exc:
        code = exc.code
    else:
        return _publish(instance, pending, processed)
    pending.update(photo_status=PhotoStatus.REFUSED, photo_refusal=code)
    logger.info("photo of %s %s refused: %s", model._meta.label_lower, instance.pk, code)
    return "refused"


def _publish(instance: PhotoProcessing, pending, processed: photos.ProcessedPhoto) -> str:
    full_field, thumbnail_field = instance.photo_fields
    storage = private_storage() if instance.photo_withheld else public_storage(instance)
    names = output_names(instance)
    previous = [getattr(instance, full_field).name, getattr(instance, thumbnail_field).name]
    for name, content in zip(names, (processed.full, processed.thumbnail), strict=True):
        _write(storage, name, content)
    if not pending.update(**{full_field: names[0], thumbnail_field: names[1]},
                          photo_status=PhotoStatus.READY, photo_refusal=""):
        for name in names:  # another photo was sent meanwhile: this one is not used
            storage.delete(name)
        return "replaced"
    for name in previous:  # the photo this one replaces
        if name and name not in names:
            storage.delete(name)
    model = type(instance)
    if model._default_manager.filter(model.misplaced_photos(), pk=instance.pk).exists():
        place(model, instance.pk)  # hidden or shown again meanwhile
    return "ready"


def public_storage(instance: PhotoProcessing):
    """The storage of the contribution's image and thumbnail while they are public."""
    return instance._meta.get_field(instance.photo_fields[0]).storage


def _move(source, target, name: str) -> None:
    """Move the file `name` from one storage to the other, keeping its name; a move cut
    short is completed by running it again."""
    if not source.exists(name):
        return  # moved already
    with source.open(name, "rb") as file:
        _write(target, name, file.read())
    source.delete(name)


def place(model, pk: int) -> str:
    """Put the contribution's image and thumbnail where its visibility wants them: in the
    private storage while it is hidden (a moderator hid it, maybe because its photo shows
    someone), in the public one otherwise; `photo_withheld` records where they are."""
    with transaction.atomic():
        instance = model._default_manager.select_for_update().filter(pk=pk).first()
        if instance is None:
            return "gone"
        withhold = instance.withholds_photo()
        public, private = public_storage(instance), private_storage()
        source, target = (public, private) if withhold else (private, public)
        for field in instance.photo_fields:
            name = getattr(instance, field).name
            if name:
                _move(source, target, name)
        if withhold != instance.photo_withheld:
            model._default_manager.filter(pk=pk).update(photo_withheld=withhold)
    return "withheld" if withhold else "public"


@task()
def follow_visibility(label: str, pk: int) -> str:
    """The task moving a contribution's photo after its visibility changed (`place`)."""
    return place(apps.get_model(label), pk)


def visibility_changed(instance) -> None:
    """Enqueue, in the caller's transaction, the move of the photo of a contribution that
    was just hidden or shown again (nothing for a contribution without photo)."""
    if isinstance(instance, PhotoProcessing):
        tasks.enqueue(follow_visibility, instance._meta.label_lower, instance.pk)


def _delete_original(model, pk: int) -> None:
    """Delete the original of a photo that is no longer pending (ready or refused)."""
    instance = (model._default_manager.filter(pk=pk).exclude(photo_original="")
                .exclude(photo_status=PhotoStatus.PENDING).first())
    if instance is None:
        return
    name = instance.photo_original.name
    private_storage().delete(name)
    model._default_manager.filter(pk=pk, photo_original=name).update(photo_original="")


def photo_models() -> list[type[PhotoProcessing]]:
    return [model for model in apps.get_models() if issubclass(model, PhotoProcessing)]


def recover(now: datetime) -> int:
    """Enqueue again the photos pending for longer than a lease whose task is neither
    waiting nor running: it was lost; and the moves of photos that are not where their
    contribution's visibility wants them (a lost move, or a photo hidden before moves
    existed)."""
    queued, moving, count = tasks.unfinished_args(process), tasks.unfinished_args(
        follow_visibility), 0
    for model in photo_models():
        label = model._meta.label_lower
        stalled = model._default_manager.filter(photo_status=PhotoStatus.PENDING,
                                                photo_queued_at__lt=now - tasks.lease())
        misplaced = model._default_manager.filter(model.misplaced_photos())
        for work, waiting, rows in ((process, queued, stalled),
                                    (follow_visibility, moving, misplaced)):
            for pk in rows.values_list("pk", flat=True).iterator():
                if (label, pk) not in waiting:
                    tasks.enqueue(work, label, pk)
                    count += 1
    return count


def purge_held(now: datetime) -> int:
    """Delete the held photos older than HELD_MAX_AGE that no contribution took (a form
    left after an error, a submission refused). The files are deleted when the caller's
    transaction commits, so that a dry run deletes nothing."""
    storage = private_storage()
    try:
        _folders, files = storage.listdir(HOLDING_FOLDER)
    except FileNotFoundError:
        return 0
    names = {f"{HOLDING_FOLDER}/{name}" for name in files}
    for model in photo_models():
        names -= set(model._default_manager.filter(photo_original__in=names)
                     .values_list("photo_original", flat=True))
    expired = [name for name in names if storage.get_modified_time(name) < now - HELD_MAX_AGE]
    transaction.on_commit(lambda: [storage.delete(name) for name in expired])
    return len(expired)


def process_now(instance: PhotoProcessing) -> None:
    """Process a contribution's pending photo in this process (the demo data, which is
    loaded before any worker runs)."""
    if instance.photo_status == PhotoStatus.PENDING:
        process.call(instance._meta.label_lower, instance.pk)
        instance.refresh_from_db()


tasks.register_recovery("photos", recover)


def existing_photos_ready(model: str, field: str):
    """A `RunPython` function marking the photos stored before they were processed by tasks
    as ready: the rows of `model` ("app.Model") whose `field` (the thumbnail) is set."""

    def mark(apps, schema_editor):
        apps.get_model(model)._default_manager.exclude(**{field: ""}).update(
            photo_status=PhotoStatus.READY)

    return mark
