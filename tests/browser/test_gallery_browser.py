"""The guest gallery in a real browser: scrolling, the lightbox, deep links, access, slideshow."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import Visibility
from gallery.demo_images import scene
from gallery.models import Photo
from gallery.services import photo_ingest
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.factory import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
T0 = datetime(2026, 7, 5, 0, 0, tzinfo=UTC)


def fill(event, count: int, start: datetime = T0, seed: int = 0) -> list[Photo]:
    """Real photos (small generated scenes) spread over the event."""
    photos = []
    for n in range(count):
        buffer = io.BytesIO()
        scene(seed + n, (640, 480)).save(buffer, "JPEG", quality=80)
        outcome = photo_ingest(
            event=event,
            file=SimpleUploadedFile(f"IMG_{n:04d}.JPG", buffer.getvalue()),
            user=None,
            caption="Dolphins off the bow" if n == 2 else "",
            now=start + timedelta(minutes=2 * n),
        )
        photos.append(outcome.photo)
    return photos


def test_scroll_lightbox_keys_and_escape(page):
    event = make_event(
        title="Sunset sail", public_id="sunset", starts_at=T0, ends_at=T0 + timedelta(hours=4)
    )
    photos = fill(event, 75)
    page.goto("/g/sunset/")
    assert page.get_by_role("heading", name="Sunset sail").is_visible()
    assert page.locator(".tile").count() == 36
    screenshot(page, "gallery-phone")
    page.locator("#sentinel").scroll_into_view_if_needed()
    page.wait_for_function("document.querySelectorAll('.tile').length === 75")
    assert page.locator("#pager").is_hidden()

    page.locator(f'[data-id="upload:{photos[2].pk}"]').click()
    box = page.locator("#lightbox")
    assert box.is_visible()
    assert page.locator("#lb-caption").inner_text() == "Dolphins off the bow"
    assert page.evaluate("location.hash") == f"#item=upload:{photos[2].pk}"
    assert page.locator("#lb-download").get_attribute("href") == photos[2].download.url
    screenshot(page, "lightbox-phone")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("location.hash") == f"#item=upload:{photos[3].pk}"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("location.hash") == f"#item=upload:{photos[1].pk}"
    for _ in range(6):  # focus stays inside while open
        page.keyboard.press("Tab")
        assert page.evaluate("document.getElementById('lightbox').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert box.is_hidden()
    assert page.evaluate("document.activeElement.dataset.id") == f"upload:{photos[1].pk}"

    page.set_viewport_size(DESKTOP)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "gallery-desktop")


def test_swipe_moves_between_photos(browser, live_server):
    event = make_event(public_id="swipe", starts_at=T0)
    photos = fill(event, 3)
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, has_touch=True)
    page = context.new_page()
    page.goto(f"/g/swipe/#item=upload:{photos[0].pk}")
    page.locator("#lightbox").wait_for()
    page.evaluate(
        """() => {
          const box = document.getElementById('lightbox');
          const touch = (x) => new Touch({identifier: 1, target: box, clientX: x, clientY: 300});
          const fire = (type, init) =>
            box.dispatchEvent(new TouchEvent(type, {...init, bubbles: true}));
          fire('touchstart', {touches: [touch(300)]});
          fire('touchend', {changedTouches: [touch(100)]});
        }"""
    )
    assert page.evaluate("location.hash") == f"#item=upload:{photos[1].pk}"
    context.close()


def test_a_deep_link_opens_that_item_even_beyond_the_first_page(page):
    event = make_event(public_id="deep", starts_at=T0, ends_at=T0 + timedelta(hours=4))
    photos = fill(event, 70)
    page.goto(f"/g/deep/#item=upload:{photos[66].pk}")
    page.locator("#lightbox").wait_for()
    assert page.locator("#lb-image").get_attribute("src") == photos[66].display.url
    page.keyboard.press("ArrowRight")
    assert page.evaluate("location.hash") == f"#item=upload:{photos[67].pk}"


def test_a_private_event_wrong_code_then_right(page):
    event = make_event(
        title="Private charter",
        public_id="private",
        starts_at=T0,
        visibility=Visibility.PRIVATE,
        access_code="sail",
    )
    fill(event, 3)
    page.goto("/g/private/")
    assert page.get_by_label("Access code").is_visible()
    page.get_by_label("Access code").fill("boat")
    page.get_by_role("button", name="Open the gallery").click()
    assert page.get_by_role("alert").inner_text().startswith("That code isn't right")
    screenshot(page, "access-code-phone")
    page.get_by_label("Access code").fill("sail")
    page.get_by_role("button", name="Open the gallery").click()
    page.wait_for_url("**/g/private/")
    assert page.locator(".tile").count() == 3


def test_the_slideshow_advances_and_shows_new_items_without_reloading(page):
    event = make_event(
        title="Live sail", public_id="live", starts_at=T0, ends_at=T0 + timedelta(hours=4)
    )
    fill(event, 3)
    page.goto("/g/live/slideshow/")
    page.evaluate("1")  # the page is up
    page.wait_for_function("document.getElementById('show').dataset.current")
    first = page.evaluate("document.getElementById('show').dataset.current")
    page.evaluate("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight'}))")
    assert page.evaluate("document.getElementById('show').dataset.current") != first
    newest = fill(event, 1, start=T0 + timedelta(hours=1), seed=100)[0]
    page.evaluate("window.__reloaded = false")
    page.wait_for_function(
        f"document.getElementById('show').dataset.current === 'upload:{newest.pk}'", timeout=25_000
    )
    assert page.locator("#new-badge").is_visible()
    assert page.evaluate("window.__reloaded") is False
    page.set_viewport_size(DESKTOP)
    screenshot(page, "slideshow-desktop")
    assert re.search(r"\d\d:\d\d", page.locator("#caption-time").inner_text())
