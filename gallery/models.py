"""Photos the crew uploaded, with their guest renditions."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from events.models import Event


class PhotoStatus(models.TextChoices):
    VISIBLE = "visible", "Visible"
    HIDDEN = "hidden", "Hidden"


class TakenAtSource(models.TextChoices):
    EXIF_OFFSET = "exif_offset", "Camera time with its UTC offset"
    EXIF_LOCAL = "exif_local", "Camera time, read in the event's time zone"
    UPLOAD = "upload", "Upload time (no capture time in the file)"


class PhotoQuerySet(models.QuerySet["Photo"]):
    def visible(self) -> PhotoQuerySet:
        return self.filter(status=PhotoStatus.VISIBLE)

    def timeline(self) -> PhotoQuerySet:
        return self.order_by("taken_at", "id")


def photo_folder(event_id: int) -> str:
    """Every file of one photo lives in its own random folder under its event."""
    return f"e/{event_id}/{secrets.token_urlsafe(12)}"


class Photo(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    original = models.FileField(max_length=255, help_text="The untouched upload (staff only).")
    original_name = models.CharField("uploaded file name", max_length=255, blank=True)
    format = models.CharField(max_length=8)
    size_bytes = models.BigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    download = models.FileField(
        max_length=255, help_text="Full size, no location data: what guests download."
    )
    display = models.FileField(max_length=255)
    thumb = models.FileField(max_length=255)
    width = models.PositiveIntegerField(help_text="Full size, upright.")
    height = models.PositiveIntegerField()
    placeholder = models.CharField(max_length=7, default="#cbd5e1")
    taken_at = models.DateTimeField(db_index=True)
    taken_at_source = models.CharField(max_length=12, choices=TakenAtSource.choices)
    camera_make = models.CharField(max_length=64, blank=True)
    camera_model = models.CharField(max_length=64, blank=True)
    caption = models.TextField(blank=True, max_length=2000)
    status = models.CharField(
        max_length=8, choices=PhotoStatus.choices, default=PhotoStatus.VISIBLE
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["taken_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "sha256"], name="photo_unique_per_event"),
        ]
        indexes = [
            models.Index(fields=["event", "status", "taken_at", "id"], name="photo_timeline"),
        ]

    def __str__(self) -> str:
        return self.original_name or f"Photo {self.pk}"

    @property
    def item_id(self) -> str:
        return f"upload:{self.pk}"

    def files(self) -> list[str]:
        return [f.name for f in (self.original, self.download, self.display, self.thumb) if f]
