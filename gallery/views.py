"""The guest pages: gallery, feed.json, slideshow, download.zip, and the access code."""

from __future__ import annotations

import json
from datetime import datetime

from django.core.cache import cache
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from events.access import (
    CODE_LOCKOUT_SECONDS,
    access_code_locked,
    access_code_try,
    event_access_granted,
)
from events.models import Event, Visibility
from gallery.downloads import zip_filename, zip_stream
from gallery.guest_cache import (
    CACHE_SECONDS,
    anonymous,
    cache_key,
    etag_for,
    feed_response,
)
from gallery.timeline import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Cursor,
    Item,
    Page,
    local_iso,
    timeline_count,
    timeline_find,
    timeline_page,
)

# The page renders fewer items than feed.json's default: the first screen is a dozen
# tiles, and infinite scroll brings the rest.
PAGE_LIMIT = 36
EAGER_TILES = 6


class BadRequest(ValueError):
    pass


def _paging(
    request: HttpRequest, event: Event, default_limit: int = DEFAULT_LIMIT
) -> tuple[Cursor | None, Cursor | None, int]:
    """after/before/at/limit from the query string; raises BadRequest with a message."""
    try:
        limit = int(request.GET.get("limit", default_limit))
    except ValueError:
        raise BadRequest("limit must be a whole number") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_LIMIT}")
    try:
        after = Cursor.decode(request.GET["after"]) if request.GET.get("after") else None
        before = Cursor.decode(request.GET["before"]) if request.GET.get("before") else None
    except ValueError:
        raise BadRequest("invalid cursor") from None
    if request.GET.get("at"):
        after = timeline_find(event, request.GET["at"])
        if after is None:
            raise BadRequest("no such item in this event")
    return after, before, limit


def _noindex(event: Event) -> bool:
    return event.visibility != Visibility.PUBLIC


def _page_url(event: Event, name: str, **params: str) -> str:
    return reverse(name, kwargs={"public_id": event.public_id}) + "?" + urlencode(params)


def feed_body(event: Event, page: Page, limit: int) -> dict:
    """feed.json as the interface describes it, plus `prev` and `poll` (where to ask for
    items newer than this page, for the slideshow)."""
    feed_url = "gallery:feed"
    extra = {"limit": str(limit)} if limit != DEFAULT_LIMIT else {}
    return {
        "event": {
            "id": event.public_id,
            "title": event.title,
            "starts_at": local_iso(event, event.starts_at),
            "ends_at": local_iso(event, event.ends_at),
            "timezone": event.timezone,
        },
        "items": [item.as_json(event) for item in page.items],
        "next": _page_url(event, feed_url, after=page.next.encode(), **extra)
        if page.next
        else None,
        "prev": _page_url(event, feed_url, before=page.prev.encode(), **extra)
        if page.prev
        else None,
        "poll": _page_url(event, feed_url, after=page.last.encode(), **extra)
        if page.last
        else _page_url(event, feed_url, **extra),
    }


def _json_error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_safe
def feed(request: HttpRequest, public_id: str) -> HttpResponse:
    """feed.json. Anonymous guests of public and unlisted events are usually answered from
    the cache by GuestPageCacheMiddleware before this runs; this fills that cache."""
    event = Event.objects.filter(public_id=public_id).first()
    if event is None:
        return _json_error(404, "no such event")
    if not event_access_granted(request, event):
        return _json_error(403, "access code required")
    key = cache_key("feed", event.cache_version, request)
    etag = etag_for(key)
    if etag in request.headers.get("If-None-Match", ""):
        return feed_response(None, etag=etag, visibility=event.visibility)
    body = cache.get(key)
    if body is None:
        try:
            after, before, limit = _paging(request, event)
        except BadRequest as error:
            return _json_error(400, str(error))
        page = timeline_page(event, after=after, before=before, limit=limit)
        body = json.dumps(feed_body(event, page, limit), separators=(",", ":")).encode()
        cache.set(key, body, CACHE_SECONDS)
    return feed_response(body, etag=etag, visibility=event.visibility)


def _dividers(event: Event, items: list[Item], previous: str = "") -> list[tuple[str, object]]:
    """Items with a quiet divider wherever the hour (or the day) changes."""
    rows: list[tuple[str, object]] = []
    last_day = previous[:10]
    for item in items:
        local: datetime = event.localtime(item.taken_at)
        hour_key = local.strftime("%Y-%m-%dT%H")
        if hour_key != previous:
            label = local.strftime("%H:00")
            if local.strftime("%Y-%m-%d") != last_day:
                label = local.strftime("%a %-d %b · %H:00")
            rows.append(("divider", {"label": label, "key": hour_key}))
            previous, last_day = hour_key, local.strftime("%Y-%m-%d")
        rows.append(("item", item))
    return rows


def _timeline_context(request: HttpRequest, event: Event) -> dict:
    """The timeline part of the gallery page, rendered once per event version and query."""
    key = cache_key("timeline", event.cache_version, request)
    cached = cache.get(key)
    if cached is not None:
        return cached
    after, before, limit = _paging(request, event, PAGE_LIMIT)
    page = timeline_page(event, after=after, before=before, limit=limit)
    rows = _dividers(event, page.items)
    items_json = [item.as_json(event) for item in page.items]
    first = page.items[0] if page.items and after is None and before is None else None
    context = {
        "count": timeline_count(event),
        "html": render_to_string(
            "gallery/includes/timeline.html",
            {"event": event, "rows": rows, "eager": EAGER_TILES},
        ),
        "items_json": json.dumps(items_json, separators=(",", ":")).replace("</", "<\\/"),
        "next_url": "?" + urlencode({"after": page.next.encode()}) if page.next else None,
        "prev_url": "?" + urlencode({"before": page.prev.encode()}) if page.prev else None,
        "feed_next": _page_url(event, "gallery:feed", after=page.next.encode(), limit="60")
        if page.next
        else None,
        "last_hour": next((row["key"] for kind, row in reversed(rows) if kind == "divider"), ""),
        "cover": first.display if first else None,
        "empty": not page.items,
    }
    cache.set(key, context, CACHE_SECONDS)
    return context


@require_http_methods(["GET", "HEAD", "POST"])
def event_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """The gallery page. What anonymous guests of public and unlisted events get is the
    same for all of them: it is stored whole for GuestPageCacheMiddleware to serve."""
    event = get_object_or_404(Event, public_id=public_id)
    response = _event_page(request, event)
    if (
        response.status_code == 200
        and request.method != "POST"
        and event.visibility != Visibility.PRIVATE
        and anonymous(request)
    ):
        cache.set(cache_key("page", event.cache_version, request), response.content, CACHE_SECONDS)
    return response


def _event_page(request: HttpRequest, event: Event) -> HttpResponse:
    if not event_access_granted(request, event):
        return _access_form(request, event)
    try:
        timeline = _timeline_context(request, event)
    except BadRequest:
        return HttpResponseRedirect(event.get_absolute_url())
    response = render(
        request,
        "gallery/event_detail.html",
        {
            "event": event,
            "timeline": timeline,
            "noindex": _noindex(event),
            "share_image": request.build_absolute_uri(timeline["cover"])
            if timeline["cover"] and not event.is_private
            else None,
            "page_url": request.build_absolute_uri(event.get_absolute_url()),
        },
    )
    if _noindex(event):
        response["X-Robots-Tag"] = "noindex"
    return response


def _access_form(request: HttpRequest, event: Event) -> HttpResponse:
    error, status = "", 200
    if access_code_locked(request, event):
        response = render(
            request,
            "gallery/access_code.html",
            {"event": event, "locked": True, "minutes": CODE_LOCKOUT_SECONDS // 60},
            status=429,
        )
        response["Retry-After"] = str(CODE_LOCKOUT_SECONDS)
        return response
    if request.method == "POST":
        if access_code_try(request, event, request.POST.get("code", "")):
            return HttpResponseRedirect(event.get_absolute_url())
        error, status = "That code isn't right. Check it with your host and try again.", 400
    response = render(
        request, "gallery/access_code.html", {"event": event, "error": error}, status=status
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def slideshow(request: HttpRequest, public_id: str) -> HttpResponse:
    event = get_object_or_404(Event, public_id=public_id)
    if not event_access_granted(request, event):
        return HttpResponseRedirect(event.get_absolute_url())
    return render(request, "gallery/slideshow.html", {"event": event, "noindex": True})


@require_safe
def download_zip(request: HttpRequest, public_id: str) -> HttpResponse:
    event = get_object_or_404(Event, public_id=public_id)
    if not event_access_granted(request, event):
        return HttpResponseRedirect(event.get_absolute_url())
    response = StreamingHttpResponse(zip_stream(event), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{zip_filename(event)}"'
    response["Cache-Control"] = "private, no-store"
    return response
