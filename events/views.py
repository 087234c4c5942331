from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

from events.models import Event

EVENTS_PER_PAGE = 24


def event_list(request: HttpRequest) -> HttpResponse:
    """The home page: public events, newest first."""
    paginator = Paginator(Event.objects.public(), EVENTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "events/event_list.html", {"page": page, "events": page.object_list})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
