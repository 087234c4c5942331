"""The crew's upload page and endpoint: POST /g/<event_id>/upload/."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from events.models import Event
from gallery.services import IngestOutcome, photo_ingest
from gallery.uploads import MAX_FILES_PER_REQUEST, LimitedUploadHandler, request_max_bytes

PERMISSION = "gallery.add_photo"
SUPPORTED = "JPEG, PNG, WebP, HEIC, GIF"


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return render(request, "gallery/upload_refused.html", {"message": message}, status=status)


def outcome_json(event: Event, outcome: IngestOutcome) -> tuple[str, dict[str, str]]:
    if outcome.photo is not None:
        photo = outcome.photo
        return "accepted", {
            "name": outcome.name,
            "id": photo.item_id,
            "taken_at": event.localtime(photo.taken_at).isoformat(),
            "thumb": photo.thumb.url,
        }
    if outcome.duplicate_of is not None:
        return "duplicates", {"name": outcome.name, "id": outcome.duplicate_of.item_id}
    return "rejected", {"name": outcome.name, "error": outcome.error or "rejected"}


@csrf_exempt  # checked below, after the upload handlers are in place
def upload(request: HttpRequest, public_id: str) -> HttpResponse:
    event = get_object_or_404(Event, public_id=public_id)
    if not request.user.is_authenticated:
        if wants_json(request):
            return JsonResponse({"error": "login required"}, status=401)
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(PERMISSION):
        return _refuse(
            request, 403, "Your account may not upload photos. Ask staff to add you to the Crew."
        )
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > request_max_bytes():
            return _refuse(request, 413, "The upload is too large. Send fewer photos at a time.")
        handler = LimitedUploadHandler(request)
        request.upload_handlers = [handler]
        return _upload_post(request, event, handler)
    if request.method != "GET":
        return _refuse(request, 405, "Use GET or POST.")
    return render(request, "gallery/upload.html", _page_context(event))


def _page_context(event: Event, results: dict | None = None) -> dict:
    return {
        "event": event,
        "results": results,
        "max_mb": settings.UPLOAD_MAX_MB,
        "supported": SUPPORTED,
    }


@csrf_protect
def _upload_post(request: HttpRequest, event: Event, handler: LimitedUploadHandler) -> HttpResponse:
    try:
        files = request.FILES.getlist("photos")
        caption = request.POST.get("caption", "")
    except RequestDataTooBig:
        return _refuse(request, 413, "The upload is too large. Send fewer photos at a time.")
    except TooManyFilesSent:
        return _refuse(
            request, 400, f"Too many files in one request: send at most {MAX_FILES_PER_REQUEST}."
        )
    results: dict[str, list[dict[str, str]]] = {"accepted": [], "duplicates": [], "rejected": []}
    for name in handler.too_large:
        results["rejected"].append(
            {
                "name": name,
                "error": f"the file is larger than the {settings.UPLOAD_MAX_MB} MB limit",
            }
        )
    for upload in files[:MAX_FILES_PER_REQUEST]:
        outcome = photo_ingest(event=event, file=upload, user=request.user, caption=caption)
        key, entry = outcome_json(event, outcome)
        results[key].append(entry)
        upload.close()
    if not files and not handler.too_large:
        results["rejected"].append({"name": "", "error": "no file was sent in the field 'photos'"})
    status = 201 if results["accepted"] else 400
    if wants_json(request):
        return JsonResponse(results, status=status)
    return render(request, "gallery/upload.html", _page_context(event, results), status=status)
