"""An Instagram album in the guest gallery's lightbox, in a real browser."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from gallery.demo_images import scene
from instagram.media_copy import image_from_bytes
from instagram.models import InstagramChild
from tests.browser.conftest import screenshot
from tests.factory import make_account, make_event, make_media, make_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
T0 = datetime(2026, 7, 5, 0, 0, tzinfo=UTC)


def frame(seed: int, folder: str, stem: str):
    buffer = io.BytesIO()
    scene(seed, (800, 800)).save(buffer, "JPEG")
    return image_from_bytes(buffer, folder, stem)


def test_an_instagram_album_steps_through_its_items_in_the_lightbox(page):
    event = make_event(
        title="Sunset sail", public_id="ig-album", starts_at=T0, ends_at=T0 + timedelta(hours=3)
    )
    account = make_account("sailjada")
    before = make_photo(event, T0 + timedelta(minutes=5))
    frames = [frame(n, "ig/album", f"{n}-") for n in range(3)]
    album = make_media(
        account,
        T0 + timedelta(minutes=30),
        media_type="CAROUSEL_ALBUM",
        caption="Dolphins, three shots #sailjada",
        thumb=frames[0].thumb,
        display=frames[0].display,
        placeholder=frames[0].placeholder,
    )
    for n, copied in enumerate(frames):
        InstagramChild.objects.create(
            media=album,
            child_id=f"c{n}",
            position=n,
            media_type="IMAGE",
            thumb=copied.thumb,
            display=copied.display,
        )
    after = make_photo(event, T0 + timedelta(minutes=50))

    page.goto("/g/ig-album/")
    tile = page.locator(f'[data-id="instagram:{album.media_id}"]')
    assert "@sailjada" in tile.inner_text()
    assert "3" in tile.locator(".mark-album").inner_text()
    tile.click()
    assert page.locator("#lb-caption").inner_text() == "Dolphins, three shots #sailjada"
    assert page.locator("#lb-source").inner_text() == "Instagram @sailjada"
    assert page.locator("#lb-album").inner_text() == " · 1 of 3"
    assert page.locator("#lb-instagram").is_visible() and page.locator("#lb-download").is_hidden()
    assert page.locator("#lb-image").get_attribute("src") == "/media/" + frames[0].display
    screenshot(page, "instagram-album-phone")
    page.keyboard.press("ArrowRight")
    assert page.locator("#lb-album").inner_text() == " · 2 of 3"
    assert page.locator("#lb-image").get_attribute("src") == "/media/" + frames[1].display
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # past the album: the next item of the timeline
    assert page.evaluate("location.hash") == f"#item=upload:{after.pk}"
    page.keyboard.press("ArrowLeft")  # back into the album, at its last item
    assert page.locator("#lb-album").inner_text() == " · 3 of 3"
    assert before.pk
