from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from events.models import Event, EventStatus, Visibility, public_id_generate
from tests.factory import make_event

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 7, 5, 0, 0, tzinfo=UTC)


def errors_of(event: Event) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        event.full_clean()
    return info.value.message_dict


def valid_event(**fields) -> Event:
    data = {
        "title": "Sunset sail",
        "starts_at": T0,
        "ends_at": T0 + timedelta(hours=3),
        "timezone": "America/Los_Angeles",
        "visibility": Visibility.PUBLIC,
    }
    data.update(fields)
    return Event(**data)


def test_a_valid_event_passes_validation_with_a_random_public_id():
    event = valid_event()
    event.full_clean()
    assert len(event.public_id) >= 10
    assert event.public_id.isalnum()


def test_random_public_ids_differ():
    assert len({public_id_generate() for _ in range(200)}) == 200


def test_end_must_be_after_start():
    assert errors_of(valid_event(ends_at=T0)) == {"ends_at": ["The end must be after the start."]}


def test_timezone_must_be_a_real_iana_name():
    assert "timezone" in errors_of(valid_event(timezone="Pacific/Atlantis"))
    assert "timezone" in errors_of(valid_event(timezone="PST8PDT-ish"))


def test_private_event_needs_an_access_code():
    errors = errors_of(valid_event(visibility=Visibility.PRIVATE, access_code=" "))
    assert errors["access_code"] == ["A private event needs an access code for its guests."]


@pytest.mark.parametrize("public_id", ["has space", "slash/es", "ünïcode", "-leading", "ab", "a?b"])
def test_public_id_must_be_url_safe(public_id):
    assert "public_id" in errors_of(valid_event(public_id=public_id))


def test_public_id_may_be_readable_and_must_be_unique():
    make_event(public_id="sunset-0704")
    assert "public_id" in errors_of(valid_event(public_id="sunset-0704"))


def test_negative_instagram_margins_are_refused():
    assert "instagram_before" in errors_of(valid_event(instagram_before=timedelta(minutes=-5)))


def test_instagram_window_adds_the_margins():
    event = valid_event(instagram_before=timedelta(minutes=30), instagram_after=timedelta(hours=2))
    assert event.instagram_window() == (T0 - timedelta(minutes=30), T0 + timedelta(hours=5))


def test_status_is_upcoming_live_or_past():
    event = valid_event()
    assert event.status(T0 - timedelta(seconds=1)) == EventStatus.UPCOMING
    assert event.status(T0) == EventStatus.LIVE
    assert event.status(T0 + timedelta(hours=3)) == EventStatus.LIVE
    assert event.status(T0 + timedelta(hours=3, seconds=1)) == EventStatus.PAST


def test_local_times_are_on_the_events_clock():
    event = valid_event()
    assert event.local_starts_at.isoformat() == "2026-07-04T17:00:00-07:00"


def test_public_queryset_holds_only_public_events_newest_first():
    old = make_event(starts_at=T0)
    new = make_event(starts_at=T0 + timedelta(days=1))
    make_event(visibility=Visibility.UNLISTED)
    make_event(visibility=Visibility.PRIVATE)
    assert list(Event.objects.public()) == [new, old]
