"""Token health: what each account's connection looks like and what to do about it."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from events.admin import EventAdmin
from events.models import Event
from instagram.alerts import account_alert, status_advice, status_summary
from instagram.client import GraphClient
from instagram.models import (
    AccountStatus,
    EventInstagram,
    InstagramAccount,
    InstagramMedia,
    PostState,
)
from instagram.moderation import (
    event_moderation_rows,
    event_post_set,
    media_find,
    media_set_hidden,
)
from instagram.services import account_refresh_token

BADGE_COLOURS = {
    AccountStatus.OK: "#15803d",
    AccountStatus.EXPIRING: "#b45309",
    AccountStatus.EXPIRED: "#b42318",
    AccountStatus.INVALID: "#b42318",
    AccountStatus.ERROR: "#b45309",
}


@admin.register(InstagramAccount)
class InstagramAccountAdmin(admin.ModelAdmin):
    list_display = [
        "__str__", "status_badge", "days_left", "token_refreshed_at", "last_error",
        "last_sync", "cached_posts", "reconnect",
    ]  # fmt: skip
    list_filter = ["login_kind", "needs_reconnect"]
    search_fields = ["username", "ig_user_id"]
    actions = ["refresh_now", "sync_now"]
    readonly_fields = [
        "picture", "username", "ig_user_id", "app_scoped_id", "account_type", "login_kind",
        "page_id", "status_badge", "what_to_do", "token_label", "token_issued_at",
        "token_refreshed_at", "token_expires_at", "refresh_attempted_at", "refresh_failures",
        "needs_reconnect", "last_error_code", "last_error_subcode", "last_error_message",
        "last_error_at", "last_sync_at", "last_sync_ok", "last_sync_summary", "cached_posts",
        "alerted_status", "alerted_at", "created_at",
    ]  # fmt: skip
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # accounts arrive through Connect, instagram_connect or the environment

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm("instagram.delete_instagramaccount")

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        if "delete_selected" in actions:  # Django's, with its confirmation page
            func, name, _ = actions["delete_selected"]
            actions[name] = (func, name, "Disconnect (forget the token and cached posts)")
        return actions

    @admin.display(description="status")
    def status_badge(self, account: InstagramAccount) -> str:
        status = account.status()
        return format_html(
            '<span style="color:#fff;background:{};padding:2px 9px;border-radius:9px;'
            'white-space:nowrap">{}</span>',
            BADGE_COLOURS[status],
            status.label,
        )

    @admin.display(description="days left")
    def days_left(self, account: InstagramAccount) -> str:
        days = account.days_left()
        if days is None:
            return "never" if account.is_facebook and account.token else "unknown"
        return str(days)

    @admin.display(description="last error")
    def last_error(self, account: InstagramAccount) -> str:
        return status_summary(account) or "—"

    @admin.display(description="what to do")
    def what_to_do(self, account: InstagramAccount) -> str:
        return status_advice(account) or "Nothing: the token is renewed automatically."

    @admin.display(description="last sync")
    def last_sync(self, account: InstagramAccount) -> str:
        if not account.last_sync_at:
            return "never"
        return (
            f"{account.last_sync_at:%Y-%m-%d %H:%M} ({'ok' if account.last_sync_ok else 'failed'})"
        )

    @admin.display(description="cached posts")
    def cached_posts(self, account: InstagramAccount) -> int:
        return account.media_count_cached()

    @admin.display(description="token")
    def token_label(self, account: InstagramAccount) -> str:
        if not account.token:
            return "none"
        return f"fingerprint {account.token_fingerprint} (the token itself is never shown)"

    @admin.display(description="profile picture")
    def picture(self, account: InstagramAccount) -> str:
        if not account.profile_picture:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="64" height="64" style="border-radius:50%">',
            account.profile_picture.url,
        )

    @admin.display(description="")
    def reconnect(self, account: InstagramAccount) -> str:
        if account.is_facebook:
            return "manage.py instagram_connect --token EAA..."
        return format_html('<a href="{}">Reconnect</a>', reverse("instagram:connect"))

    @admin.action(description="Refresh now (or check a Page token)", permissions=["change"])
    def refresh_now(self, request: HttpRequest, queryset: QuerySet[InstagramAccount]) -> None:
        client = GraphClient()
        for account in queryset:
            outcome = account_refresh_token(account=account, force=True, client=client)
            account_alert(account=account)
            level = messages.ERROR if outcome.failed else messages.SUCCESS
            if outcome.result == "skipped":
                level = messages.WARNING
            self.message_user(request, f"{account}: {outcome.result}: {outcome.detail}", level)

    @admin.action(description="Sync now (in the background)", permissions=["change"])
    def sync_now(self, request: HttpRequest, queryset: QuerySet[InstagramAccount]) -> None:
        from django.db import transaction
        from django_q.tasks import async_task

        for account in queryset:
            transaction.on_commit(
                lambda pk=account.pk: async_task("instagram.tasks.account_sync", pk)
            )
        self.message_user(request, f"Sync queued for {queryset.count()} account(s).")


# --- Posts --------------------------------------------------------------------------------------


@admin.register(InstagramMedia)
class InstagramMediaAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "taken_at", "account", "media_type", "short_caption", "hidden",
                    "deleted_at", "copy_error"]  # fmt: skip
    list_filter = ["account", "media_type", "hidden", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["caption", "media_id", "permalink"]
    date_hierarchy = "taken_at"
    list_select_related = ["account"]
    actions = ["hide_everywhere", "show_everywhere"]
    readonly_fields = [f.name for f in InstagramMedia._meta.fields if f.name != "hidden"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # posts arrive by sync

    @admin.display(description="")
    def thumbnail(self, media: InstagramMedia) -> str:
        if not media.thumb:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="64" height="64" style="object-fit:cover;background:{}">',
            media.thumb.url,
            media.placeholder,
        )

    @admin.display(description="caption")
    def short_caption(self, media: InstagramMedia) -> str:
        return (media.caption[:80] + "…") if len(media.caption) > 80 else media.caption

    @admin.action(description="Hide from every event", permissions=["change"])
    def hide_everywhere(self, request: HttpRequest, queryset: QuerySet[InstagramMedia]) -> None:
        for media in queryset:
            media_set_hidden(media=media, hidden=True)
        self.message_user(request, f"{queryset.count()} post(s) hidden everywhere.")

    @admin.action(description="Show again", permissions=["change"])
    def show_everywhere(self, request: HttpRequest, queryset: QuerySet[InstagramMedia]) -> None:
        for media in queryset:
            media_set_hidden(media=media, hidden=False)
        self.message_user(request, f"{queryset.count()} post(s) shown again.")


# --- The event admin, with its Instagram posts -------------------------------------------------


class EventInstagramInline(admin.StackedInline):
    model = EventInstagram
    can_delete = False
    max_num = 1
    fields = ["accounts", "hashtags"]
    filter_horizontal = ["accounts"]
    verbose_name = verbose_name_plural = "Instagram"


class EventWithInstagramAdmin(EventAdmin):
    inlines = [EventInstagramInline]
    change_form_template = "admin/events/event/change_form_instagram.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        event = self.get_object(request, object_id)
        if event is not None:
            extra_context = {
                **(extra_context or {}),
                "instagram_rows": event_moderation_rows(event),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/instagram/",
                self.admin_site.admin_view(self.moderate_view),
                name="events_event_instagram",
            )
        ]
        return extra + super().get_urls()

    def moderate_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = get_object_or_404(Event, pk=pk)
        back = HttpResponseRedirect(reverse("admin:events_event_change", args=[pk]) + "#instagram")
        if request.method != "POST" or not self.has_change_permission(request, event):
            raise PermissionDenied
        action, _, media_pk = request.POST.get("instagram_action", "").partition(":")
        if action == "pin-find":
            media = media_find(request.POST.get("instagram_pin", ""))
            if media is None:
                self.message_user(
                    request, "No cached post matches that link or id.", messages.ERROR
                )
                return back
            action = "pin"
        else:
            pk = int(media_pk) if media_pk.isdigit() and len(media_pk) < 19 else None
            media = InstagramMedia.objects.filter(pk=pk).first() if pk else None
        if media is None:
            return back
        if action in ("hide", "pin"):
            state = PostState.HIDDEN if action == "hide" else PostState.PINNED
            event_post_set(event=event, media=media, state=state)
        elif action == "reset":
            event_post_set(event=event, media=media, state=None)
        elif action in ("hide-all", "show-all"):
            media_set_hidden(media=media, hidden=action == "hide-all")
        self.message_user(request, f"Updated {media}.", messages.SUCCESS)
        return back


admin.site.unregister(Event)
admin.site.register(Event, EventWithInstagramAdmin)
