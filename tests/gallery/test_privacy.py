"""Renditions carry no metadata; guest downloads carry no location; originals stay intact."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from PIL import ExifTags, Image

from tests.images import heic, image_bytes, jpeg, open_image

pytestmark = pytest.mark.django_db


def read(name: str) -> bytes:
    with default_storage.open(name) as handle:
        return handle.read()


def scan_data(jpeg_bytes: bytes) -> bytes:
    """The compressed pixels: everything from the start-of-scan marker on."""
    return jpeg_bytes[jpeg_bytes.index(b"\xff\xda") :]


def test_renditions_carry_no_metadata(ingest):
    photo = ingest(jpeg(taken="2026:07:04 18:31:05", gps=True, make="Apple", orientation=6)).photo
    for name in (photo.thumb.name, photo.display.name):
        image = open_image(read(name))
        assert not image.getexif(), name
        assert "exif" not in image.info and "xmp" not in image.info


def test_jpeg_download_has_no_gps_but_the_same_pixels_and_orientation(ingest):
    original = jpeg(
        size=(640, 480),
        taken="2026:07:04 18:31:05",
        gps=True,
        orientation=6,
        make="Apple",
        model="iPhone 15",
    )
    photo = ingest(original).photo
    download = read(photo.download.name)
    exif = Image.open(io.BytesIO(download)).getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert ExifTags.IFD.GPSInfo not in exif
    assert exif[ExifTags.Base.Orientation] == 6
    assert exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] == "2026:07:04 18:31:05"
    assert scan_data(download) == scan_data(original)  # not re-compressed


def test_the_original_is_kept_untouched_for_staff(ingest):
    original = jpeg(gps=True)
    photo = ingest(original).photo
    assert read(photo.original.name) == original


def test_heic_download_is_a_jpeg_without_location(ingest):
    photo = ingest(heic(gps=True, taken="2026:07:04 18:31:05"), "IMG.HEIC").photo
    download = open_image(read(photo.download.name))
    assert download.format == "JPEG"
    assert not download.getexif().get_ifd(ExifTags.IFD.GPSInfo)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_downloads_lose_their_exif_block(ingest, fmt):
    photo = ingest(image_bytes(fmt, gps=True, taken="2026:07:04 18:31:05"), f"x.{fmt}").photo
    download = read(photo.download.name)
    assert b"Exif" not in download and b"eXIf" not in download
    assert open_image(download).tobytes() == open_image(read(photo.original.name)).tobytes()
