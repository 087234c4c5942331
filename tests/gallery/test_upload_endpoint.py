"""POST /g/<event_id>/upload/ as the interface describes it."""

from __future__ import annotations

import pytest

from gallery.models import Photo
from tests.factory import make_user
from tests.gallery.conftest import media_files
from tests.images import heic, jpeg, upload

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def crew_client(client, crew):
    client.force_login(crew)
    return client


def post(client, event, *files, **extra):
    return client.post(
        f"/g/{event.public_id}/upload/", {"photos": list(files), "caption": "Hi"}, **JSON, **extra
    )


def test_crew_upload_answers_201_with_accepted_duplicates_and_rejected(crew_client, event):
    data = jpeg(taken="2026:07:04 18:31:05")
    response = post(
        crew_client,
        event,
        upload(data, "IMG_0001.JPG"),
        upload(heic(), "IMG_0002.HEIC", "image/heic"),
        upload(data, "IMG_0001 copy.jpg"),
        upload(b"%PDF-1.4", "notes.pdf", "application/pdf"),
    )
    assert response.status_code == 201
    body = response.json()
    first, second = Photo.objects.order_by("id")
    assert body["accepted"] == [
        {
            "name": "IMG_0001.JPG",
            "id": f"upload:{first.pk}",
            "taken_at": "2026-07-04T18:31:05-07:00",
            "thumb": first.thumb.url,
        },
        {
            "name": "IMG_0002.HEIC",
            "id": f"upload:{second.pk}",
            "taken_at": body["accepted"][1]["taken_at"],
            "thumb": second.thumb.url,
        },
    ]
    assert body["duplicates"] == [{"name": "IMG_0001 copy.jpg", "id": f"upload:{first.pk}"}]
    assert body["rejected"] == [
        {
            "name": "notes.pdf",
            "error": "a PDF document is not a supported image (JPEG, PNG, WebP, HEIC, GIF)",
        }
    ]
    assert first.uploaded_by.username == "crew" and first.caption == "Hi"
    assert first.thumb.url.startswith("/media/")


def test_nothing_accepted_is_a_400(crew_client, event, settings):
    response = post(crew_client, event, upload(b"", "empty.jpg"))
    assert response.status_code == 400
    rejected = [{"name": "empty.jpg", "error": "the file is empty"}]
    assert response.json() == {"accepted": [], "duplicates": [], "rejected": rejected}
    assert media_files(settings) == []


def test_a_post_without_files_is_a_400(crew_client, event):
    response = crew_client.post(f"/g/{event.public_id}/upload/", {}, **JSON)
    assert response.status_code == 400
    assert "no file was sent" in response.json()["rejected"][0]["error"]


def test_a_file_over_the_limit_is_rejected_while_it_streams(crew_client, event, settings):
    settings.UPLOAD_MAX_MB = 1
    big = upload(b"\xff\xd8\xff" + b"\x00" * (1024 * 1024 + 100), "huge.jpg")
    response = post(crew_client, event, big, upload(jpeg(), "ok.jpg"))
    assert response.status_code == 201
    body = response.json()
    assert body["rejected"] == [
        {"name": "huge.jpg", "error": "the file is larger than the 1 MB limit"}
    ]
    assert [item["name"] for item in body["accepted"]] == ["ok.jpg"]


def test_a_request_over_the_size_limit_is_a_413_before_reading_it(crew_client, event):
    response = post(crew_client, event, upload(jpeg()), CONTENT_LENGTH="99999999999")
    assert response.status_code == 413
    assert "too large" in response.json()["error"]
    assert Photo.objects.count() == 0


def test_without_login_json_gets_401_and_a_browser_goes_to_login(client, event):
    response = post(client, event, upload(jpeg()))
    assert response.status_code == 401
    assert response.json() == {"error": "login required"}
    page = client.get(f"/g/{event.public_id}/upload/")
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/login/?next=/g/sunset-0704/upload/")


def test_without_permission_json_gets_403_and_a_browser_a_page(client, event):
    client.force_login(make_user("guest"))
    response = post(client, event, upload(jpeg()))
    assert response.status_code == 403
    assert "may not upload" in response.json()["error"]
    page = client.get(f"/g/{event.public_id}/upload/")
    assert page.status_code == 403
    assert "may not upload" in page.content.decode()
    assert Photo.objects.count() == 0


def test_the_upload_needs_a_csrf_token_from_a_browser(event, crew):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(crew)
    response = strict.post(f"/g/{event.public_id}/upload/", {"photos": [upload(jpeg())]})
    assert response.status_code == 403
    assert Photo.objects.count() == 0


def test_unknown_event_is_a_404(crew_client):
    assert crew_client.get("/g/nope/upload/").status_code == 404


def test_the_upload_page_offers_picking_and_the_camera(crew_client, event):
    page = crew_client.get(f"/g/{event.public_id}/upload/").content.decode()
    assert 'type="file"' in page and "multiple" in page
    assert 'capture="environment"' in page
    assert "upload.js" in page


def test_a_form_post_without_javascript_shows_the_results(crew_client, event):
    response = crew_client.post(
        f"/g/{event.public_id}/upload/",
        {"photos": [upload(jpeg(), "a.jpg"), upload(b"x", "b.txt")]},
    )
    assert response.status_code == 201
    page = response.content.decode()
    assert "Uploaded" in page and "Rejected: not a supported image" in page
