"""Keeping tokens alive, and recording what went wrong on the account.

Refresh follows one policy whoever calls it (the daily schedule, the admin's "Refresh
now", `instagram_refresh`); a failure keeps the old token and records the error.
Connecting an account lives in instagram/connect.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from instagram.client import (
    GraphClient,
    InstagramError,
    PermissionMissing,
    TokenInvalid,
)
from instagram.models import InstagramAccount

logger = logging.getLogger(__name__)

REFRESH_MIN_AGE = timedelta(hours=24)  # Meta refuses younger tokens
REFRESH_EVERY = timedelta(days=7)
REFRESH_WHEN_LEFT = timedelta(days=30)
ATTEMPT_GAP = timedelta(minutes=10)


# --- Errors on the account --------------------------------------------------------------------


def account_record_error(
    account: InstagramAccount, error: InstagramError, *, now: datetime, refresh: bool = False
) -> None:
    """Store what went wrong; a dead token (190) stops further attempts until reconnect."""
    account.last_error_code = error.code
    account.last_error_subcode = error.subcode
    account.last_error_message = error.message[:1000]
    account.last_error_at = now
    fields = ["last_error_code", "last_error_subcode", "last_error_message", "last_error_at"]
    if isinstance(error, TokenInvalid | PermissionMissing):
        account.needs_reconnect = True
        fields.append("needs_reconnect")
    if refresh:
        account.refresh_failures += 1
        fields.append("refresh_failures")
    account.save(update_fields=[*fields, "updated_at"])


def account_clear_error(account: InstagramAccount) -> list[str]:
    account.last_error_code = account.last_error_subcode = account.last_error_at = None
    account.last_error_message = ""
    return ["last_error_code", "last_error_subcode", "last_error_message", "last_error_at"]


# --- Keeping tokens alive -----------------------------------------------------------------------


@dataclass(frozen=True)
class RefreshOutcome:
    account: InstagramAccount
    result: str  # refreshed, checked, skipped, failed
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.result == "failed"


def refresh_not_due(account: InstagramAccount, *, now: datetime, force: bool) -> str | None:
    """Why no refresh call should be made now, or None when one should."""
    if account.needs_reconnect:
        return "the token is dead: connect the account again"
    if account.token_expires_at is not None and account.token_expires_at <= now:
        return "the token has expired: connect the account again"
    issued = account.token_age_from()
    if issued is not None and now - issued < REFRESH_MIN_AGE:
        return "the token is less than 24 hours old"
    if force or issued is None or account.token_expires_at is None:
        return None
    if now - issued >= REFRESH_EVERY or account.token_expires_at - now < REFRESH_WHEN_LEFT:
        return None
    return "not due (refreshed within a week, more than 30 days left)"


def _claim_attempt(account: InstagramAccount, now: datetime) -> bool:
    """At most one attempt per account per ATTEMPT_GAP, whichever worker asks first."""
    free = Q(refresh_attempted_at__isnull=True) | Q(refresh_attempted_at__lte=now - ATTEMPT_GAP)
    claimed = InstagramAccount.objects.filter(free, pk=account.pk).update(refresh_attempted_at=now)
    return claimed == 1


def account_refresh_token(
    *,
    account: InstagramAccount,
    force: bool = False,
    client: GraphClient | None = None,
    now: datetime | None = None,
) -> RefreshOutcome:
    """Refresh an Instagram Login token when the policy says so (or check a Facebook Page
    token). Never raises for Meta's answers: the outcome and the account say what happened."""
    now = now or timezone.now()
    client = client or GraphClient()
    if account.is_facebook:
        return account_check_token(account=account, client=client, now=now)
    reason = refresh_not_due(account, now=now, force=force)
    if reason:
        return RefreshOutcome(account, "skipped", reason)
    if not _claim_attempt(account, now):
        return RefreshOutcome(account, "skipped", "another attempt was made in the last 10 minutes")
    account.refresh_from_db()  # another worker may have refreshed it a moment ago
    try:
        answer = client.refresh_token(account.token)
    except InstagramError as error:
        account_record_error(account, error, now=now, refresh=True)
        return RefreshOutcome(account, "failed", error.message)
    account.token = answer.access_token
    account.token_refreshed_at = now
    account.token_expires_at = now + timedelta(seconds=answer.expires_in or 60 * 86400)
    account.refresh_failures = 0
    cleared = account_clear_error(account)
    account.save(  # the new token and its expiry in one write
        update_fields=["token", "token_refreshed_at", "token_expires_at", "refresh_failures",
                       *cleared, "updated_at"]
    )  # fmt: skip
    return RefreshOutcome(account, "refreshed", f"valid until {account.token_expires_at:%Y-%m-%d}")


def account_check_token(
    *, account: InstagramAccount, client: GraphClient, now: datetime
) -> RefreshOutcome:
    """Facebook Page tokens do not expire and cannot be refreshed: ask debug_token."""
    if account.needs_reconnect:
        return RefreshOutcome(account, "skipped", "the token is dead: connect the account again")
    if not _claim_attempt(account, now):
        return RefreshOutcome(account, "skipped", "another check was made in the last 10 minutes")
    try:
        check = client.fb_debug_token(account.token)
    except InstagramError as error:
        account_record_error(account, error, now=now, refresh=True)
        return RefreshOutcome(account, "failed", error.message)
    if not check.is_valid:
        dead = TokenInvalid(check.message or "Facebook says the Page token is no longer valid",
                            code=190)  # fmt: skip
        account_record_error(account, dead, now=now, refresh=True)
        return RefreshOutcome(account, "failed", dead.message)
    account.token_expires_at = (
        datetime.fromtimestamp(check.expires_at, tz=now.tzinfo) if check.expires_at else None
    )
    account.token_refreshed_at = now
    account.refresh_failures = 0
    cleared = account_clear_error(account)
    account.save(
        update_fields=["token_expires_at", "token_refreshed_at", "refresh_failures", *cleared,
                       "updated_at"]
    )  # fmt: skip
    return RefreshOutcome(account, "checked", "the Page token is valid")


def accounts_refresh(
    *,
    accounts: list[InstagramAccount] | None = None,
    force: bool = False,
    client: GraphClient | None = None,
    now: datetime | None = None,
) -> list[RefreshOutcome]:
    """Refresh (or check) every account that is due; returns one outcome per account."""
    from instagram.alerts import account_alert
    from instagram.connect import account_import_from_env

    account_import_from_env(now)
    client = client or GraphClient()
    accounts = list(InstagramAccount.objects.all()) if accounts is None else accounts
    outcomes = []
    for account in accounts:
        outcome = account_refresh_token(account=account, force=force, client=client, now=now)
        account_alert(account=account, now=now)
        outcomes.append(outcome)
    return outcomes
