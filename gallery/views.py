from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from events.access import event_access_granted
from events.models import Event
from gallery.models import Photo


def event_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    event = get_object_or_404(Event, public_id=public_id)
    granted = event_access_granted(request, event)
    photos = Photo.objects.filter(event=event).visible().timeline() if granted else []
    return render(
        request, "gallery/event_detail.html", {"event": event, "photos": photos, "granted": granted}
    )
