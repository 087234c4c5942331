"""Small hand-written factories: `make_*` functions with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import Permission, User
from django.utils import timezone

from events.models import Event, Visibility

_counter = itertools.count(1)


def make_event(**fields: Any) -> Event:
    n = next(_counter)
    starts_at: datetime = fields.pop("starts_at", timezone.now() - timedelta(hours=1))
    defaults: dict[str, Any] = {
        "title": f"Event {n}",
        "public_id": f"event-{n:04d}",
        "starts_at": starts_at,
        "ends_at": fields.pop("ends_at", starts_at + timedelta(hours=3)),
        "timezone": "America/Los_Angeles",
        "visibility": Visibility.PUBLIC,
    }
    defaults.update(fields)
    if defaults["visibility"] == Visibility.PRIVATE:
        defaults.setdefault("access_code", "sail")
    event = Event(**defaults)
    event.full_clean()
    event.save()
    return event


def make_user(username: str = "guest", *, staff: bool = False, perms: list[str] = ()) -> User:
    user = User.objects.create_user(username=username, password="pw", is_staff=staff)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def make_admin(username: str = "admin") -> User:
    return User.objects.create_superuser(username=username, password="pw", email="a@example.com")


def photo_row(event: Event, taken_at: datetime, **fields: Any):
    """An unsaved Photo whose files are shared names (no image work): for volume tests."""
    from gallery.models import Photo

    n = next(_counter)
    defaults: dict[str, Any] = {
        "event": event,
        "original": "e/shared/original.jpg",
        "original_name": f"IMG_{n:05d}.JPG",
        "format": "jpeg",
        "size_bytes": 1000,
        "sha256": f"{n:064x}",
        "download": "e/shared/download.jpg",
        "display": "e/shared/display.jpg",
        "thumb": "e/shared/thumb.webp",
        "width": 4032,
        "height": 3024,
        "placeholder": "#7a8fa3",
        "taken_at": taken_at,
        "taken_at_source": "exif_offset",
    }
    defaults.update(fields)
    return Photo(**defaults)


def make_photo(event: Event, taken_at: datetime, **fields: Any):
    photo = photo_row(event, taken_at, **fields)
    photo.save()
    return photo


def make_photos(event: Event, count: int, start: datetime, step: timedelta) -> list:
    from events.models import events_content_changed
    from gallery.models import Photo

    rows = [photo_row(event, start + step * i) for i in range(count)]
    created = Photo.objects.bulk_create(rows, batch_size=1000)
    events_content_changed([event.pk])
    return created


def make_account(username: str = "sailjada", **fields: Any):
    from instagram.models import InstagramAccount

    n = next(_counter)
    defaults = {
        "ig_user_id": f"17841{n:010d}",
        "username": username,
        "login_kind": "instagram",
        "token": f"IGAAtoken{n}",
        "token_issued_at": timezone.now(),
    }
    return InstagramAccount.objects.create(**{**defaults, **fields})


def media_row(account, taken_at: datetime, **fields: Any):
    from instagram.models import InstagramMedia

    n = next(_counter)
    defaults = {
        "account": account,
        "media_id": f"18{n:015d}",
        "media_type": "IMAGE",
        "caption": "A post",
        "permalink": f"https://www.instagram.com/p/C{n}/",
        "taken_at": taken_at,
        "thumb": "ig/shared/thumb.webp",
        "display": "ig/shared/display.jpg",
        "width": 1080,
        "height": 1350,
        "first_seen_at": taken_at,
        "last_seen_at": taken_at,
    }
    return InstagramMedia(**{**defaults, **fields})


def make_media(account, taken_at: datetime, **fields: Any):
    media = media_row(account, taken_at, **fields)
    media.save()
    return media
