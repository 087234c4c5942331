"""What an event is: its time window, its time zone and who may see it."""

from __future__ import annotations

import secrets
import string
import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator, RegexValidator
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone

from events.timezones import validate_timezone_name

PUBLIC_ID_ALPHABET = string.ascii_lowercase + string.digits
PUBLIC_ID_LENGTH = 14  # 14 characters of 36 symbols: about 72 bits, unguessable.


def public_id_generate() -> str:
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))


def default_timezone() -> str:
    return settings.TIME_ZONE


validate_public_id = RegexValidator(
    r"^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$",
    "Use letters, digits, hyphens and underscores only (it becomes part of the link), "
    "starting and ending with a letter or digit.",
    code="invalid_public_id",
)


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public: listed on the home page"
    UNLISTED = "unlisted", "Unlisted: anyone with the link"
    PRIVATE = "private", "Private: link and access code"


class EventStatus(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    LIVE = "live", "Live"
    PAST = "past", "Past"


class EventQuerySet(models.QuerySet["Event"]):
    def public(self) -> EventQuerySet:
        """Events listed on the home page, newest first."""
        return self.filter(visibility=Visibility.PUBLIC).order_by("-starts_at", "-id")

    def live(self, now: datetime | None = None) -> EventQuerySet:
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, ends_at__gte=now)


class Event(models.Model):
    title = models.CharField(max_length=200)
    public_id = models.CharField(
        "link id",
        max_length=64,
        unique=True,
        default=public_id_generate,
        validators=[validate_public_id, MinLengthValidator(3)],
        help_text="Part of the guest link /g/<link id>/. The default is random and "
        "unguessable; you may type a readable one such as sunset-0704.",
    )
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    timezone = models.CharField(
        "time zone",
        max_length=64,
        default=default_timezone,
        validators=[validate_timezone_name],
        help_text="Where the event happens. Start and end are entered in this time zone.",
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.UNLISTED
    )
    access_code = models.CharField(
        max_length=64, blank=True, help_text="Guests of a private event must enter this code."
    )
    instagram_before = models.DurationField(
        "Instagram margin before",
        default=timedelta(0),
        help_text="Posts this long before the start still belong to the event (e.g. 00:30:00).",
    )
    instagram_after = models.DurationField(
        "Instagram margin after",
        default=timedelta(0),
        help_text="Posts made this long after the end still belong to the event (e.g. 02:00:00).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped whenever what guests see in this event changes: caches and ETags key on it.
    content_version = models.PositiveBigIntegerField(default=0, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["visibility", "-starts_at"], name="event_visibility_start")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:  # an edited event shows differently: caches move on
            self.content_version = (self.content_version or 0) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "content_version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("gallery:event", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The end must be after the start."
        if self.visibility == Visibility.PRIVATE and not self.access_code.strip():
            errors["access_code"] = "A private event needs an access code for its guests."
        for field in ("instagram_before", "instagram_after"):
            margin = getattr(self, field)
            if margin is not None and margin < timedelta(0):
                errors[field] = "The margin cannot be negative."
        if errors:
            raise ValidationError(errors)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def localtime(self, value: datetime) -> datetime:
        """`value` on this event's clock."""
        return value.astimezone(self.tzinfo)

    @property
    def local_starts_at(self) -> datetime:
        return self.localtime(self.starts_at)

    @property
    def local_ends_at(self) -> datetime:
        return self.localtime(self.ends_at)

    def instagram_window(self) -> tuple[datetime, datetime]:
        """The instants between which Instagram posts belong to the event, both included."""
        return self.starts_at - self.instagram_before, self.ends_at + self.instagram_after

    def status(self, now: datetime | None = None) -> EventStatus:
        now = now or timezone.now()
        if now < self.starts_at:
            return EventStatus.UPCOMING
        if now > self.ends_at:
            return EventStatus.PAST
        return EventStatus.LIVE

    @property
    def is_private(self) -> bool:
        return self.visibility == Visibility.PRIVATE

    @property
    def cache_version(self) -> str:
        """Changes whenever the event or anything guests see in it changes."""
        return cache_version(self.pk, self.content_version)


def cache_version(pk: int, content_version: int) -> str:
    return f"{pk}.{content_version}"


def event_cache_state(public_id: str) -> tuple[int, str, int] | None:
    """(pk, visibility, content_version) of an event, for the guest pages' cache keys.

    Plain SQL on the unique index: on a cached page view this is the only query, and the
    ORM's own work would cost more than the rest of the request."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, visibility, content_version FROM {Event._meta.db_table} "  # noqa: S608
            "WHERE public_id = %s",
            [public_id],
        )
        return cursor.fetchone()


def events_content_changed(event_ids: list[int] | None = None) -> None:
    """Mark events' guest-visible content as changed (all events when None)."""
    events = Event.objects.all() if event_ids is None else Event.objects.filter(pk__in=event_ids)
    events.update(content_version=models.F("content_version") + 1)
