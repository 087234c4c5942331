"""Fetching an account's posts into the local cache.

Incremental: page from the newest post and stop at the first page that holds a post we
already have (nothing new: exactly one call). Full (`--full`, daily): walk every page,
pick up edited captions, and mark posts no longer on Instagram as deleted. Any failure
stops the run and is recorded on the account; throttling also sets a time before which
no call is made. Guests keep seeing the cache throughout.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from events.models import events_content_changed
from instagram.answers import Media, MediaChild
from instagram.client import GraphClient
from instagram.errors import InstagramError, RateLimited
from instagram.media_copy import Copied, copy_or_renew, files_delete, folder_for
from instagram.models import InstagramAccount, InstagramChild, InstagramMedia, tags_of
from instagram.services import account_clear_error, account_record_error

logger = logging.getLogger(__name__)

SYNC_CLAIM = timedelta(minutes=15)
COPY_RETRY_LIMIT = 5  # attempts per post whose files could not be copied
COPY_RETRIES_PER_RUN = 10
REACHABLE = 10_000  # Meta serves only the newest 10,000 posts


@dataclass
class SyncOutcome:
    account: InstagramAccount
    result: str = "ok"  # ok, skipped, failed
    new: int = 0
    updated: int = 0
    removed: int = 0
    recopied: int = 0
    calls: int = 0
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.result == "failed"

    @property
    def changed(self) -> bool:
        return bool(self.new or self.updated or self.removed or self.recopied)

    def summary(self) -> str:
        text = f"{self.new} new, {self.updated} updated, {self.removed} removed"
        if self.recopied:
            text += f", {self.recopied} re-copied"
        return text + f" ({self.calls} calls)"


def _timestamp(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _tag_field(caption: str) -> str:
    tags = tags_of(caption)
    return f" {' '.join(tags)} " if tags else ""


def _claim(account: InstagramAccount, now: datetime) -> bool:
    free = Q(sync_claimed_until__isnull=True) | Q(sync_claimed_until__lt=now)
    return (
        InstagramAccount.objects.filter(free, pk=account.pk).update(
            sync_claimed_until=now + SYNC_CLAIM
        )
        == 1
    )


def account_sync_media(
    *,
    account: InstagramAccount,
    full: bool = False,
    client: GraphClient | None = None,
    now: datetime | None = None,
) -> SyncOutcome:
    """Sync one account's posts. Never raises for Meta's answers: the outcome and the
    account record what happened. Two syncs of one account never run at once."""
    from instagram.alerts import account_alert

    now = now or timezone.now()
    client = client or GraphClient()
    outcome = SyncOutcome(account)
    if account.is_demo:
        return SyncOutcome(account, "skipped", detail="demo account")
    if account.needs_reconnect or not account.token:
        return SyncOutcome(account, "skipped", detail="the token is dead: reconnect")
    if account.sync_resume_after and account.sync_resume_after > now:
        return SyncOutcome(
            account, "skipped", detail=f"throttled until {account.sync_resume_after}"
        )
    if not _claim(account, now):
        return SyncOutcome(account, "skipped", detail="another sync of this account is running")
    account.refresh_from_db()
    calls_before = client.calls
    try:
        _walk(account, client, outcome, full=full, now=now)
        _retry_copies(account, client, outcome)
    except RateLimited as error:
        account.sync_resume_after = now + timedelta(seconds=error.retry_after)
        account.save(update_fields=["sync_resume_after", "updated_at"])
        _failed(account, outcome, error, now)
    except InstagramError as error:
        _failed(account, outcome, error, now)
    else:
        account.last_sync_ok = True
        account.sync_resume_after = None
        cleared = account_clear_error(account) if not account.needs_reconnect else []
        outcome.calls = client.calls - calls_before  # before the summary that shows it
        account.last_sync_summary = outcome.summary()[:200]
        account.last_sync_at = now
        account.save(update_fields=["last_sync_at", "last_sync_ok", "last_sync_summary",
                                    "sync_resume_after", *cleared, "updated_at"])  # fmt: skip
    finally:
        InstagramAccount.objects.filter(pk=account.pk).update(sync_claimed_until=None)
    outcome.calls = client.calls - calls_before  # a failed run's calls count too
    if outcome.changed:
        events_content_changed()  # which events a post falls in depends on each event
    account_alert(account=account, now=now)
    return outcome


def _failed(account: InstagramAccount, outcome: SyncOutcome, error: InstagramError, now) -> None:
    account_record_error(account, error, now=now)
    outcome.result, outcome.detail = "failed", error.message
    account.last_sync_at, account.last_sync_ok = now, False
    account.last_sync_summary = f"failed after {outcome.summary()}: {error.message}"[:200]
    account.save(update_fields=["last_sync_at", "last_sync_ok", "last_sync_summary", "updated_at"])


def _walk(
    account: InstagramAccount, client: GraphClient, outcome: SyncOutcome, *, full: bool, now
) -> None:
    seen = 0
    oldest: datetime | None = None
    completed = True
    pages = client.media_pages(
        token=account.token, facebook=account.is_facebook, ig_user_id=account.ig_user_id
    )
    for page in pages:
        ids = [media.id for media in page.items]
        cached = InstagramMedia.objects.filter(media_id__in=ids)
        known = {row.media_id: row for row in cached.only(*EDITABLE, "media_id")}
        for media in page.items:
            if media.id not in known:
                _create(account, client, media, now)
                outcome.new += 1
            elif full and _update(known[media.id], media):
                outcome.updated += 1
        cached.update(last_seen_at=now)
        seen += len(page.items)
        if page.items:
            last = _timestamp(page.items[-1].timestamp)
            oldest = last if oldest is None else min(oldest, last)
        if not full and len(known) > 0:
            completed = False
            break  # the rest is already cached
    if full and completed:
        outcome.removed = _reconcile(account, now, oldest if seen >= REACHABLE else None)


def _reconcile(account: InstagramAccount, now: datetime, oldest: datetime | None) -> int:
    """Posts a complete walk did not see are gone from Instagram (beyond the 10,000
    reachable ones, nothing can be known: those are left alone)."""
    gone = InstagramMedia.objects.filter(account=account, deleted_at__isnull=True,
                                         last_seen_at__lt=now)  # fmt: skip
    if oldest is not None:
        gone = gone.filter(taken_at__gte=oldest)
    return gone.update(deleted_at=now)


EDITABLE = ("caption", "tags", "permalink", "deleted_at")


def _update(row: InstagramMedia, media: Media) -> bool:
    """Pick up edits (captions, permalinks) and posts that came back."""
    changes = {
        "caption": media.caption,
        "tags": _tag_field(media.caption),
        "permalink": media.permalink,
        "deleted_at": None,
    }
    changed = {key: value for key, value in changes.items() if getattr(row, key) != value}
    if changed:
        InstagramMedia.objects.filter(pk=row.pk).update(**changed)
    return bool(changed)


def _fresh(client: GraphClient, account: InstagramAccount, media_id: str, child_id: str | None):
    """The post again, for CDN links that have expired."""
    fresh = client.media_item(token=account.token, facebook=account.is_facebook, media_id=media_id)
    if child_id is None:
        return fresh
    return next(
        (c for c in fresh.children if c.id == child_id), MediaChild(child_id, "IMAGE", None, None)
    )


def _copies(account: InstagramAccount, client: GraphClient, media: Media) -> tuple[Copied, list]:
    folder = folder_for(media.id)
    children = []
    for position, child in enumerate(media.children):
        copied = copy_or_renew(
            client,
            lambda child_id=child.id: _fresh(client, account, media.id, child_id),
            media_type=child.media_type,
            media_url=child.media_url,
            thumbnail_url=child.thumbnail_url,
            folder=folder,
            stem=f"{position}-",
        )
        children.append((position, child, copied))
    if media.media_type == "CAROUSEL_ALBUM":
        cover = next((c for _, _, c in children if c.thumb), Copied(error="no album item copied"))
        cover = Copied(**{**vars(cover), "video": "", "stored": ()})
        return cover, children
    copied = copy_or_renew(
        client,
        lambda: _fresh(client, account, media.id, None),
        media_type=media.media_type,
        media_url=media.media_url,
        thumbnail_url=media.thumbnail_url,
        folder=folder,
    )
    return copied, children


def _apply(row: InstagramMedia, copied: Copied) -> None:
    row.thumb, row.display, row.video = copied.thumb, copied.display, copied.video
    row.width, row.height, row.placeholder = copied.width, copied.height, copied.placeholder
    row.copy_error = copied.error[:300]
    row.copy_attempts += 1


def _stored(copied: Copied, children: list) -> list[str]:
    return [*copied.stored, *(name for _, _, child in children for name in child.stored)]


def _create(account: InstagramAccount, client: GraphClient, media: Media, now: datetime) -> None:
    copied, children = _copies(account, client, media)
    try:
        with transaction.atomic():
            row = InstagramMedia(
                account=account,
                media_id=media.id,
                media_type=media.media_type,
                media_product_type=media.media_product_type,
                caption=media.caption,
                tags=_tag_field(media.caption),
                permalink=media.permalink,
                taken_at=_timestamp(media.timestamp),
                first_seen_at=now,
                last_seen_at=now,
            )
            _apply(row, copied)
            row.save()
            _children_create(row, children)
    except BaseException:
        files_delete(_stored(copied, children))
        raise


def _children_create(row: InstagramMedia, children: list) -> None:
    InstagramChild.objects.bulk_create(
        InstagramChild(
            media=row, child_id=child.id, position=position, media_type=child.media_type,
            thumb=c.thumb, display=c.display, video=c.video, width=c.width, height=c.height,
            copy_error=c.error[:300],
        )
        for position, child, c in children
    )  # fmt: skip


def _retry_copies(account: InstagramAccount, client: GraphClient, outcome: SyncOutcome) -> None:
    """Posts whose images could not be copied before: fetch them again (fresh links).
    What the earlier attempt left (album items) is replaced, files included."""
    pending = InstagramMedia.objects.filter(
        account=account, deleted_at__isnull=True, thumb="", copy_attempts__lt=COPY_RETRY_LIMIT
    ).order_by("-taken_at")[:COPY_RETRIES_PER_RUN]
    for row in pending:
        media = client.media_item(token=account.token, facebook=account.is_facebook,
                                  media_id=row.media_id)  # fmt: skip
        copied, children = _copies(account, client, media)
        old = row.files()
        try:
            with transaction.atomic():
                _apply(row, copied)
                row.save()
                row.children.all().delete()
                _children_create(row, children)
                transaction.on_commit(lambda old=old: files_delete(old))
        except BaseException:
            files_delete(_stored(copied, children))
            raise
        outcome.recopied += bool(row.thumb)


def accounts_sync(*, full: bool = False, accounts=None, client=None, now=None) -> list[SyncOutcome]:
    from instagram.connect import account_import_from_env

    account_import_from_env(now)
    client = client or GraphClient()
    accounts = list(InstagramAccount.objects.all()) if accounts is None else accounts
    return [account_sync_media(account=a, full=full, client=client, now=now) for a in accounts]
