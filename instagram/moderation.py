"""Per-event and global moderation of Instagram posts."""

from __future__ import annotations

import re

from django.db.models import Q

from events.models import Event, events_content_changed
from instagram.matching import event_media
from instagram.models import EventPost, InstagramMedia, PostState

SHORTCODE = re.compile(r"instagram\.com/(?:p|reel|tv)/([A-Za-z0-9_-]+)")


def event_post_set(*, event: Event, media: InstagramMedia, state: str | None) -> None:
    """Hide a post from this event, pin it into it, or (None) go back to the rules."""
    if state is None:
        EventPost.objects.filter(event=event, media=media).delete()
    else:
        EventPost.objects.update_or_create(event=event, media=media, defaults={"state": state})


def media_set_hidden(*, media: InstagramMedia, hidden: bool) -> None:
    """Hide a post from every event (or show it again)."""
    InstagramMedia.objects.filter(pk=media.pk).update(hidden=hidden)
    events_content_changed()


def media_find(text: str) -> InstagramMedia | None:
    """A cached post by its Instagram link or id."""
    text = text.strip()
    if not text:
        return None
    match = SHORTCODE.search(text)
    if match:
        return InstagramMedia.objects.filter(permalink__contains=f"/{match[1]}/").first()
    return InstagramMedia.objects.filter(Q(media_id=text)).first()


def event_moderation_rows(event: Event, limit: int = 200) -> list[dict]:
    """What the event admin shows: its posts, and those hidden from it, with their state."""
    states = dict(EventPost.objects.filter(event=event).values_list("media_id", "state"))
    start, end = event.instagram_window()
    shown = list(event_media(event).select_related("account")[:limit])
    hidden_ids = [pk for pk, state in states.items() if state == PostState.HIDDEN]
    extra = InstagramMedia.objects.filter(
        Q(pk__in=hidden_ids) | Q(hidden=True, taken_at__gte=start, taken_at__lte=end)
    ).select_related("account")[:limit]
    rows = []
    for media, visible in [*((m, True) for m in shown), *((m, False) for m in extra)]:
        rows.append(
            {
                "media": media,
                "visible": visible,
                "state": states.get(media.pk, ""),
                "local_time": event.localtime(media.taken_at),
            }
        )
    return sorted(rows, key=lambda row: row["media"].taken_at)
