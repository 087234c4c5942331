from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from events.models import Event


def event_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    event = get_object_or_404(Event, public_id=public_id)
    return render(request, "gallery/event_detail.html", {"event": event})
