"""Telling staff, before guests notice: plain-words errors, emails, health rows."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mail_admins
from django.utils import timezone

from instagram.errors import THROTTLE_CODES
from instagram.models import AccountStatus, InstagramAccount

logger = logging.getLogger(__name__)

ALERT_STATUSES = {AccountStatus.EXPIRING, AccountStatus.EXPIRED, AccountStatus.INVALID}
REMIND_EVERY = timedelta(days=1)
RECONNECT = "Reconnect the account: Admin > Instagram accounts > Connect an Instagram account."


@dataclass(frozen=True)
class Explanation:
    what: str
    todo: str


def explain(code: int | None, subcode: int | None, message: str = "") -> Explanation:
    """The API notes' error table, in words staff can act on."""
    if code == 190:
        what = {
            463: "The token expired.",
            458: "Someone removed this app from the Instagram account.",
            460: "The Instagram password was changed, which ends every connection.",
        }.get(subcode or 0, "Instagram no longer accepts this token.")
        return Explanation(what, RECONNECT)
    if code in THROTTLE_CODES:
        return Explanation(
            "Instagram is limiting how often we may call it.",
            "Nothing: the app waits as long as Instagram asks, then carries on.",
        )
    if code in (1, 2) or (code is None and message and "answer" in message):
        return Explanation(
            "Instagram was unavailable for a moment.", "Nothing: it is retried automatically."
        )
    if code == 10 or (code is not None and 200 <= code <= 299):
        return Explanation(
            "The app lacks a permission, or the account is not a tester while the app is in "
            "development mode ('Insufficient developer role').",
            "Add the account as an Instagram tester (or take the app live), then reconnect "
            "with the instagram_business_basic permission.",
        )
    if code in (100, 803):
        return Explanation(
            "Instagram refused a request as malformed.",
            "Check IG_APP_ID, IG_APP_SECRET and INSTAGRAM_API_VERSION; tell the developers.",
        )
    return Explanation(message or "An unexpected error.", "Try 'Refresh now'; if it persists, "
                       "tell the developers.")  # fmt: skip


def status_advice(account: InstagramAccount, now: datetime | None = None) -> str:
    status = account.status(now)
    if status == AccountStatus.OK:
        return ""
    if status == AccountStatus.EXPIRING:
        return (
            f"The token ends in {account.days_left(now)} days and has not been renewed "
            "automatically. Try 'Refresh now'; if it fails, reconnect."
        )
    if status == AccountStatus.EXPIRED:
        return "The token has expired: it can never be refreshed. " + RECONNECT
    explanation = explain(
        account.last_error_code, account.last_error_subcode, account.last_error_message
    )
    if status == AccountStatus.INVALID and not account.last_error_at:
        return "There is no usable token. " + RECONNECT
    return f"{explanation.what} {explanation.todo}"


def status_summary(account: InstagramAccount, now: datetime | None = None) -> str:
    """A few words for a list column; status_advice() has the whole story."""
    status = account.status(now)
    if status == AccountStatus.OK:
        return ""
    if status == AccountStatus.EXPIRING:
        return "Not renewed yet"
    if status == AccountStatus.EXPIRED:
        return "Expired: reconnect"
    if status == AccountStatus.INVALID and not account.last_error_at:
        return "No usable token: reconnect"
    return explain(
        account.last_error_code, account.last_error_subcode, account.last_error_message
    ).what


def account_alert(*, account: InstagramAccount, now: datetime | None = None) -> bool:
    """Email the admins when an account becomes expiring, expired or invalid, then once a
    day while it lasts. Returns whether an email was sent."""
    now = now or timezone.now()
    status = account.status(now)
    if status not in ALERT_STATUSES:
        if account.alerted_status:
            account.alerted_status, account.alerted_at = "", None
            account.save(update_fields=["alerted_status", "alerted_at", "updated_at"])
        return False
    changed = account.alerted_status != status
    if not changed and account.alerted_at and now - account.alerted_at < REMIND_EVERY:
        return False
    subject = f"Instagram {account}: {status.label.lower()}"
    if not changed:
        subject += " (reminder)"
    body = (
        f"Guest Gallery's connection to Instagram account {account} needs attention.\n\n"
        f"Status: {status.label}\n"
        f"Token expires: {account.token_expires_at or 'unknown'}\n"
        f"What to do: {status_advice(account, now)}\n"
    )
    if account.last_error_message:
        body += f"Last error: {account.last_error_message}\n"
    if settings.ADMINS:
        mail_admins(subject, body, fail_silently=True)
    else:
        logger.warning("ADMINS is empty; this alert went nowhere: %s", subject)
    account.alerted_status, account.alerted_at = status, now
    account.save(update_fields=["alerted_status", "alerted_at", "updated_at"])
    return True


def accounts_alert(now: datetime | None = None) -> int:
    return sum(account_alert(account=a, now=now) for a in InstagramAccount.objects.all())


def accounts_needing_attention(now: datetime | None = None) -> list[InstagramAccount]:
    return [a for a in InstagramAccount.objects.all() if a.status(now) != AccountStatus.OK]


def accounts_health(now: datetime | None = None) -> list[dict[str, str]]:
    """For /healthz: username and status of each account, never a secret."""
    return [
        {"username": account.username or account.ig_user_id, "status": account.status(now)}
        for account in InstagramAccount.objects.order_by("username")
    ]
