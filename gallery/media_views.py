"""Serves media from local storage, with the same access rules as the pages.

Files live under e/<event pk>/<random folder>/ (uploads) and ig/ (Instagram cache).
Originals are for staff only; files of a private event need that event's access.
With S3 storage, media URLs point at the bucket and this view is not used.
"""

from __future__ import annotations

import mimetypes
import posixpath
import re

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from events.access import event_access_granted
from events.models import Event, Visibility

YEAR = 60 * 60 * 24 * 365
UPLOAD_PATH = re.compile(r"^e/(?P<event>\d{1,18})/[A-Za-z0-9_-]+/(?P<file>[A-Za-z0-9_.-]+)$")
INSTAGRAM_PATH = re.compile(r"^ig/[A-Za-z0-9_/.-]+$")
CONTENT_TYPES = {".webp": "image/webp", ".heic": "image/heic", ".mp4": "video/mp4"}


def _content_type(path: str) -> str:
    ext = posixpath.splitext(path)[1].lower()
    return CONTENT_TYPES.get(ext) or mimetypes.guess_type(path)[0] or "application/octet-stream"


@require_safe
def media_serve(request: HttpRequest, path: str) -> FileResponse:
    path = posixpath.normpath(path)
    cache = f"public, max-age={YEAR}, immutable"
    disposition = None
    match = UPLOAD_PATH.match(path)
    if match:
        filename = match["file"]
        if filename.startswith("original"):
            if not (request.user.is_authenticated and request.user.is_staff):
                raise Http404
            cache, disposition = "private, no-store", "attachment"
        event = Event.objects.filter(pk=match["event"]).only("id", "visibility").first()
        if event is None:
            raise Http404
        if event.visibility == Visibility.PRIVATE:
            if not event_access_granted(request, event):
                raise Http404
            cache = cache.replace("public", "private")
    elif not INSTAGRAM_PATH.match(path):
        raise Http404
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise Http404 from None
    response = FileResponse(handle, content_type=_content_type(path))
    response["Cache-Control"] = cache
    if disposition:
        response["Content-Disposition"] = f'{disposition}; filename="{posixpath.basename(path)}"'
    return response
