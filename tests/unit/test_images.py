"""Image checks: each rejection reason, EXIF orientation, metadata stripped, HEIC converted."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.images import ImagePolicy, prepare_image
from tests.images import bomb_png_bytes, heic_bytes, jpeg_bytes, png_bytes

SCANS = ImagePolicy()
DISCHARGE = ImagePolicy(resize_long_side=1000, min_long_side=800, require_colour=True, a4_tolerance=0.1)


def reject_code(data: bytes, policy: ImagePolicy = SCANS) -> str:
    with pytest.raises(DomainError) as error:
        prepare_image(data, policy, name="扫描.jpg")
    assert error.value.params["name"] == "扫描.jpg"
    return error.value.code


def test_jpeg_accepted_unchanged_size():
    prepared = prepare_image(jpeg_bytes(1200, 1697), SCANS)
    assert (prepared.width, prepared.height) == (1200, 1697)
    assert Image.open(io.BytesIO(prepared.jpeg)).format == "JPEG"


def test_png_stored_as_jpeg():
    prepared = prepare_image(png_bytes(), SCANS)
    assert Image.open(io.BytesIO(prepared.jpeg)).format == "JPEG"


def test_heic_converted_to_jpeg():
    prepared = prepare_image(heic_bytes(1000, 1414), SCANS)
    assert Image.open(io.BytesIO(prepared.jpeg)).format == "JPEG"
    assert (prepared.width, prepared.height) == (1000, 1414)


def test_exif_orientation_applied():
    # Orientation 6 means "rotate 90° clockwise to display": a landscape file shows as portrait.
    prepared = prepare_image(jpeg_bytes(1697, 1200, orientation=6), SCANS)
    assert (prepared.width, prepared.height) == (1200, 1697)


def test_metadata_stripped():
    prepared = prepare_image(jpeg_bytes(gps=True, orientation=1), SCANS)
    stored = Image.open(io.BytesIO(prepared.jpeg))
    assert len(stored.getexif()) == 0
    assert "exif" not in stored.info
    assert "icc_profile" not in stored.info


def test_not_an_image_rejected():
    assert reject_code(b"%PDF-1.7 fake document") == "image.not_an_image"


def test_truncated_rejected():
    data = jpeg_bytes()
    assert reject_code(data[: len(data) // 2]) == "image.truncated"


def test_too_large_rejected():
    policy = ImagePolicy(max_bytes=1000)
    assert reject_code(jpeg_bytes(), policy) == "image.too_large"


def test_decompression_bomb_rejected():
    data = bomb_png_bytes()
    assert len(data) < 200_000
    assert reject_code(data) == "image.too_many_pixels"


def test_discharge_page_scaled_to_1000():
    prepared = prepare_image(jpeg_bytes(2480, 3508), DISCHARGE)
    assert max(prepared.width, prepared.height) == 1000


def test_discharge_page_too_small():
    assert reject_code(jpeg_bytes(500, 707), DISCHARGE) == "image.too_small"


def test_discharge_page_greyscale():
    assert reject_code(jpeg_bytes(900, 1273, grey=True), DISCHARGE) == "image.greyscale"


def test_discharge_page_not_a4():
    assert reject_code(jpeg_bytes(1000, 1000), DISCHARGE) == "image.not_a4"


def test_icc_and_xmp_stripped():
    source = Image.new("RGB", (1000, 1414), (10, 100, 200))
    buffer = io.BytesIO()
    source.save(buffer, format="JPEG", icc_profile=b"\0" * 200, xmp=b"<x:xmpmeta>gps</x:xmpmeta>")
    prepared = prepare_image(buffer.getvalue(), SCANS)
    stored = Image.open(io.BytesIO(prepared.jpeg))
    assert "icc_profile" not in stored.info
    assert b"xmpmeta" not in prepared.jpeg
