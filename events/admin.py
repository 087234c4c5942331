from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from events.forms import EventAdminForm
from events.models import Event, EventStatus
from events.qr import qr_svg

STATUS_COLOURS = {
    EventStatus.UPCOMING: "#1d4ed8",
    EventStatus.LIVE: "#15803d",
    EventStatus.PAST: "#4b5563",
}


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return EventStatus.choices

    def queryset(self, request, queryset):
        from django.utils import timezone

        now = timezone.now()
        if self.value() == EventStatus.UPCOMING:
            return queryset.filter(starts_at__gt=now)
        if self.value() == EventStatus.LIVE:
            return queryset.live(now)
        if self.value() == EventStatus.PAST:
            return queryset.filter(ends_at__lt=now)
        return queryset


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = ["title", "local_start", "local_end", "status_badge", "visibility", "guest_link"]
    list_filter = [StatusFilter, "visibility", "timezone"]
    search_fields = ["title", "public_id", "description"]
    date_hierarchy = "starts_at"
    readonly_fields = ["created_at", "updated_at", "guest_link"]
    fieldsets = [
        (None, {"fields": ["title", "description", "public_id", "guest_link"]}),
        ("When", {"fields": ["timezone", "starts_at", "ends_at"]}),
        ("Who can see it", {"fields": ["visibility", "access_code"]}),
        (
            "Instagram",
            {
                "fields": ["instagram_before", "instagram_after"],
                "description": "Posts made between the start minus the first margin and the "
                "end plus the second appear in the gallery.",
            },
        ),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="starts (local)", ordering="starts_at")
    def local_start(self, event: Event) -> str:
        return event.local_starts_at.strftime("%Y-%m-%d %H:%M %Z")

    @admin.display(description="ends (local)", ordering="ends_at")
    def local_end(self, event: Event) -> str:
        return event.local_ends_at.strftime("%Y-%m-%d %H:%M %Z")

    @admin.display(description="status")
    def status_badge(self, event: Event) -> str:
        status = event.status()
        return format_html(
            '<span style="color:#fff;background:{};padding:2px 8px;border-radius:9px">{}</span>',
            STATUS_COLOURS[status],
            status.label,
        )

    @admin.display(description="guest page")
    def guest_link(self, event: Event) -> str:
        if not event.pk:
            return "(after saving)"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            event.get_absolute_url(),
            event.get_absolute_url(),
        )

    @staticmethod
    def _upload_path(event: Event) -> str:
        return reverse("gallery:upload", kwargs={"public_id": event.public_id})

    def _share_links(self, request: HttpRequest, event: Event) -> dict:
        gallery_url = request.build_absolute_uri(event.get_absolute_url())
        upload_url = request.build_absolute_uri(self._upload_path(event))
        return {
            "event": event,
            "gallery_url": gallery_url,
            "upload_url": upload_url,
            "gallery_qr": qr_svg(gallery_url),
            "upload_qr": qr_svg(upload_url),
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        event = self.get_object(request, object_id)
        if event is not None:
            extra_context = {**(extra_context or {}), "share": self._share_links(request, event)}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/print/",
                self.admin_site.admin_view(self.print_view),
                name="events_event_print",
            )
        ]
        return extra + super().get_urls()

    def print_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = get_object_or_404(Event, pk=pk)
        return TemplateResponse(
            request, "admin/events/event/print.html", self._share_links(request, event)
        )

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        from django.conf import settings

        initial.setdefault("timezone", settings.TIME_ZONE)
        return initial
