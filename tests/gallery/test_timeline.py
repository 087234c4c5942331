"""The timeline's order and its cursors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from gallery.models import PhotoStatus
from gallery.timeline import Cursor, timeline_count, timeline_find, timeline_page
from tests.factory import make_event, make_photo, make_photos

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 7, 5, 0, 0, tzinfo=UTC)


@pytest.fixture
def event():
    return make_event(starts_at=T0, timezone="America/Los_Angeles")


def ids(page) -> list[str]:
    return [item.id for item in page.items]


def walk(event, limit: int) -> list[str]:
    seen, after = [], None
    for _ in range(1000):
        page = timeline_page(event, after=after, limit=limit)
        seen += ids(page)
        if page.next is None:
            return seen
        after = page.next
    raise AssertionError("paging never ended")


def test_items_are_in_chronological_order_whatever_the_upload_order(event):
    late = make_photo(event, T0 + timedelta(hours=2))
    early = make_photo(event, T0 + timedelta(minutes=5))
    middle = make_photo(event, T0 + timedelta(hours=1))
    assert ids(timeline_page(event)) == [f"upload:{p.pk}" for p in (early, middle, late)]


def test_order_is_by_instant_across_capture_timezones(event):
    tokyo = make_photo(event, datetime(2026, 7, 5, 9, 30, tzinfo=UTC))  # 18:30 in Tokyo
    lisbon = make_photo(event, datetime(2026, 7, 5, 9, 0, tzinfo=UTC))  # 10:00 in Lisbon
    assert ids(timeline_page(event)) == [f"upload:{lisbon.pk}", f"upload:{tokyo.pk}"]


def test_equal_times_are_ordered_by_id(event):
    first = make_photo(event, T0)
    second = make_photo(event, T0)
    assert ids(timeline_page(event)) == [f"upload:{first.pk}", f"upload:{second.pk}"]


@pytest.mark.parametrize("limit", [1, 7, 60, 200])
def test_paging_to_the_end_misses_and_repeats_nothing(event, limit):
    photos = make_photos(event, 150, T0, timedelta(seconds=17))
    for p in photos[::10]:  # bursts with equal times
        make_photo(event, p.taken_at)
    seen = walk(event, limit)
    assert len(seen) == len(set(seen)) == 165
    assert seen == ids(timeline_page(event, limit=200))[:165]


def test_a_cursor_stays_valid_while_items_are_added_and_hidden(event):
    photos = make_photos(event, 30, T0, timedelta(minutes=1))
    first = timeline_page(event, limit=10)
    photos[3].status = PhotoStatus.HIDDEN  # on the page already seen
    photos[3].save()
    photos[12].status = PhotoStatus.HIDDEN  # on the next page
    photos[12].save()
    earlier = make_photo(event, T0 - timedelta(minutes=1))  # before the cursor
    added = make_photo(event, T0 + timedelta(minutes=12, seconds=30))  # after it
    second = timeline_page(event, after=first.next, limit=10)
    expected = [p for p in photos[10:21] if p.pk != photos[12].pk]
    expected.insert(2, added)  # 12:30 comes right after minute 11
    assert ids(second) == [f"upload:{p.pk}" for p in expected[:10]]
    assert f"upload:{earlier.pk}" not in ids(second)


def test_hidden_photos_never_appear_nor_count(event):
    shown = make_photo(event, T0)
    make_photo(event, T0, status=PhotoStatus.HIDDEN)
    assert ids(timeline_page(event)) == [f"upload:{shown.pk}"]
    assert timeline_count(event) == 1


def test_paging_backwards_mirrors_paging_forwards(event):
    make_photos(event, 25, T0, timedelta(minutes=1))
    forward = [timeline_page(event, limit=10)]
    forward.append(timeline_page(event, after=forward[0].next, limit=10))
    back = timeline_page(event, before=forward[1].prev, limit=10)
    assert ids(back) == ids(forward[0])
    assert back.prev is None and back.next is not None


def test_find_gives_the_position_just_before_an_item(event):
    photos = make_photos(event, 20, T0, timedelta(minutes=1))
    cursor = timeline_find(event, f"upload:{photos[7].pk}")
    assert ids(timeline_page(event, after=cursor, limit=2)) == [
        f"upload:{photos[7].pk}",
        f"upload:{photos[8].pk}",
    ]
    assert timeline_find(event, "upload:999999") is None
    assert timeline_find(event, "nonsense") is None


def test_other_events_photos_never_leak_in(event):
    other = make_event()
    make_photo(other, T0)
    assert timeline_page(event).items == []


def test_cursors_round_trip_and_reject_garbage():
    cursor = Cursor(datetime(2026, 7, 5, 1, 2, 3, 456789, tzinfo=UTC), "upload", 42)
    assert Cursor.decode(cursor.encode()) == cursor
    for garbage in ["", "abc", "!!!", "MTIz"]:
        with pytest.raises(ValueError):
            Cursor.decode(garbage)
