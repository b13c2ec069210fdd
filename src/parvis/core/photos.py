"""Photo processing (Pillow only, no Django): check by content, re-encode, strip metadata.

Every accepted photo is decoded and re-encoded as a fresh JPEG: EXIF (GPS position,
camera, date), XMP and ICC data never survive, and malformed files are refused.

Decoding is bounded before it starts: a compressed file of a few kilobytes may declare
tens of millions of pixels (a decompression bomb). The size in the header decides: a JPEG
is decoded at a reduced scale (`Image.draft`, 1/2 to 1/8) when it is larger than needed,
and whatever would still be decoded may not exceed MAX_DECODED_PIXELS, what a phone photo
needs; the decoded image is then reduced (`Image.reduce`) to at most twice the published
size before it is turned upright, converted and encoded.

`inspect` makes the checks that decode no pixel (what a request may afford); `process`
also decodes and re-encodes (what a background task does).
"""

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
DRAFT_FORMATS = {"JPEG", "MPO"}  # decoded at a reduced scale when large
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # declared in the header, for any format
MAX_DECODED_PIXELS = 24_000_000  # decoded in memory (RGBA: at most about 100 MB)
FULL_SIZE = 1600
THUMBNAIL_SIZE = 320
REDUCIBLE_MODES = {"L", "LA", "RGB", "RGBA", "CMYK"}  # the others are converted to RGB first


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


def _decode(image: Image.Image) -> Image.Image:
    """The first frame, upright, in RGB, with a long side of FULL_SIZE to twice that;
    PhotoError("too_many_pixels") before decoding when it would take too much memory."""
    image.seek(0)
    ratio = FULL_SIZE / max(image.size)
    if ratio < 1:  # JPEG only: decode at 1/2, 1/4 or 1/8 scale, still larger than needed
        image.draft("RGB", (round(image.width * ratio), round(image.height * ratio)))
    if image.width * image.height > MAX_DECODED_PIXELS:
        raise PhotoError("too_many_pixels")
    decoded = image if image.mode in REDUCIBLE_MODES else image.convert("RGB")
    factor = max(image.size) // FULL_SIZE
    decoded = decoded.reduce(factor) if factor > 1 else decoded
    decoded.info = image.info  # the EXIF orientation
    upright = ImageOps.exif_transpose(decoded)
    return upright if upright.mode == "RGB" else upright.convert("RGB")


def inspect(data: bytes, max_bytes: int = MAX_BYTES) -> None:
    """The cheap checks, which decode no pixel: the size, the format read from the content
    and the number of pixels its header declares. PhotoError when one fails."""
    if len(data) > max_bytes:
        raise PhotoError("too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise PhotoError("unreadable") from exc
    if image_format not in ACCEPTED_FORMATS:
        raise PhotoError("format")
    scale = 8 if image_format in DRAFT_FORMATS else 1  # the most `_decode` may reduce
    if width * height > MAX_PIXELS or (width // scale) * (height // scale) > MAX_DECODED_PIXELS:
        raise PhotoError("too_many_pixels")


def process(data: bytes, max_bytes: int = MAX_BYTES) -> ProcessedPhoto:
    """Validate `data` as a photo and return the re-encoded photo and its thumbnail."""
    inspect(data, max_bytes)
    try:
        with Image.open(io.BytesIO(data)) as image:
            upright = _decode(image)
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
