"""Which posts an event shows: window edges, time zones, moderation, hashtags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from gallery.timeline import timeline_page
from instagram.matching import event_media
from instagram.models import EventInstagram, PostState
from instagram.moderation import event_post_set, media_set_hidden
from tests.factory import make_account, make_event, make_media, make_photo

pytestmark = pytest.mark.django_db
START = datetime(2026, 7, 5, 0, 0, tzinfo=UTC)  # 17:00 in Los Angeles
END = START + timedelta(hours=3)


@pytest.fixture
def account():
    return make_account("sailjada")


def shown(event) -> set[str]:
    return set(event_media(event).values_list("media_id", flat=True))


def test_posts_exactly_at_the_start_and_the_end_belong_both_ends_included(account):
    event = make_event(starts_at=START, ends_at=END)
    at_start, at_end = make_media(account, START), make_media(account, END)
    before = make_media(account, START - timedelta(seconds=1))
    after = make_media(account, END + timedelta(seconds=1))
    assert shown(event) == {at_start.media_id, at_end.media_id}
    assert before.media_id not in shown(event) and after.media_id not in shown(event)


def test_margins_widen_the_window(account):
    event = make_event(
        starts_at=START,
        ends_at=END,
        instagram_before=timedelta(minutes=30),
        instagram_after=timedelta(hours=2),
    )
    early = make_media(account, START - timedelta(minutes=30))
    late = make_media(account, END + timedelta(hours=2))
    too_late = make_media(account, END + timedelta(hours=2, seconds=1))
    assert shown(event) == {early.media_id, late.media_id}
    assert too_late.media_id not in shown(event)


def test_a_far_timezone_is_matched_by_instant(account):
    # 19:00-23:00 on 4 July in Auckland is 07:00-11:00 UTC that day
    event = make_event(
        starts_at=datetime(2026, 7, 4, 7, 0, tzinfo=UTC),
        ends_at=datetime(2026, 7, 4, 11, 0, tzinfo=UTC),
        timezone="Pacific/Auckland",
    )
    inside = make_media(account, datetime(2026, 7, 4, 8, 0, tzinfo=UTC))
    same_local_hour_in_utc = make_media(account, datetime(2026, 7, 4, 20, 0, tzinfo=UTC))
    assert shown(event) == {inside.media_id}
    item = timeline_page(event).items[0]
    assert item.as_json(event)["taken_at"] == "2026-07-04T20:00:00+12:00"
    assert same_local_hour_in_utc.media_id not in shown(event)


def test_an_event_spanning_midnight(account):
    event = make_event(
        starts_at=datetime(2026, 7, 5, 5, 0, tzinfo=UTC),  # 22:00 PDT
        ends_at=datetime(2026, 7, 5, 9, 0, tzinfo=UTC),
    )  # 02:00 PDT
    before_midnight = make_media(account, datetime(2026, 7, 5, 6, 30, tzinfo=UTC))
    after_midnight = make_media(account, datetime(2026, 7, 5, 8, 30, tzinfo=UTC))
    assert shown(event) == {before_midnight.media_id, after_midnight.media_id}


def test_hide_here_pin_and_hide_everywhere(account):
    event = make_event(starts_at=START, ends_at=END)
    other = make_event(starts_at=START, ends_at=END)
    inside = make_media(account, START + timedelta(minutes=5))
    outside = make_media(account, START - timedelta(days=2))
    event_post_set(event=event, media=inside, state=PostState.HIDDEN)
    event_post_set(event=event, media=outside, state=PostState.PINNED)
    assert shown(event) == {outside.media_id}
    assert shown(other) == {inside.media_id}
    event_post_set(event=event, media=inside, state=None)
    assert shown(event) == {inside.media_id, outside.media_id}
    media_set_hidden(media=inside, hidden=True)
    assert shown(event) == {outside.media_id} and shown(other) == set()


def test_a_hashtag_filter_keeps_only_posts_carrying_one_of_them(account):
    event = make_event(starts_at=START, ends_at=END)
    tagged = make_media(account, START, caption="Sunset! #SailJada", tags=" sailjada ")
    make_media(account, START, caption="Lunch #food", tags=" food ")
    EventInstagram.objects.create(event=event, hashtags="#sailjada, #regatta")
    event.refresh_from_db()
    assert shown(event) == {tagged.media_id}


def test_staff_may_pick_the_accounts_default_is_all(account):
    other_account = make_account("charterco")
    event = make_event(starts_at=START, ends_at=END)
    mine = make_media(account, START)
    theirs = make_media(other_account, START)
    assert shown(event) == {mine.media_id, theirs.media_id}
    settings = EventInstagram.objects.create(event=event)
    settings.accounts.add(other_account)
    event.refresh_from_db()
    assert shown(event) == {theirs.media_id}


def test_deleted_and_uncopied_posts_never_show(account):
    event = make_event(starts_at=START, ends_at=END)
    make_media(account, START, deleted_at=START)
    make_media(account, START, thumb="", copy_error="CDN said no")
    assert shown(event) == set()


def test_posts_and_uploads_share_one_timeline_ordered_across_sources(account, client):
    event = make_event(public_id="mixed", starts_at=START, ends_at=END)
    photo = make_photo(event, START + timedelta(minutes=10))
    media = make_media(
        account,
        START + timedelta(minutes=5),
        caption="<b>bold</b> & #tag",
        media_type="CAROUSEL_ALBUM",
    )
    media.children.create(
        child_id="c1",
        position=0,
        media_type="IMAGE",
        thumb="ig/x/0-thumb.webp",
        display="ig/x/0-display.jpg",
    )
    media.children.create(
        child_id="c2",
        position=1,
        media_type="VIDEO",
        thumb="ig/x/1-thumb.webp",
        display="ig/x/1-display.jpg",
        video="ig/x/1-video.mp4",
    )
    tie = make_photo(event, START + timedelta(minutes=5))
    body = client.get("/g/mixed/feed.json").json()
    assert [item["id"] for item in body["items"]] == [
        f"instagram:{media.media_id}",
        f"upload:{tie.pk}",
        f"upload:{photo.pk}",
    ]
    post = body["items"][0]
    assert post["source"] == "instagram" and post["type"] == "carousel"
    assert post["username"] == "sailjada" and post["permalink"].startswith(
        "https://www.instagram.com/"
    )
    assert post["caption"] == "<b>bold</b> & #tag"
    assert post["children"] == [
        {
            "type": "image",
            "thumb": "/media/ig/x/0-thumb.webp",
            "display": "/media/ig/x/0-display.jpg",
            "video": None,
            "width": None,
            "height": None,
        },
        {
            "type": "video",
            "thumb": "/media/ig/x/1-thumb.webp",
            "display": "/media/ig/x/1-display.jpg",
            "video": "/media/ig/x/1-video.mp4",
            "width": None,
            "height": None,
        },
    ]
    assert post["thumb"].startswith("/media/ig/") and post["video"] is None
    page = client.get("/g/mixed/").content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold</b>" not in page.split("items-data")[0]
    assert "@sailjada" in page and "mark-album" in page


def test_the_event_admin_shows_matched_posts_and_toggles_them(account, client):
    from tests.factory import make_admin

    client.force_login(make_admin())
    event = make_event(starts_at=START, ends_at=END)
    inside = make_media(account, START + timedelta(minutes=5), caption="Inside the window")
    outside = make_media(account, START - timedelta(days=3), caption="Way before")
    page = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert "Inside the window" in page and "Way before" not in page
    url = f"/admin/events/event/{event.pk}/instagram/"
    client.post(url, {"instagram_action": f"hide:{inside.pk}"})
    assert shown(event) == set()
    client.post(url, {"instagram_action": "pin-find", "instagram_pin": outside.permalink})
    assert shown(event) == {outside.media_id}
    client.post(url, {"instagram_action": f"reset:{inside.pk}"})
    client.post(url, {"instagram_action": f"hide-all:{inside.pk}"})
    inside.refresh_from_db()
    assert inside.hidden and shown(event) == {outside.media_id}
    assert client.get(url).status_code == 403


def test_the_moderation_endpoint_ignores_malformed_ids(account, client):
    from tests.factory import make_admin

    client.force_login(make_admin())
    event = make_event(starts_at=START, ends_at=END)
    for value in ["hide:abc", "hide:", "nonsense", "hide:99999999999999999999999"]:
        response = client.post(
            f"/admin/events/event/{event.pk}/instagram/", {"instagram_action": value}
        )
        assert response.status_code == 302
