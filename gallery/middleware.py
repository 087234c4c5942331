"""A whole-response cache for guests, early in the middleware chain.

Every anonymous guest of a public or unlisted event sees the same gallery page and the
same feed.json, so those are served from the cache keyed on the event's content version
(one indexed SQL lookup), before sessions, CSRF, auth and URL routing run. Anything else
(private events, signed-in users, a cache miss) goes on to the views, which fill the cache.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from events.models import Visibility, cache_version, event_cache_state
from gallery.guest_cache import (
    anonymous,
    cache_key,
    etag_for,
    feed_response,
    page_response,
)

GUEST_PATH = re.compile(r"^/g/(?P<public_id>[^/]+)/(?P<feed>feed\.json)?$")


class GuestPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        match = GUEST_PATH.match(request.path_info)
        if match and request.method in ("GET", "HEAD") and anonymous(request):
            response = self.cached(request, match["public_id"], feed=bool(match["feed"]))
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def cached(request: HttpRequest, public_id: str, *, feed: bool) -> HttpResponse | None:
        state = event_cache_state(public_id)
        if state is None or state[1] == Visibility.PRIVATE:
            return None
        pk, visibility, content_version = state
        key = cache_key("feed" if feed else "page", cache_version(pk, content_version), request)
        if feed:
            etag = etag_for(key)
            if etag in request.headers.get("If-None-Match", ""):
                return feed_response(None, etag=etag, visibility=visibility)
        body = cache.get(key)
        if body is None:
            return None
        if feed:
            return feed_response(body, etag=etag_for(key), visibility=visibility)
        return page_response(body, visibility)
