"""The photo pipeline of every contribution (reports, ideas, budget projects): the checks and
re-encoding of `parvis.core.photos`, with the refusals worded for the person."""

from django.conf import settings
from django.utils.translation import gettext as _

from parvis.core import photos
from parvis.core.errors import DomainError

PHOTO_MESSAGES = {
    "too_large": lambda: _("La photo dépasse la taille maximale de 10 Mo."),
    "format": lambda: _("Ce format d'image n'est pas accepté : envoyez une photo JPEG, PNG,"
                        " WebP ou GIF."),
    "too_many_pixels": lambda: _("Cette image a trop de pixels : envoyez une photo de 24"
                                 " millions de pixels au plus."),
    "unreadable": lambda: _("Ce fichier n'est pas une image lisible."),
}


def process_photo(data: bytes, error: type[DomainError], field: str = "photo"
                  ) -> photos.ProcessedPhoto:
    """`data` checked by content, re-encoded without metadata, with its thumbnail; a refusal
    is raised as the caller's `error(message, field=field)`."""
    try:
        return photos.process(data, max_bytes=settings.PHOTO_MAX_BYTES)
    except photos.PhotoError as exc:
        raise error(PHOTO_MESSAGES[exc.code](), field=field) from exc
