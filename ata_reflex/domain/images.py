"""Checks and normalisation of uploaded scans and photos, before anything is stored.

Every accepted image is decoded with Pillow, turned upright from its EXIF orientation, stripped
of all metadata (GPS position included) by re-encoding only the pixels, and stored as a JPEG.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageOps, ImageStat, UnidentifiedImageError

from ata_reflex.domain.errors import DomainError

logger = logging.getLogger(__name__)

try:
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a pinned dependency
    logger.warning("pillow-heif missing: HEIC/HEIF photos will be rejected as not images")

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# A 40-megapixel limit keeps a decompression bomb from taking gigabytes of memory, while any
# phone photo (48 MP sensors save 12 MP images by default) and any A4 scan at 300 dpi (8.7 MP) pass.
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "HEIF", "HEIC", "MPO"})
JPEG_QUALITY = 85
A4_RATIO = 297 / 210


@dataclass(frozen=True)
class ImagePolicy:
    """Limits of one kind of upload and the reshaping applied before storage."""

    max_bytes: int = MAX_UPLOAD_BYTES
    max_pixels: int = MAX_PIXELS
    resize_long_side: int | None = None
    min_long_side: int | None = None
    require_colour: bool = False
    a4_tolerance: float | None = None


@dataclass(frozen=True)
class PreparedImage:
    """A JPEG ready to store, with its final size."""

    jpeg: bytes
    width: int
    height: int


def _fail(code: str, name: str, **params: object) -> DomainError:
    return DomainError(code, params={"name": name, **params})


def prepare_image(data: bytes, policy: ImagePolicy, *, name: str = "") -> PreparedImage:
    """Check an uploaded file against a policy and return it as a clean, upright JPEG.

    Args:
        data: the file's bytes as uploaded.
        policy: the limits and reshaping for this kind of upload.
        name: the file name the user chose, only for messages.

    Raises:
        DomainError: ``image.too_large``, ``image.not_an_image``, ``image.truncated``,
            ``image.too_many_pixels``, ``image.too_small``, ``image.greyscale`` or ``image.not_a4``,
            each with the file name in ``params["name"]``.
    """
    if len(data) > policy.max_bytes:
        raise _fail("image.too_large", name, max_mb=policy.max_bytes // (1024 * 1024))
    image = _open_checked(data, policy, name)
    try:
        image = ImageOps.exif_transpose(image)
    except (OSError, ValueError) as error:
        logger.info("exif orientation ignored name=%r error=%s", name, error)
    if policy.require_colour and _is_greyscale(image):
        raise _fail("image.greyscale", name)
    if policy.a4_tolerance is not None and not _is_a4(image.size, policy.a4_tolerance):
        raise _fail("image.not_a4", name)
    if policy.resize_long_side and max(image.size) > policy.resize_long_side:
        image = _scaled(image, policy.resize_long_side)
    if policy.min_long_side and max(image.size) < policy.min_long_side:
        raise _fail("image.too_small", name, min=policy.min_long_side, long_side=max(image.size))
    return _encode(image)


def _open_checked(data: bytes, policy: ImagePolicy, name: str) -> Image.Image:
    """Decode the whole image, refusing non-images, truncated files and decompression bombs."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ACCEPTED_FORMATS:
                raise _fail("image.not_an_image", name)
            width, height = probe.size
            if width * height > policy.max_pixels:
                raise _fail("image.too_many_pixels", name, max_mp=policy.max_pixels // 1_000_000)
            if probe.format == "JPEG" and policy.resize_long_side:
                # Decode a JPEG at 1/2, 1/4 or 1/8 scale when the result is scaled down anyway;
                # both sides stay at least resize_long_side, so no detail the output keeps is lost.
                probe.draft("RGB", (policy.resize_long_side, policy.resize_long_side))
            probe.load()
    except DomainError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _fail("image.too_many_pixels", name, max_mp=policy.max_pixels // 1_000_000) from None
    except UnidentifiedImageError:
        raise _fail("image.not_an_image", name) from None
    except (OSError, SyntaxError, ValueError) as error:
        # Pillow raises OSError("image file is truncated") or similar for a cut-off file.
        logger.info("image decode failed name=%r error=%s", name, error)
        raise _fail("image.truncated", name) from None
    return probe


def _is_greyscale(image: Image.Image) -> bool:
    """Return True when an image has no colour: a grey mode, or RGB whose channels nearly match."""
    if image.mode in ("1", "L", "LA", "I", "I;16", "F"):
        return True
    sample = image.convert("RGB")
    sample.thumbnail((200, 200))
    red, green, blue = sample.split()
    # Mean absolute difference between channels; a scan of a coloured carnet page is far above 4.
    differences = (ImageChops.difference(red, green), ImageChops.difference(green, blue),
                   ImageChops.difference(red, blue))
    spread = sum(ImageStat.Stat(difference).mean[0] for difference in differences) / 3
    return spread < 4


def _is_a4(size: tuple[int, int], tolerance: float) -> bool:
    long_side, short_side = max(size), min(size)
    return abs(long_side / short_side - A4_RATIO) <= tolerance * A4_RATIO


def _scaled(image: Image.Image, long_side: int) -> Image.Image:
    ratio = long_side / max(image.size)
    return image.resize((max(1, round(image.width * ratio)), max(1, round(image.height * ratio))),
                        Image.Resampling.LANCZOS)


def _encode(image: Image.Image) -> PreparedImage:
    """Re-encode only the pixels as JPEG, which leaves EXIF, GPS, XMP and ICC data behind."""
    clean = image.convert("RGB")
    # convert() copies the source's info (EXIF, ICC, XMP); emptying it keeps every plugin from
    # writing any of it back.
    clean.info = {}
    buffer = io.BytesIO()
    # optimize=True would shrink the file by about 6 % but takes about 40 % longer on a 12 MP photo.
    clean.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return PreparedImage(jpeg=buffer.getvalue(), width=clean.width, height=clean.height)
