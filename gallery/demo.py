"""Demo data for `manage.py demo`: events, users and the Crew group. Safe to repeat."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from events.models import Event, Visibility
from gallery.demo_images import demo_photo_bytes, scene
from gallery.services import photo_ingest
from instagram.media_copy import image_from_bytes
from instagram.models import InstagramAccount, InstagramChild, InstagramMedia, LoginKind

CREW_GROUP = "Crew"
CREW_PERMISSIONS = [("gallery", "add_photo"), ("events", "view_event")]
# Photos per demo event (by link id), spread over the event's window.
DEMO_PHOTOS = {"demo-sunset": 24, "demo-regatta": 10, "demo-private": 6}


@dataclass
class DemoResult:
    events: list[Event]
    created_events: int
    created_photos: int


def crew_group_ensure() -> Group:
    group, _ = Group.objects.get_or_create(name=CREW_GROUP)
    for app_label, codename in CREW_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group


def demo_user_ensure(*, username: str, password: str, staff: bool, group: Group | None) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"is_staff": staff, "is_superuser": staff}
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    if group is not None:
        user.groups.add(group)
    return user


def _hour(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def demo_events_ensure(now: datetime | None = None) -> tuple[list[Event], int]:
    now = now or timezone.now()
    specs = [
        {
            "public_id": "demo-sunset",
            "title": "Sunset sail (demo)",
            "description": "A live demo: the crew's photos and the host's posts, in one timeline.",
            "starts_at": _hour(now) - timedelta(hours=3),
            "ends_at": _hour(now) + timedelta(hours=1),
            "timezone": "America/Los_Angeles",
            "visibility": Visibility.PUBLIC,
            "instagram_after": timedelta(hours=2),
        },
        {
            "public_id": "demo-regatta",
            "title": "Harbour regatta (demo)",
            "description": "A past demo event.",
            "starts_at": _hour(now) - timedelta(days=9, hours=5),
            "ends_at": _hour(now) - timedelta(days=9, hours=1),
            "timezone": "Europe/Lisbon",
            "visibility": Visibility.PUBLIC,
        },
        {
            "public_id": "demo-private",
            "title": "Private charter (demo)",
            "description": "A private demo event. The access code is: sail",
            "starts_at": _hour(now) - timedelta(days=3, hours=6),
            "ends_at": _hour(now) - timedelta(days=3, hours=2),
            "timezone": "Pacific/Auckland",
            "visibility": Visibility.PRIVATE,
            "access_code": "sail",
        },
    ]
    events, created_count = [], 0
    for spec in specs:
        public_id = spec.pop("public_id")
        event, created = Event.objects.get_or_create(public_id=public_id, defaults=spec)
        events.append(event)
        created_count += created
    return events, created_count


def demo_photos_ensure(event: Event, count: int, user: User) -> int:
    """Generated photos spread over the event; the same bytes each run, so re-runs add none."""
    created = 0
    span = event.ends_at - event.starts_at
    now = timezone.now()
    for n in range(count):
        taken = event.local_starts_at + span * (n + 0.5) / (count + 1)
        if taken > now:  # a live event only has photos of what already happened
            break
        data = demo_photo_bytes(seed=hash_seed(event.public_id, n), taken_local=taken,
                                with_offset=n % 2 == 0)  # fmt: skip
        outcome = photo_ingest(
            event=event,
            file=SimpleUploadedFile(f"DEMO_{n + 1:04d}.JPG", data, content_type="image/jpeg"),
            user=user,
            caption="Golden hour on deck" if n % 7 == 3 else "",
        )
        created += outcome.photo is not None
    return created


DEMO_POSTS = [  # media id, type, minutes after the start, caption, album size
    ("demo-post-1", "IMAGE", 20, "Casting off for the sunset sail #sailjada (demo post)", 0),
    ("demo-post-2", "CAROUSEL_ALBUM", 75, "Dolphins off the bow, three shots #sailjada (demo)", 3),
    ("demo-post-3", "VIDEO", 130, "Golden hour under sail #sailjada (demo video)", 0),
]


def demo_instagram_ensure(event: Event) -> int:
    """A demo account (no token, never synced) with an image, an album and a video post
    inside the event's window, so the gallery shows both sources without credentials."""
    account, _ = InstagramAccount.objects.get_or_create(
        ig_user_id="demo-sailjada",
        defaults={"username": "sailjada_demo", "login_kind": LoginKind.INSTAGRAM, "is_demo": True},
    )
    created = 0
    now = timezone.now()
    for media_id, media_type, minutes, caption, album in DEMO_POSTS:
        taken = event.starts_at + timedelta(minutes=minutes)
        if taken > now or InstagramMedia.objects.filter(media_id=media_id).exists():
            continue
        folder = f"ig/{media_id}"
        frames = [
            image_from_bytes(_scene_file(hash_seed(media_id, n)), folder, f"{n}-" if album else "")
            for n in range(album or 1)
        ]
        cover = frames[0]
        media = InstagramMedia.objects.create(
            account=account, media_id=media_id, media_type=media_type,
            media_product_type="REELS" if media_type == "VIDEO" else "FEED", caption=caption,
            tags=" sailjada ", permalink=f"https://www.instagram.com/p/{media_id}/",
            taken_at=taken, thumb=cover.thumb, display=cover.display, width=cover.width,
            height=cover.height, placeholder=cover.placeholder, first_seen_at=now,
            last_seen_at=now,
            copy_error="demo video: poster only" if media_type == "VIDEO" else "",
        )  # fmt: skip
        for position, frame in enumerate(frames if album else []):
            InstagramChild.objects.create(
                media=media, child_id=f"{media_id}-{position}", position=position,
                media_type="IMAGE", thumb=frame.thumb, display=frame.display,
                width=frame.width, height=frame.height,
            )  # fmt: skip
        created += 1
    return created


def _scene_file(seed: int) -> io.BytesIO:
    buffer = io.BytesIO()
    scene(seed).save(buffer, "JPEG", quality=85)
    buffer.seek(0)
    return buffer


def hash_seed(text: str, n: int) -> int:
    return sum(ord(ch) * (i + 1) for i, ch in enumerate(text)) * 1000 + n


def demo_create(now: datetime | None = None) -> DemoResult:
    with transaction.atomic():
        group = crew_group_ensure()
        crew = demo_user_ensure(username="crew", password="crew", staff=False, group=group)
        demo_user_ensure(username="admin", password="admin", staff=True, group=None)
        events, created = demo_events_ensure(now)
    photos = sum(
        demo_photos_ensure(event, DEMO_PHOTOS.get(event.public_id, 0), crew) for event in events
    )
    demo_instagram_ensure(events[0])
    return DemoResult(events=events, created_events=created, created_photos=photos)
