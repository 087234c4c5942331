"""What staff see: token health with its banner, and the event admin's Instagram section."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import DESKTOP, screenshot
from tests.factory import make_account, make_admin, make_event, make_media

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
T0 = datetime(2026, 7, 5, 0, 0, tzinfo=UTC)


def admin_login(page) -> None:
    make_admin("boss")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_token_health_shows_status_what_to_do_and_a_banner(page):
    page.set_viewport_size(DESKTOP)
    now = timezone.now()
    make_account("sailjada", token_expires_at=now + timedelta(days=45))
    make_account("charterco", token_expires_at=now + timedelta(days=9))
    make_account(
        "oldboat",
        needs_reconnect=True,
        last_error_code=190,
        last_error_subcode=460,
        last_error_message="Session invalidated: password changed",
        last_error_at=now,
    )
    admin_login(page)
    page.goto("/admin/instagram/instagramaccount/")
    body = page.locator("body").inner_text()
    assert "Instagram @oldboat: Needs reconnecting" in body
    assert "password was changed" in body and "Expiring soon" in body
    assert page.get_by_role("link", name="Connect an Instagram account").is_visible()
    screenshot(page, "admin-token-health-desktop")


def test_the_event_admin_shows_qr_codes_and_matched_posts(page):
    page.set_viewport_size(DESKTOP)
    event = make_event(title="Sunset sail", starts_at=T0, ends_at=T0 + timedelta(hours=3))
    account = make_account("sailjada", token_expires_at=timezone.now() + timedelta(days=50))
    make_media(account, T0 + timedelta(minutes=20), caption="Casting off #sailjada", thumb="")
    make_media(account, T0 + timedelta(minutes=40), caption="Dolphins off the bow")
    admin_login(page)
    page.goto(f"/admin/events/event/{event.pk}/change/")
    assert page.locator("svg").count() >= 2
    page.get_by_role("button", name="Hide here").first.click()
    page.wait_for_url("**#instagram")
    section = page.locator("#instagram").inner_text()
    assert "hidden here" in section
    assert "2026-07-04 17:40 PDT" in section  # on the event's clock
    page.locator("#instagram").scroll_into_view_if_needed()
    screenshot(page, "admin-event-instagram-desktop")
