"""Queue tasks: thin wrappers that take ids and call the services."""

from __future__ import annotations

from instagram.alerts import accounts_alert
from instagram.models import InstagramAccount
from instagram.services import accounts_refresh
from instagram.sync import accounts_sync


def accounts_refresh_due() -> str:
    outcomes = accounts_refresh()
    return ", ".join(f"{o.account}: {o.result}" for o in outcomes) or "no accounts"


def accounts_alert_task() -> int:
    return accounts_alert()


def account_sync(account_id: int, full: bool = False) -> str:
    account = InstagramAccount.objects.get(pk=account_id)
    (outcome,) = accounts_sync(accounts=[account], full=full)
    return f"{outcome.result}: {outcome.summary()} {outcome.detail}".strip()


def accounts_sync_task(full: bool = False) -> str:
    outcomes = accounts_sync(full=full)
    return "; ".join(f"{o.account}: {o.result} {o.summary()}" for o in outcomes) or "no accounts"


def accounts_sync_full_task() -> str:
    return accounts_sync_task(full=True)
