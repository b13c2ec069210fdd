"""Photo processing (Pillow only, no Django): check by content, re-encode, strip metadata.

Every accepted photo is decoded and re-encoded as a fresh JPEG: EXIF (GPS position,
camera, date), XMP and ICC data never survive, and malformed files are refused.
"""

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000
FULL_SIZE = 1600
THUMBNAIL_SIZE = 320


class PhotoError(ValueError):
    """The file is not an acceptable photo. `code` says why: too_large, format,
    too_many_pixels or unreadable (the interface words it for the person)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ProcessedPhoto:
    full: bytes
    thumbnail: bytes
    width: int
    height: int


def _encode(image: Image.Image, size: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((size, size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def process(data: bytes, max_bytes: int = MAX_BYTES) -> ProcessedPhoto:
    """Validate `data` as a photo and return the re-encoded photo and its thumbnail."""
    if len(data) > max_bytes:
        raise PhotoError("too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
        if image_format not in ACCEPTED_FORMATS:
            raise PhotoError("format")
        if width * height > MAX_PIXELS:
            raise PhotoError("too_many_pixels")
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise PhotoError("unreadable") from exc
    return ProcessedPhoto(
        full=_encode(upright, FULL_SIZE),
        thumbnail=_encode(upright, THUMBNAIL_SIZE),
        width=upright.width,
        height=upright.height,
    )
