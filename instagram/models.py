"""Connected Instagram accounts and their tokens."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

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
    # Bumped when the cached posts change; gallery caches key on it.
    media_version = models.PositiveBigIntegerField(default=0)

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
        """Posts in the local cache (0 until the media cache exists for this account)."""
        media = getattr(self, "media", None)
        return media.count() if media is not None else 0

    def token_age_from(self) -> datetime | None:
        """When the current token string was issued (refreshes issue a new one)."""
        return self.token_refreshed_at or self.token_issued_at
