"""Test images made with Pillow: photos with EXIF orientation and GPS, HEIC, bombs and broken files."""

from __future__ import annotations

import io

from PIL import Image


def jpeg_bytes(width: int = 1200, height: int = 1697, colour: tuple[int, int, int] = (30, 120, 200), *,
               orientation: int | None = None, gps: bool = False, grey: bool = False) -> bytes:
    """Return a JPEG of the given size; A4 proportions by default, optionally greyscale or with EXIF."""
    image = Image.new("L" if grey else "RGB", (width, height), 128 if grey else colour)
    if not grey:
        # A red block in the top-left corner shows where the top of the page ends up.
        image.paste((220, 30, 30), (0, 0, width // 4, height // 8))
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes() if (orientation or gps) else b"")
    return buffer.getvalue()


def png_bytes(width: int = 900, height: int = 1273) -> bytes:
    """Return a colour PNG."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 60, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def heic_bytes(width: int = 1000, height: int = 1414) -> bytes:
    """Return an iPhone-style HEIC photo made with pillow-heif."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 160, 90)).save(buffer, format="HEIF")
    return buffer.getvalue()


def bomb_png_bytes(width: int = 10_000, height: int = 10_000) -> bytes:
    """Return a tiny PNG that decodes to width × height pixels (a decompression bomb)."""
    buffer = io.BytesIO()
    Image.new("1", (width, height), 0).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
