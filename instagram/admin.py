"""Token health: what each account's connection looks like and what to do about it."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from instagram.alerts import account_alert, status_advice
from instagram.client import GraphClient
from instagram.models import AccountStatus, InstagramAccount
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
        "last_sync", "cached_posts", "login_kind", "reconnect",
    ]  # fmt: skip
    list_filter = ["login_kind", "needs_reconnect"]
    search_fields = ["username", "ig_user_id"]
    actions = ["refresh_now"]
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
        return status_advice(account) if account.status() != AccountStatus.OK else "—"

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
