from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from gallery.models import Photo, PhotoStatus
from gallery.services import photo_rebuild_renditions, photos_set_status
from imaging import ImageRejected


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "__str__", "event", "taken_local", "status", "uploaded_by"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = ["status", "event", "uploaded_by", "format", "taken_at_source"]
    search_fields = ["original_name", "caption", "camera_model", "sha256", "event__title"]
    list_select_related = ["event", "uploaded_by"]
    list_per_page = 50
    date_hierarchy = "taken_at"
    actions = ["show_photos", "hide_photos", "rebuild_renditions"]
    readonly_fields = [
        "preview", "original_link", "original_name", "format", "size_bytes", "sha256",
        "width", "height", "taken_at", "taken_at_source", "camera_make", "camera_model",
        "placeholder", "uploaded_by", "uploaded_at", "event",
    ]  # fmt: skip
    fields = [
        "preview", "event", "caption", "status", "original_link", "original_name", "format",
        "size_bytes", "sha256", "width", "height", "taken_at", "taken_at_source",
        "camera_make", "camera_model", "placeholder", "uploaded_by", "uploaded_at",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # photos arrive through the upload page, which checks them

    @admin.display(description="")
    def thumbnail(self, photo: Photo) -> str:
        return format_html(
            '<img src="{}" alt="" width="64" height="64" loading="lazy" '
            'style="object-fit:cover;border-radius:6px;background:{}">',
            photo.thumb.url,
            photo.placeholder,
        )

    @admin.display(description="preview")
    def preview(self, photo: Photo) -> str:
        return format_html(
            '<img src="{}" alt="" style="max-width:480px;max-height:480px;background:{}">',
            photo.thumb.url,
            photo.placeholder,
        )

    @admin.display(description="original (with all metadata)")
    def original_link(self, photo: Photo) -> str:
        return format_html('<a href="{}">Download the untouched original</a>', photo.original.url)

    @admin.display(description="taken (event time)", ordering="taken_at")
    def taken_local(self, photo: Photo) -> str:
        return photo.event.localtime(photo.taken_at).strftime("%Y-%m-%d %H:%M:%S %Z")

    @admin.action(description="Show selected photos to guests", permissions=["change"])
    def show_photos(self, request: HttpRequest, queryset: QuerySet[Photo]) -> None:
        count = photos_set_status(photos=queryset, status=PhotoStatus.VISIBLE)
        self.message_user(request, f"{count} photo(s) are visible to guests.", messages.SUCCESS)

    @admin.action(description="Hide selected photos from guests", permissions=["change"])
    def hide_photos(self, request: HttpRequest, queryset: QuerySet[Photo]) -> None:
        count = photos_set_status(photos=queryset, status=PhotoStatus.HIDDEN)
        self.message_user(request, f"{count} photo(s) are hidden from guests.", messages.SUCCESS)

    @admin.action(description="Rebuild renditions of selected photos", permissions=["change"])
    def rebuild_renditions(self, request: HttpRequest, queryset: QuerySet[Photo]) -> None:
        done, failed = 0, []
        for photo in queryset:
            try:
                photo_rebuild_renditions(photo=photo)
                done += 1
            except (ImageRejected, OSError) as error:
                failed.append(f"{photo}: {error}")
        self.message_user(request, f"Rebuilt {done} photo(s).", messages.SUCCESS)
        for failure in failed:
            self.message_user(request, f"Could not rebuild {failure}", messages.ERROR)
