from datetime import UTC, datetime

import pytest

from events.models import Event
from tests.factory import make_admin, make_event

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict[str, str]:
    data = {
        "title": "Sunset sail",
        "description": "",
        "public_id": "sunset-0704",
        "timezone": "America/Los_Angeles",
        "starts_at_0": "2026-07-04",
        "starts_at_1": "17:00:00",
        "ends_at_0": "2026-07-04",
        "ends_at_1": "20:00:00",
        "visibility": "public",
        "access_code": "",
        "instagram_before": "00:00:00",
        "instagram_after": "01:00:00",
        # the Instagram inline the instagram app adds to this admin
        "instagram-TOTAL_FORMS": "0",
        "instagram-INITIAL_FORMS": "0",
        "instagram-MIN_NUM_FORMS": "0",
        "instagram-MAX_NUM_FORMS": "1",
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin_client(client):
    client.force_login(make_admin())
    return client


def test_start_and_end_are_read_in_the_events_timezone(admin_client, settings):
    settings.TIME_ZONE = "Europe/Berlin"  # the server's zone must not matter
    response = admin_client.post("/admin/events/event/add/", form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(public_id="sunset-0704")
    assert event.starts_at == datetime(2026, 7, 5, 0, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2026, 7, 5, 3, 0, tzinfo=UTC)


def test_the_change_form_shows_times_on_the_events_clock(admin_client):
    event = make_event(
        starts_at=datetime(2026, 7, 5, 0, 0, tzinfo=UTC), timezone="America/Los_Angeles"
    )
    page = admin_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'value="2026-07-04"' in page
    assert 'value="17:00:00"' in page


def test_changing_the_timezone_keeps_the_wall_clock_times(admin_client):
    admin_client.post("/admin/events/event/add/", form_data())
    event = Event.objects.get(public_id="sunset-0704")
    response = admin_client.post(
        f"/admin/events/event/{event.pk}/change/", form_data(timezone="Pacific/Auckland")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.local_starts_at.isoformat() == "2026-07-04T17:00:00+12:00"


def test_a_time_skipped_by_daylight_saving_is_refused(admin_client):
    data = form_data(starts_at_0="2026-03-08", starts_at_1="02:30:00", ends_at_0="2026-03-08")
    response = admin_client.post("/admin/events/event/add/", data)
    assert response.status_code == 200
    assert "does not exist in America/Los_Angeles" in response.content.decode()
    assert not Event.objects.exists()


def test_the_admin_explains_validation_errors(admin_client):
    data = form_data(ends_at_1="16:00:00", visibility="private")
    page = admin_client.post("/admin/events/event/add/", data).content.decode()
    assert "The end must be after the start." in page
    assert "A private event needs an access code" in page


def test_the_list_shows_local_times_status_and_guest_link(admin_client):
    event = make_event(title="Night sail", starts_at=datetime(2026, 7, 5, 0, 0, tzinfo=UTC))
    page = admin_client.get("/admin/events/event/").content.decode()
    assert "2026-07-04 17:00 PDT" in page
    assert "Past" in page or "Live" in page or "Upcoming" in page
    assert f"/g/{event.public_id}/" in page


def test_the_list_filters_by_status_and_searches(admin_client):
    make_event(title="Findable")
    assert "Findable" in admin_client.get("/admin/events/event/?q=Findable").content.decode()
    assert admin_client.get("/admin/events/event/?status=live").status_code == 200


def test_the_change_form_has_qr_codes_of_the_gallery_and_upload_links(admin_client):
    event = make_event(public_id="qr-test")
    page = admin_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert page.count("<svg") >= 2
    assert "http://testserver/g/qr-test/" in page
    assert "http://testserver/g/qr-test/upload/" in page
    sheet = admin_client.get(f"/admin/events/event/{event.pk}/print/")
    assert sheet.status_code == 200
    assert sheet.content.decode().count("<svg") == 2
