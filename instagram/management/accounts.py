"""The --account option shared by the Instagram commands."""

from __future__ import annotations

from django.core.management.base import CommandError

from instagram.models import InstagramAccount


def accounts_named(username: str | None) -> list[InstagramAccount] | None:
    """None (every account) without a name; raises CommandError for an unknown one."""
    if not username:
        return None
    accounts = list(InstagramAccount.objects.filter(username=username.lstrip("@")))
    if not accounts:
        raise CommandError(f"No connected Instagram account named {username!r}.")
    return accounts
