"""GET /g/<event_id>/download.zip: every visible upload, streamed."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.http import StreamingHttpResponse
from PIL import ExifTags, Image

from events.models import Visibility
from gallery.models import PhotoStatus
from tests.factory import make_event
from tests.images import heic, jpeg

pytestmark = pytest.mark.django_db


def download(client, path="/g/sunset-0704/download.zip"):
    response = client.get(path)
    assert isinstance(response, StreamingHttpResponse)
    return response, zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_holds_every_visible_upload_named_by_local_time(client, ingest):
    ingest(jpeg(taken="2026:07:04 18:31:05", gps=True, make="a"), "IMG_1.JPG")
    ingest(jpeg(taken="2026:07:04 18:31:05", make="b"), "IMG_2.JPG")  # same second
    ingest(heic(taken="2026:07:04 19:00:00"), "IMG_3.HEIC")
    hidden = ingest(jpeg(taken="2026:07:04 19:30:00", make="c"), "IMG_4.JPG").photo
    hidden.status = PhotoStatus.HIDDEN
    hidden.save()
    response, archive = download(client)
    assert response["Content-Type"] == "application/zip"
    assert 'filename="event-' in response["Content-Disposition"]
    names = archive.namelist()
    folder = names[0].split("/")[0]
    assert [n.split("/")[1] for n in names] == [
        "2026-07-04 18-31-05.jpg",
        "2026-07-04 18-31-05 (2).jpg",
        "2026-07-04 19-00-00.jpg",
    ]
    assert archive.testzip() is None
    first = Image.open(io.BytesIO(archive.read(f"{folder}/2026-07-04 18-31-05.jpg")))
    assert not first.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    heic_entry = Image.open(io.BytesIO(archive.read(f"{folder}/2026-07-04 19-00-00.jpg")))
    assert heic_entry.format == "JPEG"


def test_an_empty_event_gives_an_empty_zip(client, event):
    _, archive = download(client)
    assert archive.namelist() == []


def test_the_zip_of_a_private_event_needs_its_code(client):
    make_event(public_id="secret", visibility=Visibility.PRIVATE, access_code="sail")
    response = client.get("/g/secret/download.zip")
    assert response.status_code == 302 and response["Location"] == "/g/secret/"
    client.post("/g/secret/", {"code": "sail"})
    download(client, "/g/secret/download.zip")
