import pytest
from django.core.management import call_command

from gallery.models import Photo, PhotoStatus
from tests.factory import make_admin
from tests.gallery.conftest import media_files
from tests.images import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_admin())
    return client


def test_the_photo_list_shows_thumbnails_and_filters(admin_client, ingest):
    photo = ingest(jpeg()).photo
    page = admin_client.get("/admin/gallery/photo/").content.decode()
    assert photo.thumb.url in page
    for query in ("?status__exact=hidden", f"?event__id__exact={photo.event_id}", "?q=IMG"):
        assert admin_client.get("/admin/gallery/photo/" + query).status_code == 200
    change = admin_client.get(f"/admin/gallery/photo/{photo.pk}/change/").content.decode()
    assert photo.original.url in change


def test_bulk_hide_and_show(admin_client, ingest):
    photo = ingest(jpeg()).photo
    url = "/admin/gallery/photo/"
    admin_client.post(url, {"action": "hide_photos", "_selected_action": [photo.pk]})
    assert Photo.objects.get().status == PhotoStatus.HIDDEN
    admin_client.post(url, {"action": "show_photos", "_selected_action": [photo.pk]})
    assert Photo.objects.get().status == PhotoStatus.VISIBLE


def test_deleting_a_photo_deletes_its_files_after_commit(
    admin_client, ingest, settings, django_capture_on_commit_callbacks
):
    photo = ingest(jpeg()).photo
    assert len(media_files(settings)) == 4
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        photo.delete()
    assert len(media_files(settings)) == 4  # not before the commit
    for callback in callbacks:
        callback()
    assert media_files(settings) == []


def test_bulk_delete_from_the_admin_removes_rows_and_files(
    admin_client, ingest, settings, django_capture_on_commit_callbacks
):
    photos = [ingest(jpeg(make=str(n))).photo for n in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/gallery/photo/",
            {
                "action": "delete_selected",
                "_selected_action": [p.pk for p in photos],
                "post": "yes",
            },
        )
    assert Photo.objects.count() == 0
    assert media_files(settings) == []


def test_rebuild_action_and_command_make_fresh_renditions(
    admin_client, ingest, settings, django_capture_on_commit_callbacks
):
    photo = ingest(jpeg(orientation=6)).photo
    old_thumb = photo.thumb.name
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/gallery/photo/",
            {"action": "rebuild_renditions", "_selected_action": [photo.pk]},
        )
    photo.refresh_from_db()
    assert photo.thumb.name != old_thumb
    assert len(media_files(settings)) == 4  # the old renditions are gone
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_renditions", "--event", photo.event.public_id)
    assert len(media_files(settings)) == 4
    assert (photo.width, photo.height) == (240, 160)
