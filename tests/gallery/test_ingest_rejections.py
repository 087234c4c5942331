"""Bad input gets a clear error and leaves nothing behind: no row, no file."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from unittest import mock

import pytest
from django.db import DatabaseError

from gallery.models import Photo
from tests.gallery.conftest import media_files
from tests.images import jpeg

pytestmark = pytest.mark.django_db

SUPPORTED = "not a supported image (JPEG, PNG, WebP, HEIC, GIF)"


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return buffer.getvalue()


def png_header_claiming(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", len(idat))
        + b"IDAT"
        + idat
        + struct.pack(">I", zlib.crc32(b"IDAT" + idat))
        + struct.pack(">I", 0)
        + b"IEND"
        + struct.pack(">I", zlib.crc32(b"IEND"))
    )


def jpeg_with_comment(comment: bytes) -> bytes:
    data = jpeg()
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return data[:2] + segment + data[2:]


BAD_INPUTS = {
    "empty": (b"", "empty.jpg", "the file is empty"),
    "truncated": (jpeg(size=(640, 480))[:4000], "cut.jpg", "damaged or incomplete"),
    "corrupt": (b"\xff\xd8\xff\xe0" + b"\x13\x37" * 3000, "noise.jpg", "damaged"),
    "pdf": (b"%PDF-1.7\n1 0 obj<<>>endobj\n", "menu.pdf", f"a PDF document is {SUPPORTED}"),
    "svg": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
        "a.svg",
        f"an SVG drawing is {SUPPORTED}",
    ),
    "html": (
        b"<!DOCTYPE html><html><body>hi</body></html>",
        "photo.jpg",
        f"a web page is {SUPPORTED}",
    ),
    "zip": (zip_bytes(), "photos.zip", f"a ZIP archive is {SUPPORTED}"),
    "bmp": (b"BM" + b"\x00" * 200, "old.bmp", SUPPORTED),
    "text named like a photo": (b"just some notes", "IMG_0003.HEIC", SUPPORTED),
    "jpeg+zip polyglot": (jpeg() + zip_bytes(), "poly.jpg", "hides a ZIP archive"),
    "jpeg with html inside": (
        jpeg_with_comment(b"<html><script>alert(1)</script>"),
        "x.jpg",
        "hides other content",
    ),
    "jpeg with a page after its end": (
        jpeg() + b"<!doctype html><script>1</script>",
        "y.jpg",
        "hides other content",
    ),
    "decompression bomb": (png_header_claiming(30000, 30000), "bomb.png", "too many pixels"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_rejected_with_a_clear_message_and_leaves_nothing(ingest, settings, case):
    data, name, message = BAD_INPUTS[case]
    outcome = ingest(data, name)
    assert outcome.photo is None and outcome.duplicate_of is None
    assert message in outcome.error
    assert Photo.objects.count() == 0
    assert media_files(settings) == []


def test_a_file_over_the_size_limit_is_rejected(ingest, settings):
    settings.UPLOAD_MAX_MB = 1
    outcome = ingest(b"\xff\xd8\xff" + b"\x00" * (1024 * 1024 + 10), "huge.jpg")
    assert outcome.error == "the file is larger than the 1 MB limit"


def test_an_image_over_the_pixel_limit_is_rejected(ingest, settings):
    settings.UPLOAD_MAX_PIXELS = 10_000
    outcome = ingest(jpeg(size=(200, 200)))
    assert "too many pixels (200 × 200; the limit is 0.01 megapixels)" in outcome.error


def test_a_storage_failure_half_way_leaves_nothing(ingest, settings):
    from django.core.files.storage import default_storage

    real_save = default_storage.save
    calls = []

    def failing_save(name, content, *args, **kwargs):
        calls.append(name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_save(name, content, *args, **kwargs)

    with mock.patch.object(default_storage, "save", side_effect=failing_save):
        outcome = ingest(jpeg())
    assert "could not be stored just now" in outcome.error
    assert len(calls) == 3
    assert Photo.objects.count() == 0
    assert media_files(settings) == []


def test_a_database_failure_half_way_leaves_nothing(ingest, settings):
    with mock.patch.object(Photo.objects, "create", side_effect=DatabaseError("disk I/O error")):
        outcome = ingest(jpeg())
    assert "could not be stored just now" in outcome.error
    assert Photo.objects.count() == 0
    assert media_files(settings) == []


def test_an_unexpected_processing_error_is_reported_not_raised(ingest, settings):
    with mock.patch("gallery.services.make_renditions", side_effect=RuntimeError("boom")):
        outcome = ingest(jpeg())
    assert outcome.error == "the image could not be processed"
    assert media_files(settings) == []
