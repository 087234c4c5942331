from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Visibility
from tests.factory import make_event

pytestmark = pytest.mark.django_db


def test_home_lists_only_public_events_newest_first(client):
    now = timezone.now()
    make_event(title="Older public", starts_at=now - timedelta(days=2))
    make_event(title="Newer public", starts_at=now - timedelta(days=1))
    make_event(title="Secret unlisted", visibility=Visibility.UNLISTED)
    make_event(title="Secret private", visibility=Visibility.PRIVATE)
    page = client.get("/").content.decode()
    assert page.index("Newer public") < page.index("Older public")
    assert "Secret" not in page


def test_home_is_paginated(client):
    now = timezone.now()
    for day in range(30):
        make_event(title=f"Sail {day:02d}", starts_at=now - timedelta(days=day))
    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()
    assert "Sail 00" in first and "Sail 29" not in first
    assert "Sail 29" in second
    assert 'rel="next"' in first


def test_home_says_so_when_there_are_no_events(client):
    assert "No public events yet" in client.get("/").content.decode()


def test_unknown_pages_get_the_friendly_404(client):
    response = client.get("/g/no-such-event/")
    assert response.status_code == 404
    assert "couldn't find that page" in response.content.decode()


def test_gallery_link_without_trailing_slash_redirects(client):
    event = make_event()
    response = client.get(f"/g/{event.public_id}")
    assert response.status_code == 301
    assert response["Location"] == f"/g/{event.public_id}/"


def test_server_errors_get_the_friendly_500(client, settings):
    from events.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_event_times_are_shown_on_the_events_clock(client):
    from datetime import UTC, datetime

    make_event(
        title="Night sail",
        starts_at=datetime(2026, 7, 5, 0, 0, tzinfo=UTC),
        timezone="America/Los_Angeles",
    )
    page = client.get("/").content.decode()
    assert "Sat 4 Jul 2026, 17:00" in page
    assert "PDT" in page
