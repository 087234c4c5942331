"""One timeline of an event's uploads and Instagram posts, in chronological order.

Items are ordered by (taken_at, source, number): time first, ties by id. A cursor is a
position in that order, not an offset, so it stays valid while items are added or
hidden. Each source pages itself from the cursor in the database; the pages are merged.
The number of queries never grows with the size of the event.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q, QuerySet

from events.models import Event
from gallery.models import Photo
from instagram.matching import event_media
from instagram.models import InstagramMedia

DEFAULT_LIMIT = 60
MAX_LIMIT = 200
SOURCE_NAMES = ("instagram", "upload")
MAX_NUMBER = 2**63 - 1  # database ids are 64-bit


def valid_number(text: str) -> int | None:
    return int(text) if text.isdigit() and int(text) <= MAX_NUMBER else None


@dataclass(frozen=True, order=True)
class Cursor:
    taken_at: datetime
    source: str
    number: int

    def encode(self) -> str:
        micros = int(self.taken_at.timestamp() * 1_000_000)
        raw = f"{micros}.{self.source}.{self.number}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """Raises ValueError for anything that is not a cursor of ours."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            micros, source, number = raw.split(".")
            when = datetime.fromtimestamp(int(micros) / 1_000_000, tz=UTC)
            position = valid_number(number)
            if source not in SOURCE_NAMES or position is None:
                raise ValueError
            return cls(when.replace(microsecond=int(micros) % 1_000_000), source, position)
        except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError, OSError):
            raise ValueError("not a valid cursor") from None


@dataclass
class Child:
    type: str
    thumb: str
    display: str
    video: str | None = None
    width: int | None = None
    height: int | None = None


@dataclass
class Item:
    source: str
    number: int
    id: str
    type: str
    taken_at: datetime
    caption: str
    thumb: str
    display: str
    placeholder: str
    width: int | None = None
    height: int | None = None
    alt: str = ""
    download: str | None = None
    permalink: str | None = None
    username: str | None = None
    video: str | None = None
    children: list[Child] = field(default_factory=list)

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.taken_at, self.source, self.number)

    def as_json(self, event: Event) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "type": self.type,
            "taken_at": local_iso(event, self.taken_at),
        }
        if self.source == "upload":
            data |= {"width": self.width, "height": self.height}
        data |= {"caption": self.caption, "thumb": self.thumb, "display": self.display}
        if self.source == "upload":
            data |= {"placeholder": self.placeholder, "download": self.download}
        else:
            data |= {
                "permalink": self.permalink,
                "username": self.username,
                "width": self.width,
                "height": self.height,
                "placeholder": self.placeholder,
                "video": self.video,
                "children": [vars(child) for child in self.children],
            }
        data["alt"] = self.alt
        return data


def local_iso(event: Event, when: datetime) -> str:
    """An instant on the event's clock, to the second, with its UTC offset."""
    return event.localtime(when).isoformat(timespec="seconds")


def after_q(cursor: Cursor, source: str, number_field: str = "id") -> Q:
    """Rows of `source` strictly after `cursor` in (taken_at, source, number) order."""
    if source > cursor.source:
        return Q(taken_at__gte=cursor.taken_at)
    if source < cursor.source:
        return Q(taken_at__gt=cursor.taken_at)
    return Q(taken_at__gt=cursor.taken_at) | Q(
        taken_at=cursor.taken_at, **{f"{number_field}__gt": cursor.number}
    )


def before_q(cursor: Cursor, source: str, number_field: str = "id") -> Q:
    if source < cursor.source:
        return Q(taken_at__lte=cursor.taken_at)
    if source > cursor.source:
        return Q(taken_at__lt=cursor.taken_at)
    return Q(taken_at__lt=cursor.taken_at) | Q(
        taken_at=cursor.taken_at, **{f"{number_field}__lt": cursor.number}
    )


def window(
    queryset: QuerySet, source: str, *, after: Cursor | None, before: Cursor | None, limit: int
) -> QuerySet:
    """A page of `queryset` around the cursors, in timeline order (descending for before)."""
    if after is not None:
        queryset = queryset.filter(after_q(after, source))
    if before is not None:
        queryset = queryset.filter(before_q(before, source))
        return queryset.order_by("-taken_at", "-id")[:limit]
    return queryset.order_by("taken_at", "id")[:limit]


class QuerySetSource:
    """A timeline source backed by a queryset: paging, counting and finding one item are
    the same for every source; each says what its rows are and how they become items."""

    name = ""

    def queryset(self, event: Event) -> QuerySet:
        """The rows this event shows."""
        raise NotImplementedError

    def listing(self, event: Event) -> QuerySet:
        """The rows with what `item` needs loaded alongside them."""
        return self.queryset(event)

    def lookup(self, number: str) -> Q | None:
        """How an item id's number finds its row (None: it cannot be one of ours)."""
        pk = valid_number(number)
        return Q(pk=pk) if pk is not None else None

    def item(self, event: Event, row: Any) -> Item:
        raise NotImplementedError

    def page(
        self, event: Event, *, after: Cursor | None, before: Cursor | None, limit: int
    ) -> list[Item]:
        rows = window(self.listing(event), self.name, after=after, before=before, limit=limit)
        return [self.item(event, row) for row in rows]

    def count(self, event: Event) -> int:
        return self.queryset(event).count()

    def locate(self, event: Event, number: str) -> Item | None:
        lookup = self.lookup(number)
        row = self.listing(event).filter(lookup).first() if lookup is not None else None
        return self.item(event, row) if row is not None else None


class UploadSource(QuerySetSource):
    name = "upload"

    def queryset(self, event: Event) -> QuerySet[Photo]:
        return Photo.objects.filter(event=event).visible()

    def listing(self, event: Event) -> QuerySet[Photo]:
        return (
            self.queryset(event)
            .select_related("uploaded_by")
            .only(
                "id", "taken_at", "caption", "width", "height", "placeholder", "thumb",
                "display", "download", "uploaded_by__first_name", "uploaded_by__username",
            )
        )  # fmt: skip

    def item(self, event: Event, photo: Photo) -> Item:
        by = photo.uploaded_by.first_name if photo.uploaded_by else ""
        clock = event.localtime(photo.taken_at).strftime("%H:%M")
        return Item(
            source=self.name,
            number=photo.pk,
            id=f"upload:{photo.pk}",
            type="image",
            taken_at=photo.taken_at,
            caption=photo.caption,
            thumb=photo.thumb.url,
            display=photo.display.url,
            placeholder=photo.placeholder,
            width=photo.width,
            height=photo.height,
            download=photo.download.url,
            alt=photo.caption or f"Photo by {by or 'crew'}, {clock}",
        )


class InstagramSource(QuerySetSource):
    """The host's posts that belong to the event (instagram/matching.py decides which)."""

    name = "instagram"

    def queryset(self, event: Event) -> QuerySet[InstagramMedia]:
        return event_media(event)

    def listing(self, event: Event) -> QuerySet[InstagramMedia]:
        return self.queryset(event).select_related("account").prefetch_related("children")

    def lookup(self, number: str) -> Q | None:
        return Q(media_id=number)  # item ids carry Instagram's media id

    def item(self, event: Event, media: InstagramMedia) -> Item:
        kind = {"VIDEO": "video", "CAROUSEL_ALBUM": "carousel"}.get(media.media_type, "image")
        username = media.account.username
        clock = event.localtime(media.taken_at).strftime("%H:%M")
        children = [
            Child(
                type="video" if child.media_type == "VIDEO" else "image",
                thumb=child.thumb.url,
                display=child.display.url,
                video=child.video.url if child.video else None,
                width=child.width,
                height=child.height,
            )
            for child in media.children.all()
            if child.thumb
        ]
        return Item(
            source=self.name,
            number=media.pk,
            id=f"instagram:{media.media_id}",
            type=kind,
            taken_at=media.taken_at,
            caption=media.caption,
            thumb=media.thumb.url,
            display=media.display.url,
            placeholder=media.placeholder,
            width=media.width,
            height=media.height,
            permalink=media.permalink or None,
            username=username,
            video=media.video.url if media.video else None,
            children=children,
            alt=media.caption[:200] or f"Instagram post by @{username}, {clock}",
        )


def sources() -> list[QuerySetSource]:
    return [InstagramSource(), UploadSource()]


@dataclass
class Page:
    items: list[Item]
    next: Cursor | None  # more items after this page
    prev: Cursor | None  # more items before this page
    last: Cursor | None  # the last item shown: where to poll for new ones


def merge(pages: Iterable[list[Item]], *, limit: int, reverse: bool) -> list[Item]:
    items = sorted((item for page in pages for item in page), key=lambda i: i.cursor)
    return items[-limit:] if reverse else items[:limit]


def timeline_page(
    event: Event,
    *,
    after: Cursor | None = None,
    before: Cursor | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Page:
    """A page of the timeline: after a cursor, before one, or from the start.

    One query per source (plus one more only when paging backwards)."""
    limit = max(1, min(limit, MAX_LIMIT))
    reverse = before is not None and after is None
    fetched = [
        source.page(event, after=after, before=before, limit=limit + 1) for source in sources()
    ]
    combined = merge(fetched, limit=limit + 1, reverse=reverse)
    if reverse:
        has_prev = len(combined) > limit
        items = combined[-limit:]
        has_next = bool(items)  # we came from a later page
    else:
        has_next = len(combined) > limit
        items = combined[:limit]
        has_prev = after is not None and bool(items)
    return Page(
        items=items,
        next=items[-1].cursor if items and has_next else None,
        prev=items[0].cursor if items and has_prev else None,
        last=items[-1].cursor if items else after,
    )


def timeline_count(event: Event) -> int:
    return sum(source.count(event) for source in sources())


def timeline_find(event: Event, item_id: str) -> Cursor | None:
    """The position just before an item (a page `after` it starts with the item), or
    None when the event shows no such item."""
    source_name, _, number = item_id.partition(":")
    for source in sources():
        if source.name == source_name:
            item = source.locate(event, number)
            if item is not None:
                return Cursor(item.taken_at, item.source, item.number - 1)
    return None
