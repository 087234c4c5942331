"""GET /g/<event_id>/: the gallery page, its access rules and its speed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from events.models import Visibility
from tests.factory import make_event, make_photo, make_photos, make_user

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 7, 5, 0, 0, tzinfo=UTC)


@pytest.fixture
def event():
    return make_event(
        title="Sunset sail", public_id="sunset-0704", starts_at=T0, timezone="America/Los_Angeles"
    )


def page(client, path="/g/sunset-0704/", **extra):
    response = client.get(path, **extra)
    return response, response.content.decode()


def test_the_page_shows_title_local_times_count_and_tiles(client, event):
    photo = make_photo(event, T0 + timedelta(minutes=31), caption="Dolphins!")
    make_photo(event, T0 + timedelta(hours=1, minutes=2))
    response, html = page(client)
    assert response.status_code == 200
    assert "<h1>Sunset sail</h1>" in html
    assert "Saturday 4 July 2026, 17:00" in html and "20:00 PDT" in html
    assert "2 photos and posts" in html
    assert f'data-id="upload:{photo.pk}"' in html
    assert 'alt="Dolphins!"' in html
    assert 'width="4032" height="3024"' in html
    assert "thumb.webp 480w, /media/e/shared/display.jpg 1920w" in html  # responsive sources
    assert "background-color:#7a8fa3" in html
    assert html.count('class="divider"') == 2  # 17:00 and 18:00
    assert "Sat 4 Jul · 17:00" in html and ">18:00<" in html


def test_alt_text_names_the_crew_and_time_without_caption(client, event):
    uploader = make_user("maria")
    uploader.first_name = "Maria"
    uploader.save()
    make_photo(event, T0 + timedelta(minutes=31), uploaded_by=uploader)
    make_photo(event, T0 + timedelta(minutes=32))
    _, html = page(client)
    assert 'alt="Photo by Maria, 17:31"' in html
    assert 'alt="Photo by crew, 17:32"' in html


def test_first_tiles_load_eagerly_and_the_rest_lazily(client, event):
    make_photos(event, 30, T0, timedelta(minutes=1))
    _, html = page(client)
    assert 'fetchpriority="high"' in html
    assert html.count('loading="lazy"') >= 20


def test_pages_link_to_each_other_without_javascript(client, event):
    make_photos(event, 70, T0, timedelta(minutes=1))
    _, html = page(client)
    assert 'rel="next"' in html and 'rel="prev"' not in html
    next_href = html.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    response, second = page(client, "/g/sunset-0704/" + next_href)
    assert response.status_code == 200
    assert 'rel="prev"' in second and 'rel="next"' not in second


def test_open_graph_and_twitter_tags_describe_the_event(client, event):
    make_photo(event, T0)
    _, html = page(client)
    assert '<meta property="og:title" content="Sunset sail">' in html
    assert (
        '<meta property="og:image" content="http://testserver/media/e/shared/display.jpg">' in html
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert "noindex" not in html


def test_unlisted_events_are_reachable_by_link_but_not_indexed(client):
    make_event(title="Quiet sail", public_id="quiet", visibility=Visibility.UNLISTED)
    response, html = page(client, "/g/quiet/")
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "Quiet sail" not in client.get("/").content.decode()


def test_unknown_events_are_404(client):
    assert client.get("/g/no-such-event/").status_code == 404


def test_private_events_ask_for_the_code_then_admit_this_browser_to_this_event_only(client):
    secret = make_event(
        title="Secret sail", public_id="secret", visibility=Visibility.PRIVATE, access_code="Sail"
    )
    make_photo(secret, T0)
    other = make_event(public_id="other", visibility=Visibility.PRIVATE, access_code="x")
    make_photo(other, T0)
    response, html = page(client, "/g/secret/")
    assert response.status_code == 200
    assert "Enter the access code" in html and "data-id=" not in html
    wrong = client.post("/g/secret/", {"code": "boat"})
    assert wrong.status_code == 400
    assert "isn&#x27;t right" in wrong.content.decode()
    right = client.post("/g/secret/", {"code": " sail "})
    assert right.status_code == 302 and right["Location"] == "/g/secret/"
    response, html = page(client, "/g/secret/")
    assert "data-id=" in html and "noindex" in html
    assert "og:image" not in html  # never leak a private photo into link previews
    assert "Enter the access code" in page(client, "/g/other/")[1]


def test_repeated_wrong_codes_are_refused_with_429(client):
    make_event(public_id="secret", visibility=Visibility.PRIVATE, access_code="sail")
    for _ in range(5):
        assert client.post("/g/secret/", {"code": "nope"}).status_code == 400
    locked = client.post("/g/secret/", {"code": "sail"})
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 0
    assert "Too many wrong codes" in locked.content.decode()
    other_address = client.post("/g/secret/", {"code": "sail"}, REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 302


def test_staff_see_private_events_without_a_code(client):
    from tests.factory import make_admin

    make_event(public_id="secret", visibility=Visibility.PRIVATE, access_code="sail")
    client.force_login(make_admin())
    assert "Enter the access code" not in page(client, "/g/secret/")[1]


def test_an_empty_event_says_so(client, event):
    assert "No photos yet" in page(client)[1]


def test_a_bad_cursor_in_the_address_goes_back_to_the_start(client, event):
    response = client.get("/g/sunset-0704/?after=garbage")
    assert response.status_code == 302 and response["Location"] == "/g/sunset-0704/"


@pytest.mark.parametrize("count", [10, 5000])
def test_page_queries_do_not_grow_with_the_event(
    client, event, count, django_assert_max_num_queries
):
    make_photos(event, count, T0, timedelta(seconds=2))
    # event, Instagram settings, a page and a count per source, album children
    with django_assert_max_num_queries(8):
        response = client.get("/g/sunset-0704/")
    assert response.status_code == 200
    with django_assert_max_num_queries(1):  # cached: only the event
        client.get("/g/sunset-0704/")


def test_the_slideshow_page_loads_the_feed(client, event):
    response, html = page(client, "/g/sunset-0704/slideshow/")
    assert response.status_code == 200
    assert "/g/sunset-0704/feed.json" in html and "slideshow.js" in html
