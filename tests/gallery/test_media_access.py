import pytest

from events.access import event_access_grant
from events.models import Visibility
from tests.factory import make_admin, make_event
from tests.images import jpeg

pytestmark = pytest.mark.django_db


def test_guests_get_renditions_with_long_cache_lifetimes(client, ingest):
    photo = ingest(jpeg()).photo
    response = client.get(photo.thumb.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(photo.download.url).status_code == 200


def test_originals_are_for_staff_only(client, ingest):
    photo = ingest(jpeg(gps=True)).photo
    assert client.get(photo.original.url).status_code == 404
    client.force_login(make_admin())
    response = client.get(photo.original.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]


def test_private_event_media_needs_that_events_access(client, ingest, rf):
    private = make_event(visibility=Visibility.PRIVATE, access_code="sail")
    other = make_event(visibility=Visibility.PRIVATE, access_code="other")
    photo = ingest(jpeg(), to=private).photo
    assert client.get(photo.thumb.url).status_code == 404
    session = client.session
    session["events_admitted"] = [other.pk]
    session.save()
    assert client.get(photo.thumb.url).status_code == 404
    session["events_admitted"] = [other.pk, private.pk]
    session.save()
    response = client.get(photo.thumb.url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    assert event_access_grant  # the session key is the one the access form writes


@pytest.mark.parametrize(
    "path",
    [
        "/media/../config/settings.py",
        "/media/e/1/x/../../../db",
        "/media/other/x.jpg",
        "/media/e/999/abc/thumb.webp",
    ],
)
def test_media_paths_outside_the_layout_are_404(client, path):
    assert client.get(path).status_code == 404
