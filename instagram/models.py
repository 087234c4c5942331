"""Connected Instagram accounts and their tokens."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

from events.models import Event
from instagram.crypto import EncryptedTextField, fingerprint

EXPIRING_WITHIN = timedelta(days=14)


class LoginKind(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram Login"
    FACEBOOK = "facebook", "Facebook Login (Page token)"


class AccountStatus(models.TextChoices):
    OK = "ok", "OK"
    EXPIRING = "expiring", "Expiring soon"
    EXPIRED = "expired", "Expired"
    INVALID = "invalid", "Needs reconnecting"
    ERROR = "error", "Last call failed"


class InstagramAccount(models.Model):
    ig_user_id = models.CharField(
        "Instagram user id", max_length=32, unique=True, help_text="The professional account id."
    )
    app_scoped_id = models.CharField(max_length=32, blank=True)
    username = models.CharField(max_length=64, blank=True)
    account_type = models.CharField(max_length=20, blank=True)
    profile_picture = models.FileField(max_length=255, blank=True)
    login_kind = models.CharField(max_length=10, choices=LoginKind.choices)
    page_id = models.CharField("Facebook Page id", max_length=32, blank=True)

    token = EncryptedTextField(blank=True, editable=False)
    token_issued_at = models.DateTimeField(null=True, blank=True)
    token_refreshed_at = models.DateTimeField(null=True, blank=True)
    token_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: unknown, or never (Page tokens)."
    )
    token_from_env = models.CharField(
        max_length=64, blank=True, help_text="Fingerprint of IG_ACCESS_TOKEN when imported."
    )
    refresh_attempted_at = models.DateTimeField(null=True, blank=True)
    refresh_failures = models.PositiveIntegerField(default=0)
    needs_reconnect = models.BooleanField(default=False)

    last_error_code = models.IntegerField(null=True, blank=True)
    last_error_subcode = models.IntegerField(null=True, blank=True)
    last_error_message = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    last_sync_at = models.DateTimeField(null=True, blank=True)
    last_sync_ok = models.BooleanField(null=True)
    last_sync_summary = models.CharField(max_length=200, blank=True)
    sync_claimed_until = models.DateTimeField(null=True, blank=True)
    sync_resume_after = models.DateTimeField(
        null=True, blank=True, help_text="Throttled: no calls before this time."
    )
    is_demo = models.BooleanField(
        default=False, help_text="Made by `manage.py demo`: no token, never synced."
    )

    alerted_status = models.CharField(max_length=10, blank=True)
    alerted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["username"]
        verbose_name = "Instagram account"

    def __str__(self) -> str:
        return f"@{self.username}" if self.username else f"Instagram {self.ig_user_id}"

    @property
    def is_facebook(self) -> bool:
        return self.login_kind == LoginKind.FACEBOOK

    @property
    def token_fingerprint(self) -> str:
        return fingerprint(self.token)

    def status(self, now: datetime | None = None) -> AccountStatus:
        now = now or timezone.now()
        if self.is_demo:
            return AccountStatus.OK
        if self.needs_reconnect or not self.token:
            return AccountStatus.INVALID
        if self.token_expires_at is not None:
            if self.token_expires_at <= now:
                return AccountStatus.EXPIRED
            if self.token_expires_at - now <= EXPIRING_WITHIN:
                return AccountStatus.EXPIRING
        if self.last_error_at is not None:
            return AccountStatus.ERROR
        return AccountStatus.OK

    def days_left(self, now: datetime | None = None) -> int | None:
        if self.token_expires_at is None:
            return None
        return max(0, (self.token_expires_at - (now or timezone.now())).days)

    def media_count_cached(self) -> int:
        """Posts in the local cache, not counting those deleted on Instagram."""
        return self.media.filter(deleted_at__isnull=True).count()

    def token_age_from(self) -> datetime | None:
        """When the current token string was issued (refreshes issue a new one)."""
        return self.token_refreshed_at or self.token_issued_at


class MediaType(models.TextChoices):
    IMAGE = "IMAGE", "Image"
    VIDEO = "VIDEO", "Video"
    CAROUSEL = "CAROUSEL_ALBUM", "Album"


class InstagramMediaQuerySet(models.QuerySet["InstagramMedia"]):
    def showable(self) -> InstagramMediaQuerySet:
        """Posts guests may see anywhere: not deleted, not hidden, with a local image."""
        return self.filter(deleted_at__isnull=True, hidden=False).exclude(thumb="")


class InstagramMedia(models.Model):
    """One cached post. Its images (and videos, up to a size) are local copies: Instagram's
    CDN links expire and are never shown to a browser."""

    account = models.ForeignKey(InstagramAccount, on_delete=models.CASCADE, related_name="media")
    media_id = models.CharField(max_length=40, unique=True)
    media_type = models.CharField(max_length=16, choices=MediaType.choices)
    media_product_type = models.CharField(max_length=16, blank=True)
    caption = models.TextField(blank=True)
    tags = models.CharField(
        max_length=1000,
        blank=True,
        help_text="The caption's hashtags, lower case, space separated.",
    )
    permalink = models.URLField(max_length=500, blank=True)
    taken_at = models.DateTimeField(db_index=True, help_text="When it was posted.")
    thumb = models.FileField(max_length=255, blank=True)
    display = models.FileField(max_length=255, blank=True)
    video = models.FileField(max_length=255, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    placeholder = models.CharField(max_length=7, default="#cbd5e1")
    copy_error = models.CharField(max_length=300, blank=True)
    copy_attempts = models.PositiveIntegerField(default=0)
    hidden = models.BooleanField("hidden everywhere", default=False)
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="Gone from Instagram (found by a full sync)."
    )

    objects = InstagramMediaQuerySet.as_manager()

    class Meta:
        ordering = ["-taken_at"]
        verbose_name = "Instagram post"
        indexes = [
            models.Index(fields=["account", "deleted_at", "taken_at"], name="igmedia_window"),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.taken_at:%Y-%m-%d %H:%M} ({self.media_id})"

    def files(self) -> list[str]:
        names = [f.name for f in (self.thumb, self.display, self.video) if f]
        for child in self.children.all():
            names += [f.name for f in (child.thumb, child.display, child.video) if f]
        return names


class InstagramChild(models.Model):
    media = models.ForeignKey(InstagramMedia, on_delete=models.CASCADE, related_name="children")
    child_id = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField()
    media_type = models.CharField(max_length=16, choices=MediaType.choices)
    thumb = models.FileField(max_length=255, blank=True)
    display = models.FileField(max_length=255, blank=True)
    video = models.FileField(max_length=255, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    copy_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["media", "child_id"], name="igchild_unique"),
        ]

    def __str__(self) -> str:
        return f"item {self.position + 1} of {self.media}"


class EventInstagram(models.Model):
    """How an event picks its posts: which accounts (none picked: all) and hashtags."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="instagram")
    accounts = models.ManyToManyField(
        InstagramAccount, blank=True, help_text="None selected: every connected account."
    )
    hashtags = models.CharField(
        max_length=300,
        blank=True,
        help_text="Only posts carrying one of these hashtags, e.g. #sunset0704 #sailjada.",
    )

    def __str__(self) -> str:
        return f"Instagram settings of {self.event}"

    def tag_list(self) -> list[str]:
        return tags_of(self.hashtags.replace(",", " "), bare_words=True)


class PostState(models.TextChoices):
    HIDDEN = "hidden", "Hidden from this event"
    PINNED = "pinned", "Pinned into this event"


class EventPost(models.Model):
    """Per-event moderation of one post."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="instagram_posts")
    media = models.ForeignKey(InstagramMedia, on_delete=models.CASCADE, related_name="event_states")
    state = models.CharField(max_length=8, choices=PostState.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "media"], name="eventpost_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.media} {self.get_state_display().lower()} ({self.event})"


def tags_of(text: str, *, bare_words: bool = False) -> list[str]:
    """Hashtags in a caption, lower case without '#'. With bare_words, words count too."""
    import re

    pattern = r"#?(\w+)" if bare_words else r"#(\w+)"
    return sorted({tag.lower() for tag in re.findall(pattern, text or "")})
