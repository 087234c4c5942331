"""Demo data for `manage.py demo`: events, users and the Crew group. Safe to repeat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.utils import timezone

from events.models import Event, Visibility

CREW_GROUP = "Crew"
CREW_PERMISSIONS = [("gallery", "add_photo")]


@dataclass
class DemoResult:
    events: list[Event]
    created_events: int


def crew_group_ensure() -> Group:
    group, _ = Group.objects.get_or_create(name=CREW_GROUP)
    permissions = Permission.objects.filter(
        content_type__app_label__in=[app for app, _ in CREW_PERMISSIONS],
        codename__in=[codename for _, codename in CREW_PERMISSIONS],
    )
    group.permissions.add(*permissions)
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
            "starts_at": _hour(now) - timedelta(hours=1),
            "ends_at": _hour(now) + timedelta(hours=3),
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


@transaction.atomic
def demo_create(now: datetime | None = None) -> DemoResult:
    group = crew_group_ensure()
    demo_user_ensure(username="crew", password="crew", staff=False, group=group)
    demo_user_ensure(username="admin", password="admin", staff=True, group=None)
    events, created = demo_events_ensure(now)
    return DemoResult(events=events, created_events=created)
