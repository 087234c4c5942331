"""GET /g/<event_id>/feed.json as the interface describes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from events.models import Visibility
from gallery.models import PhotoStatus
from tests.factory import make_event, make_photo, make_photos
from tests.images import jpeg

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 7, 5, 0, 0, tzinfo=UTC)


@pytest.fixture
def event():
    return make_event(
        title="Sunset sail", public_id="sunset-0704", starts_at=T0, timezone="America/Los_Angeles"
    )


def test_feed_has_the_event_and_items_in_the_interface_shape(client, event, ingest):
    photo = ingest(jpeg(size=(4032, 3024), taken="2026:07:04 17:31:05"), caption="Hi").photo
    body = client.get("/g/sunset-0704/feed.json").json()
    assert body["event"] == {
        "id": "sunset-0704",
        "title": "Sunset sail",
        "starts_at": "2026-07-04T17:00:00-07:00",
        "ends_at": "2026-07-04T20:00:00-07:00",
        "timezone": "America/Los_Angeles",
    }
    item = body["items"][0]
    assert {k: item[k] for k in ("id", "source", "type", "taken_at", "width", "height")} == {
        "id": f"upload:{photo.pk}",
        "source": "upload",
        "type": "image",
        "taken_at": "2026-07-04T17:31:05-07:00",
        "width": 4032,
        "height": 3024,
    }
    assert item["caption"] == "Hi"
    assert item["thumb"].startswith("/media/") and item["thumb"].endswith(".webp")
    assert item["display"].startswith("/media/") and item["display"].endswith(".jpg")
    assert item["placeholder"].startswith("#")
    assert body["next"] is None
    assert client.get(item["thumb"]).status_code == 200


def test_feed_pages_with_next_until_null(client, event):
    make_photos(event, 130, T0, timedelta(minutes=1))
    url, seen, pages = "/g/sunset-0704/feed.json", [], 0
    while url:
        body = client.get(url).json()
        seen += [item["id"] for item in body["items"]]
        url, pages = body["next"], pages + 1
    assert pages == 3 and len(seen) == len(set(seen)) == 130


def test_limit_sets_the_page_size_up_to_200(client, event):
    make_photos(event, 250, T0, timedelta(seconds=30))
    assert len(client.get("/g/sunset-0704/feed.json?limit=5").json()["items"]) == 5
    assert len(client.get("/g/sunset-0704/feed.json?limit=200").json()["items"]) == 200
    assert "limit=5" in client.get("/g/sunset-0704/feed.json?limit=5").json()["next"]
    for bad in ("0", "201", "ten"):
        response = client.get(f"/g/sunset-0704/feed.json?limit={bad}")
        assert response.status_code == 400 and "limit" in response.json()["error"]


def test_a_bad_cursor_is_a_400(client, event):
    response = client.get("/g/sunset-0704/feed.json?after=garbage")
    assert response.status_code == 400
    assert response.json() == {"error": "invalid cursor"}


def test_unknown_event_is_a_json_404(client):
    response = client.get("/g/nope/feed.json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_private_event_feed_is_403_until_the_code_is_entered(client):
    make_event(public_id="secret", visibility=Visibility.PRIVATE, access_code="sail")
    response = client.get("/g/secret/feed.json")
    assert response.status_code == 403
    assert response.json() == {"error": "access code required"}
    client.post("/g/secret/", {"code": "sail"})
    assert client.get("/g/secret/feed.json").status_code == 200


def test_feed_answers_conditional_requests(client, event):
    make_photo(event, T0)
    first = client.get("/g/sunset-0704/feed.json")
    etag = first["ETag"]
    again = client.get("/g/sunset-0704/feed.json", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    make_photo(event, T0 + timedelta(minutes=1))
    changed = client.get("/g/sunset-0704/feed.json", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert len(changed.json()["items"]) == 2


def test_the_cache_follows_hiding_and_deleting(client, event):
    photo = make_photo(event, T0)
    keep = make_photo(event, T0 + timedelta(minutes=1))
    assert len(client.get("/g/sunset-0704/feed.json").json()["items"]) == 2
    photo.status = PhotoStatus.HIDDEN
    photo.save()
    assert [i["id"] for i in client.get("/g/sunset-0704/feed.json").json()["items"]] == [
        f"upload:{keep.pk}"
    ]
    keep.delete()
    assert client.get("/g/sunset-0704/feed.json").json()["items"] == []


def test_repeated_views_of_an_unchanged_event_come_from_the_cache(
    client, event, django_assert_max_num_queries
):
    make_photos(event, 50, T0, timedelta(minutes=1))
    client.get("/g/sunset-0704/feed.json")
    with django_assert_max_num_queries(1):  # the event itself; the body is cached
        client.get("/g/sunset-0704/feed.json")


@pytest.mark.parametrize("count", [10, 5000])
def test_feed_queries_do_not_grow_with_the_event(
    client, event, count, django_assert_max_num_queries
):
    make_photos(event, count, T0, timedelta(seconds=2))
    # event, Instagram settings, a page per source, album children
    with django_assert_max_num_queries(6):
        body = client.get("/g/sunset-0704/feed.json?limit=200").json()
    with django_assert_max_num_queries(6):
        client.get(body["next"] or "/g/sunset-0704/feed.json?limit=7")


def test_poll_points_after_the_last_item_even_on_the_last_page(client, event):
    make_photo(event, T0)
    body = client.get("/g/sunset-0704/feed.json").json()
    assert body["next"] is None
    assert client.get(body["poll"]).json()["items"] == []
    newer = make_photo(event, T0 + timedelta(minutes=5))
    assert [i["id"] for i in client.get(body["poll"]).json()["items"]] == [f"upload:{newer.pk}"]


def test_at_starts_a_page_at_an_item(client, event):
    photos = make_photos(event, 100, T0, timedelta(minutes=1))
    body = client.get(f"/g/sunset-0704/feed.json?at=upload:{photos[70].pk}").json()
    assert body["items"][0]["id"] == f"upload:{photos[70].pk}"
    assert client.get("/g/sunset-0704/feed.json?at=upload:0").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "at=upload:99999999999999999999999",
        "at=instagram:abc",
        "at=nothing",
        "after=" + __import__("gallery.timeline").timeline.Cursor(T0, "upload", 2**70).encode(),
        "before=" + __import__("gallery.timeline").timeline.Cursor(T0, "upload", -(2**70)).encode(),
    ],
)
def test_out_of_range_positions_are_a_400_not_a_500(client, event, query):
    make_photo(event, T0)
    response = client.get(f"/g/sunset-0704/feed.json?{query}")
    assert response.status_code == 400
    page = client.get(f"/g/sunset-0704/?{query}")
    assert page.status_code in (200, 302)
