"""photo_ingest: what lands, where it sits in time, and how it looks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.files.storage import default_storage

from gallery.models import Photo, TakenAtSource
from tests.factory import make_event
from tests.gallery.conftest import NOW
from tests.images import (
    animated_gif,
    heic,
    image_bytes,
    is_blue,
    is_red,
    jpeg,
    open_image,
    png_with_alpha,
    quadrant_colours,
)

pytestmark = pytest.mark.django_db


def read(name: str) -> bytes:
    with default_storage.open(name) as handle:
        return handle.read()


def test_a_jpeg_lands_whole_with_its_renditions(ingest):
    outcome = ingest(
        jpeg(size=(4032, 3024), taken="2026:07:04 17:31:05", make="Apple", model="iPhone 15")
    )
    photo = outcome.photo
    assert outcome.error is None and photo is not None
    assert (photo.width, photo.height) == (4032, 3024)
    assert photo.original_name == "IMG_0001.JPG"
    assert "IMG_0001" not in photo.original.name  # stored under a random name
    assert (photo.camera_make, photo.camera_model) == ("Apple", "iPhone 15")
    assert len(photo.sha256) == 64
    assert photo.placeholder.startswith("#") and len(photo.placeholder) == 7
    thumb = open_image(read(photo.thumb.name))
    display = open_image(read(photo.display.name))
    assert thumb.format == "WEBP" and max(thumb.size) == 480
    assert display.format == "JPEG" and display.size == (2016, 1512)  # decoded at 1/2


def test_small_images_are_not_enlarged(ingest):
    photo = ingest(jpeg(size=(300, 200))).photo
    assert open_image(read(photo.display.name)).size == (300, 200)
    assert open_image(read(photo.thumb.name)).size == (300, 200)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(ingest, orientation):
    photo = ingest(jpeg(size=(240, 160), orientation=orientation)).photo
    assert (photo.width, photo.height) == (240, 160)
    for name in (photo.thumb.name, photo.display.name):
        image = open_image(read(name))
        assert image.size == (240, 160)
        top_left, bottom_right = quadrant_colours(image)
        assert is_red(top_left), (orientation, name, top_left)
        assert is_blue(bottom_right), (orientation, name, bottom_right)


def test_a_rotated_12_megapixel_photo_is_decoded_small_and_upright(ingest):
    photo = ingest(jpeg(size=(4032, 3024), orientation=6)).photo
    assert (photo.width, photo.height) == (4032, 3024)
    display = open_image(read(photo.display.name))
    assert display.size == (2016, 1512)
    assert is_red(quadrant_colours(display)[0])


def test_capture_time_with_offset_is_exact(ingest):
    photo = ingest(jpeg(taken="2026:07:04 18:31:05", offset="-07:00")).photo
    assert photo.taken_at == datetime(2026, 7, 5, 1, 31, 5, tzinfo=UTC)
    assert photo.taken_at_source == TakenAtSource.EXIF_OFFSET


def test_offset_time_is_used_when_offset_time_original_is_missing(ingest):
    photo = ingest(jpeg(taken="2026:07:04 18:31:05", offset_time="+02:00")).photo
    assert photo.taken_at == datetime(2026, 7, 4, 16, 31, 5, tzinfo=UTC)


def test_capture_time_without_offset_is_read_in_the_events_timezone(ingest):
    photo = ingest(jpeg(taken="2026:07:04 18:31:05")).photo
    assert photo.taken_at == datetime(2026, 7, 5, 1, 31, 5, tzinfo=UTC)  # 18:31 PDT
    assert photo.taken_at_source == TakenAtSource.EXIF_LOCAL


def test_capture_time_without_offset_follows_a_far_timezone(ingest):
    auckland = make_event(timezone="Pacific/Auckland")
    photo = ingest(jpeg(taken="2026:07:04 18:31:05"), to=auckland).photo
    assert photo.taken_at == datetime(2026, 7, 4, 6, 31, 5, tzinfo=UTC)  # NZST is +12


def test_a_time_inside_a_daylight_saving_gap_still_lands(ingest):
    photo = ingest(jpeg(taken="2026:03:08 02:30:00")).photo  # skipped in Los Angeles
    assert photo is not None
    assert photo.taken_at.astimezone(UTC).date() == datetime(2026, 3, 8).date()


def test_subseconds_order_a_burst(ingest):
    late = ingest(jpeg(taken="2026:07:04 18:31:05", subsec="90", make="b"), "b.jpg").photo
    early = ingest(jpeg(taken="2026:07:04 18:31:05", subsec="1", make="a"), "a.jpg").photo
    assert early.taken_at.microsecond == 100000 and late.taken_at.microsecond == 900000
    assert list(Photo.objects.timeline()) == [early, late]


def test_no_exif_date_means_upload_time(ingest):
    photo = ingest(jpeg()).photo
    assert photo.taken_at == NOW
    assert photo.taken_at_source == TakenAtSource.UPLOAD


def test_an_impossible_exif_date_means_upload_time(ingest):
    photo = ingest(jpeg(taken="0000:00:00 00:00:00")).photo
    assert photo.taken_at == NOW


def test_heic_is_accepted_with_its_time_and_downloads_as_jpeg(ingest):
    photo = ingest(heic(taken="2026:07:04 18:31:05", offset="-07:00"), "IMG_0002.HEIC").photo
    assert photo.format == "heif"
    assert photo.taken_at == datetime(2026, 7, 5, 1, 31, 5, tzinfo=UTC)
    assert photo.original.name.endswith(".heic")
    download = open_image(read(photo.download.name))
    assert download.format == "JPEG" and download.size == (240, 160)
    assert is_red(quadrant_colours(download)[0])


def test_png_with_alpha_keeps_transparency_in_the_thumbnail(ingest):
    photo = ingest(png_with_alpha(), "logo.png").photo
    thumb = open_image(read(photo.thumb.name))
    assert thumb.mode == "RGBA"
    assert thumb.getpixel((thumb.width - 5, thumb.height - 5))[3] == 0
    display = open_image(read(photo.display.name))
    assert display.mode == "RGB"  # laid on white for the JPEG
    assert display.getpixel((display.width - 5, display.height - 5)) == (255, 255, 255)


def test_animated_gif_uses_its_first_frame_and_downloads_animated(ingest):
    photo = ingest(animated_gif(), "boat.gif").photo
    thumb = open_image(read(photo.thumb.name))
    assert is_red(quadrant_colours(thumb)[0]) and is_blue(quadrant_colours(thumb)[1])
    download = open_image(read(photo.download.name))
    assert download.format == "GIF" and download.n_frames == 2
    assert b"secret comment" not in read(photo.download.name)


def test_webp_is_accepted(ingest):
    photo = ingest(image_bytes("WEBP", gps=True), "x.webp").photo
    assert photo.format == "webp"
    assert open_image(read(photo.download.name)).format == "WEBP"


def test_the_same_bytes_twice_are_a_duplicate_stored_once(ingest, settings):
    data = jpeg(taken="2026:07:04 18:31:05")
    first = ingest(data, "IMG_0001.JPG")
    files_after_first = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    second = ingest(data, "IMG_0001 copy.jpg")
    assert second.photo is None and second.duplicate_of == first.photo
    assert Photo.objects.count() == 1
    assert (
        sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == files_after_first
    )


def test_the_same_bytes_in_another_event_are_a_new_photo(ingest):
    data = jpeg()
    ingest(data)
    other = make_event()
    assert ingest(data, to=other).photo is not None
    assert Photo.objects.count() == 2


def test_caption_is_kept(ingest):
    assert ingest(jpeg(), caption="  Dolphins!  ").photo.caption == "Dolphins!"


def test_a_large_non_jpeg_is_resampled_to_the_display_edge(ingest):
    photo = ingest(image_bytes("PNG", size=(3000, 2000)), "big.png").photo
    assert open_image(read(photo.display.name)).size == (2048, 1365)
