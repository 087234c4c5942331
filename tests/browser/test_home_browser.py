import pytest

from tests.browser.conftest import DESKTOP, screenshot
from tests.factory import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_lists_events_at_phone_and_desktop_width(page):
    make_event(title="Sunset sail")
    make_event(title="Harbour regatta")
    page.goto("/")
    assert page.get_by_role("heading", name="Events").is_visible()
    assert page.get_by_text("Sunset sail").is_visible()
    screenshot(page, "home-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "home-desktop")
    page.get_by_text("Sunset sail").click()
    page.wait_for_url("**/g/**")
    assert page.get_by_role("heading", name="Sunset sail").is_visible()
