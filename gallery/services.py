"""Photo workflows: ingest an upload, rebuild renditions, delete files.

A photo is whole when `photo_ingest` returns it: its renditions exist and guests see it.
Anything that goes wrong on the way leaves nothing behind: no row, no file.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, BinaryIO

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from events.models import Event, events_content_changed
from gallery.models import Photo, TakenAtSource, photo_folder
from imaging import ImageRejected
from imaging.exif import Capture, minimal_exif
from imaging.renditions import Decoded, decode, encode_jpeg, make_renditions
from imaging.sniff import HiddenContentScanner, Scan, describe_unsupported, scan, sniff_format
from imaging.strip import STRIPPERS, jpeg_strip

logger = logging.getLogger(__name__)

MB = 1024 * 1024
STORE_FAILED = "the photo could not be stored just now; please try again"
PROCESS_FAILED = "the image could not be processed"
EXTENSIONS = {"jpeg": "jpg", "png": "png", "gif": "gif", "webp": "webp", "heif": "heic"}


@dataclass
class IngestOutcome:
    """What became of one uploaded file: exactly one of photo, duplicate_of, error is set."""

    name: str
    photo: Photo | None = None
    duplicate_of: Photo | None = None
    error: str | None = None


@dataclass
class Prepared:
    """A checked image and the files made from it, ready to store."""

    fmt: str
    sha256: str
    size: int
    decoded: Decoded
    download: IO[bytes]
    download_ext: str
    display: bytes
    thumb: bytes
    placeholder: str
    stored: list[str] = field(default_factory=list)


def upload_max_bytes() -> int:
    return settings.UPLOAD_MAX_MB * MB


def capture_time_resolve(capture: Capture, event: Event, now: datetime) -> tuple[datetime, str]:
    """Where a photo sits in time: the camera's time with its offset, else the camera's
    wall clock read in the event's time zone, else the upload time."""
    when = capture.when
    if when is None:
        return now, TakenAtSource.UPLOAD
    if capture.has_offset:
        return when, TakenAtSource.EXIF_OFFSET
    # A wall-clock time skipped or repeated by a DST change still maps to one instant
    # (the fold=0 rule), so a camera clock is never refused.
    return when.replace(tzinfo=event.tzinfo), TakenAtSource.EXIF_LOCAL


def identify(stream: BinaryIO) -> tuple[str, Scan]:
    """The format (from the content, never the name) and the file's hash.

    Raises ImageRejected for anything but JPEG, PNG, WebP, HEIC and GIF.
    """
    stream.seek(0)
    head = stream.read(64)
    fmt = sniff_format(head)
    if fmt is None:
        raise ImageRejected(describe_unsupported(head))
    return fmt, scan(stream)


def prepare_image(
    stream: BinaryIO, *, max_pixels: int, identified: tuple[str, Scan] | None = None
) -> Prepared:
    """Check an image by its content and make its guest files.

    Raises ImageRejected with a message for the person who uploaded it.
    """
    fmt, scanned = identified or identify(stream)
    decoded = decode(stream, fmt, max_pixels=max_pixels)
    scanner = HiddenContentScanner()
    stream.seek(0)
    scanner(stream.read(1024))
    download = tempfile.TemporaryFile()  # noqa: SIM115 - closed by photo_ingest
    try:
        ext = _write_download(stream, fmt, decoded, download, scanner)
        renditions = make_renditions(decoded.image)
    except BaseException:
        download.close()
        raise
    return Prepared(
        fmt=fmt,
        sha256=scanned.sha256,
        size=scanned.size,
        decoded=decoded,
        download=download,
        download_ext=ext,
        display=renditions.display,
        thumb=renditions.thumb,
        placeholder=renditions.placeholder,
    )


def _write_download(
    stream: BinaryIO, fmt: str, decoded: Decoded, out: IO[bytes], scanner: HiddenContentScanner
) -> str:
    """Write the guest download: the same pixels without location data (HEIC becomes
    JPEG); returns its extension. What is dropped passes through `scanner`."""
    if fmt == "jpeg":
        jpeg_strip(stream, out, exif=minimal_exif(decoded.exif), dropped=scanner)
        ext = "jpg"
    elif fmt in STRIPPERS and decoded.exif.orientation == 1:
        STRIPPERS[fmt](stream, out, dropped=scanner)
        ext = EXTENSIONS[fmt]
    else:  # HEIC, or a rotated PNG/WebP/GIF: a full-size upright JPEG
        upright = minimal_exif(dataclasses.replace(decoded.exif, orientation=1))
        out.write(encode_jpeg(decoded.image, exif=upright))
        ext = "jpg"
    out.seek(0)
    return ext


def _store(prepared: Prepared, folder: str, original: BinaryIO) -> dict[str, str]:
    """Save the four files; their names are recorded in `prepared.stored` as they land."""
    names = {}
    plan = [
        ("original", f"original.{EXTENSIONS[prepared.fmt]}", File(original)),
        ("download", f"download.{prepared.download_ext}", File(prepared.download)),
        ("display", "display.jpg", ContentFile(prepared.display)),
        ("thumb", "thumb.webp", ContentFile(prepared.thumb)),
    ]
    for key, filename, content in plan:
        content.seek(0)
        name = default_storage.save(f"{folder}/{filename}", content)
        prepared.stored.append(name)
        names[key] = name
    return names


def files_delete(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("could not delete media file %s", name, exc_info=True)


def photo_ingest(
    *,
    event: Event,
    file: File,
    user: AbstractBaseUser | None,
    caption: str = "",
    now: datetime | None = None,
) -> IngestOutcome:
    """Check, process and store one uploaded file.

    Never raises for bad input or a storage/database failure: the outcome says what
    happened, and a failure leaves no row and no file behind.
    """
    name = os.path.basename(file.name or "photo")[:255]
    size = file.size or 0
    if size == 0:
        return IngestOutcome(name, error="the file is empty")
    if size > upload_max_bytes():
        return IngestOutcome(
            name, error=f"the file is larger than the {settings.UPLOAD_MAX_MB} MB limit"
        )
    stream: BinaryIO = getattr(file, "file", file)
    try:
        identified = identify(stream)
        existing = Photo.objects.filter(event=event, sha256=identified[1].sha256).first()
        if existing is not None:
            return IngestOutcome(name, duplicate_of=existing)
        prepared = prepare_image(
            stream, max_pixels=settings.UPLOAD_MAX_PIXELS, identified=identified
        )
    except ImageRejected as rejection:
        return IngestOutcome(name, error=str(rejection))
    except DatabaseError:
        logger.exception("database error checking %s", name)
        return IngestOutcome(name, error=STORE_FAILED)
    except Exception:
        logger.exception("unexpected error processing %s", name)
        return IngestOutcome(name, error=PROCESS_FAILED)

    try:
        return _photo_create(
            prepared,
            event=event,
            stream=stream,
            user=user,
            name=name,
            caption=caption,
            now=now or timezone.now(),
        )
    except IntegrityError:  # the same bytes landed in a concurrent request
        files_delete(prepared.stored)
        existing = Photo.objects.filter(event=event, sha256=prepared.sha256).first()
        if existing is None:
            logger.exception("integrity error storing %s", name)
            return IngestOutcome(name, error=STORE_FAILED)
        return IngestOutcome(name, duplicate_of=existing)
    except (OSError, DatabaseError):
        files_delete(prepared.stored)
        logger.exception("could not store %s", name)
        return IngestOutcome(name, error=STORE_FAILED)
    except BaseException:
        files_delete(prepared.stored)
        raise
    finally:
        prepared.download.close()


def _photo_create(
    prepared: Prepared,
    *,
    event: Event,
    stream: BinaryIO,
    user: AbstractBaseUser | None,
    name: str,
    caption: str,
    now: datetime,
) -> IngestOutcome:
    taken_at, source = capture_time_resolve(prepared.decoded.exif.capture, event, now)
    with transaction.atomic():
        names = _store(prepared, photo_folder(event.pk), stream)
        photo = Photo.objects.create(
            event=event,
            original=names["original"],
            original_name=name,
            format=prepared.fmt,
            size_bytes=prepared.size,
            sha256=prepared.sha256,
            download=names["download"],
            display=names["display"],
            thumb=names["thumb"],
            width=prepared.decoded.width,
            height=prepared.decoded.height,
            placeholder=prepared.placeholder,
            taken_at=taken_at,
            taken_at_source=source,
            camera_make=prepared.decoded.exif.make,
            camera_model=prepared.decoded.exif.model,
            caption=caption.strip()[:2000],
            uploaded_by=user if user is not None and user.is_authenticated else None,
        )
    return IngestOutcome(name, photo=photo)


def photos_set_status(*, photos: QuerySet[Photo], status: str) -> int:
    """Show or hide photos in bulk; returns how many rows changed."""
    event_ids = list(photos.values_list("event_id", flat=True).distinct())
    count = photos.update(status=status)
    events_content_changed(event_ids)
    return count


def photo_rebuild_renditions(*, photo: Photo) -> Photo:
    """Make the guest files again from the stored original (after a pipeline change).

    Raises ImageRejected if the original can no longer be read, OSError on storage errors.
    The old files are deleted once the new ones are committed.
    """
    with tempfile.TemporaryFile() as local, default_storage.open(photo.original.name) as src:
        for chunk in iter(lambda: src.read(MB), b""):
            local.write(chunk)
        prepared = prepare_image(local, max_pixels=settings.UPLOAD_MAX_PIXELS)
        try:
            old = [photo.download.name, photo.display.name, photo.thumb.name]
            folder = os.path.dirname(photo.original.name)
            plan = {
                "download": (f"download.{prepared.download_ext}", File(prepared.download)),
                "display": ("display.jpg", ContentFile(prepared.display)),
                "thumb": ("thumb.webp", ContentFile(prepared.thumb)),
            }
            for key, (filename, content) in plan.items():
                content.seek(0)
                stored = default_storage.save(f"{folder}/{filename}", content)
                prepared.stored.append(stored)
                setattr(photo, key, stored)
            photo.width, photo.height = prepared.decoded.width, prepared.decoded.height
            photo.placeholder = prepared.placeholder
            with transaction.atomic():
                photo.save(
                    update_fields=["download", "display", "thumb", "width", "height", "placeholder"]
                )
                transaction.on_commit(lambda: files_delete([n for n in old if n]))
        except BaseException:
            files_delete(prepared.stored)
            raise
        finally:
            prepared.download.close()
    return photo
