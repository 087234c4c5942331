"""Which cached posts an event shows.

A post belongs to an event when its account is one of the event's accounts (none picked:
every account), its time lies in the event's Instagram window (both ends included), it
carries one of the event's hashtags (when the event has any), it is not hidden from this
event or everywhere, and it has a local image. A post pinned into the event belongs to
it whatever its time or tags.
"""

from __future__ import annotations

from django.db.models import Exists, Q, QuerySet

from events.models import Event
from instagram.models import EventInstagram, EventPost, InstagramMedia, PostState


def event_settings(event: Event) -> EventInstagram | None:
    try:
        return event.instagram
    except EventInstagram.DoesNotExist:
        return None


def event_media(event: Event) -> QuerySet[InstagramMedia]:
    """The event's posts: one query when evaluated (one more, once per event object, for
    its settings)."""
    start, end = event.instagram_window()
    in_window = Q(taken_at__gte=start, taken_at__lte=end)
    posts = InstagramMedia.objects.showable()
    settings = event_settings(event)
    if settings is not None:
        tags = settings.tag_list()
        if tags:
            any_tag = Q()
            for tag in tags:
                any_tag |= Q(tags__contains=f" {tag} ")
            in_window &= any_tag
        # The picked accounts, or every account when none is picked: in the same query.
        picked = EventInstagram.accounts.through.objects.filter(eventinstagram_id=settings.pk)
        posts = posts.filter(
            Q(account__in=picked.values("instagramaccount_id")) | ~Exists(picked)
        )
    pinned = EventPost.objects.filter(event=event, state=PostState.PINNED).values("media")
    hidden = EventPost.objects.filter(event=event, state=PostState.HIDDEN).values("media")
    return posts.filter(in_window | Q(pk__in=pinned)).exclude(pk__in=hidden)
