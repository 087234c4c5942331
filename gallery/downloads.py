"""Every visible upload of an event as one ZIP, streamed as it is written.

The archive is never built in memory or on disk: each photo's guest download (no
location data; HEIC already a JPEG) is copied a megabyte at a time into zipfile, which
writes to a pipe that this generator empties after every piece.
"""

from __future__ import annotations

import logging
import posixpath
import zipfile
from collections.abc import Iterator

from django.core.files.storage import default_storage
from django.utils.text import slugify

from events.models import Event
from gallery.models import Photo

logger = logging.getLogger(__name__)
CHUNK = 1024 * 1024


class _Pipe:
    """A write-only, unseekable file for zipfile: what it writes waits here to be taken."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.offset = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self.offset

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def zip_filename(event: Event) -> str:
    return f"{slugify(event.title) or event.public_id}-photos.zip"


def zip_entry_name(event: Event, photo: Photo, taken: set[str]) -> str:
    """Named by local capture time: 2026-07-04 18-31-05.jpg, then (2), (3) for bursts."""
    stem = event.localtime(photo.taken_at).strftime("%Y-%m-%d %H-%M-%S")
    ext = posixpath.splitext(photo.download.name)[1].lower() or ".jpg"
    name, n = f"{stem}{ext}", 1
    while name in taken:
        n += 1
        name = f"{stem} ({n}){ext}"
    taken.add(name)
    return name


def zip_stream(event: Event) -> Iterator[bytes]:
    pipe = _Pipe()
    folder = slugify(event.title) or event.public_id
    taken: set[str] = set()
    photos = (
        Photo.objects.filter(event=event).visible().timeline().only("id", "taken_at", "download")
    )
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for photo in photos.iterator(chunk_size=500):
            try:
                source = default_storage.open(photo.download.name, "rb")
            except OSError:
                logger.warning("download.zip: missing file for photo %s", photo.pk)
                continue
            local = event.localtime(photo.taken_at)
            info = zipfile.ZipInfo(
                f"{folder}/{zip_entry_name(event, photo, taken)}",
                date_time=(max(local.year, 1980), *local.timetuple()[1:6]),
            )
            info.compress_type = zipfile.ZIP_STORED
            with source, archive.open(info, "w") as target:
                while chunk := source.read(CHUNK):
                    target.write(chunk)
                    yield pipe.take()
            yield pipe.take()
    yield pipe.take()
