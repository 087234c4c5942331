"""Cache keys and cached responses of the guest pages (shared by the views and the
early middleware, so both answer exactly alike)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import urlencode

from events.models import Visibility

CACHE_SECONDS = 60 * 60 * 24


def cache_key(kind: str, version: str, request: HttpRequest) -> str:
    query = urlencode(sorted(request.GET.items()))
    digest = hashlib.sha256(query.encode()).hexdigest()[:16]
    return f"gallery:{kind}:{version}:{digest}"


def etag_for(key: str) -> str:
    return f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'


def anonymous(request: HttpRequest) -> bool:
    """No session or messages: the page is the same for every such guest."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def feed_response(body: bytes | None, *, etag: str, visibility: str) -> HttpResponse:
    private = visibility == Visibility.PRIVATE
    response = (
        HttpResponse(status=304)
        if body is None
        else HttpResponse(body, content_type="application/json")
    )
    response["ETag"] = etag
    scope = "private" if private else "public"
    response["Cache-Control"] = f"{scope}, max-age=0, must-revalidate"
    if private:
        response["Vary"] = "Cookie"
    if visibility != Visibility.PUBLIC:
        response["X-Robots-Tag"] = "noindex"
    return response


def page_response(body: bytes, visibility: str) -> HttpResponse:
    response = HttpResponse(body)
    response["Vary"] = "Cookie"  # signed-in users see a different page
    if visibility != Visibility.PUBLIC:
        response["X-Robots-Tag"] = "noindex"
    return response
