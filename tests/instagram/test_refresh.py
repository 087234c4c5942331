"""The refresh policy on its edges, through the stand-in Graph server."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from instagram.models import AccountStatus, InstagramAccount, LoginKind
from instagram.services import account_refresh_token

pytestmark = pytest.mark.django_db


def connected(
    graph,
    *,
    age: timedelta,
    left: timedelta | None = None,
    kind: str = "ig_long",
    refreshed: timedelta | None = None,
) -> InstagramAccount:
    """An account whose token was issued `age` ago and has `left` to live (None: unknown)."""
    fake = graph.fake_account if hasattr(graph, "fake_account") else graph.add_account("sailjada")
    graph.fake_account = fake
    life = None if left is None else age + left
    token = graph.issue(fake, kind, age=age, life=life)
    now = graph.now
    return InstagramAccount.objects.create(
        ig_user_id=fake.ig_user_id,
        username=fake.username,
        login_kind=LoginKind.FACEBOOK if kind.startswith("fb") else LoginKind.INSTAGRAM,
        token=token,
        token_issued_at=now - age,
        token_refreshed_at=None if refreshed is None else now - refreshed,
        token_expires_at=None if left is None else now + left,
    )


def refresh(account, graph, client_fast, force=False):
    return account_refresh_token(account=account, force=force, client=client_fast, now=graph.now)


def test_a_token_23_hours_old_is_not_refreshed(graph, client_fast):
    account = connected(graph, age=timedelta(hours=23), left=timedelta(days=10))
    outcome = refresh(account, graph, client_fast, force=True)
    assert outcome.result == "skipped" and "24 hours" in outcome.detail
    assert graph.count("refresh_access_token") == 0


def test_a_token_24_hours_old_with_few_days_left_is_refreshed_in_one_write(graph, client_fast):
    account = connected(graph, age=timedelta(hours=24), left=timedelta(days=29))
    old = account.token
    outcome = refresh(account, graph, client_fast)
    account.refresh_from_db()
    assert outcome.result == "refreshed"
    assert account.token != old and graph.tokens[account.token].kind == "ig_long"
    assert account.token_expires_at - graph.now == timedelta(seconds=5183944)
    assert account.token_refreshed_at == graph.now
    assert account.status(graph.now) == AccountStatus.OK


def test_30_days_left_is_the_edge(graph, client_fast):
    account = connected(graph, age=timedelta(days=2), left=timedelta(days=30))
    assert refresh(account, graph, client_fast).result == "skipped"
    account.token_expires_at -= timedelta(seconds=1)
    account.save()
    assert refresh(account, graph, client_fast).result == "refreshed"


def test_a_week_after_the_last_refresh_it_is_refreshed_again(graph, client_fast):
    account = connected(graph, age=timedelta(days=6, hours=23), left=timedelta(days=53))
    assert refresh(account, graph, client_fast).result == "skipped"
    graph.advance(hours=1)
    assert refresh(account, graph, client_fast).result == "refreshed"


def test_an_unknown_expiry_is_refreshed_to_learn_it(graph, client_fast):
    account = connected(graph, age=timedelta(days=2), left=None)
    assert refresh(account, graph, client_fast).result == "refreshed"
    account.refresh_from_db()
    assert account.token_expires_at is not None


def test_an_expired_token_is_never_sent_and_shows_expired(graph, client_fast):
    account = connected(graph, age=timedelta(days=61), left=timedelta(days=-1))
    outcome = refresh(account, graph, client_fast, force=True)
    assert outcome.result == "skipped" and "expired" in outcome.detail
    assert graph.count("refresh_access_token") == 0
    assert account.status(graph.now) == AccountStatus.EXPIRED


def test_a_revoked_token_keeps_the_old_token_and_stops_further_attempts(graph, client_fast):
    account = connected(graph, age=timedelta(days=10), left=timedelta(days=20))
    old = account.token
    graph.kill(old, 458)
    outcome = refresh(account, graph, client_fast)
    account.refresh_from_db()
    assert outcome.failed and account.token == old
    assert account.needs_reconnect and account.last_error_code == 190
    assert account.last_error_subcode == 458
    assert account.status(graph.now) == AccountStatus.INVALID
    graph.advance(hours=1)
    assert refresh(account, graph, client_fast, force=True).result == "skipped"
    assert graph.count("refresh_access_token") == 1


@pytest.mark.parametrize(
    ("failure", "kwargs", "calls"),
    [
        ("throttle", {"code": 4}, 1),
        ("error", {"code": 2, "status": 500, "times": 9}, 3),
        ("error", {"code": 1, "status": 500, "times": 9}, 3),
        ("html502", {"times": 9}, 3),
    ],
    ids=["throttled", "a 500", "unknown error", "an HTML body"],
)
def test_a_failed_refresh_keeps_the_old_token_and_records_the_error(
    graph, client_fast, failure, kwargs, calls
):
    account = connected(graph, age=timedelta(days=10), left=timedelta(days=20))
    old = account.token
    graph.fail("refresh_access_token", failure, **kwargs)
    outcome = refresh(account, graph, client_fast)
    account.refresh_from_db()
    assert outcome.failed
    assert account.token == old and not account.needs_reconnect
    assert account.refresh_failures == 1 and account.last_error_message
    assert account.status(graph.now) == AccountStatus.ERROR
    assert graph.count("refresh_access_token") == calls


def test_a_timeout_keeps_the_old_token(graph):
    from instagram.client import GraphClient

    account = connected(graph, age=timedelta(days=10), left=timedelta(days=20))
    graph.fail("refresh_access_token", "slow", seconds=1.2, times=3)
    client = GraphClient(sleep=lambda s: None, timeout=(1, 0.4), retries=1)
    outcome = account_refresh_token(account=account, client=client, now=graph.now)
    assert outcome.failed and "did not answer in time" in outcome.detail
    account.refresh_from_db()
    assert account.last_error_at == graph.now


def test_at_most_one_attempt_per_ten_minutes(graph, client_fast):
    account = connected(graph, age=timedelta(days=10), left=timedelta(days=20))
    graph.fail("refresh_access_token", "throttle", code=4)
    assert refresh(account, graph, client_fast).failed
    graph.advance(minutes=9)
    assert "10 minutes" in refresh(account, graph, client_fast).detail
    graph.advance(minutes=1)
    assert refresh(account, graph, client_fast).result == "refreshed"
    assert graph.count("refresh_access_token") == 2


def test_facebook_page_tokens_are_checked_not_refreshed(graph, client_fast):
    account = connected(graph, age=timedelta(days=100), kind="fb_page")
    outcome = refresh(account, graph, client_fast)
    assert outcome.result == "checked"
    assert graph.count("debug_token") == 1 and graph.count("refresh_access_token") == 0
    graph.kill(account.token, 460)
    graph.advance(minutes=11)
    outcome = refresh(account, graph, client_fast)
    account.refresh_from_db()
    assert outcome.failed and account.needs_reconnect
    assert "password" in account.last_error_message


def test_the_command_refreshes_due_accounts_and_exits_1_on_failure(graph, capsys, settings):
    account = connected(graph, age=timedelta(days=40), left=timedelta(days=20))
    account.token_issued_at = account.token_issued_at.replace(year=2000)  # long ago: due
    account.save()
    call_command("instagram_refresh")
    assert "refreshed" in capsys.readouterr().out
    refreshed = InstagramAccount.objects.get()
    InstagramAccount.objects.update(  # two days later, someone removes the app
        refresh_attempted_at=None,
        token_refreshed_at=refreshed.token_refreshed_at - timedelta(days=2),
    )
    graph.kill(refreshed.token, 458)
    with pytest.raises(CommandError, match="1 account"):
        call_command("instagram_refresh", "--account", "sailjada", "--force")
    with pytest.raises(CommandError, match="No connected Instagram account"):
        call_command("instagram_refresh", "--account", "nobody")


@pytest.mark.postgres  # real concurrent transactions: CI's PostgreSQL passes run it
@pytest.mark.django_db(transaction=True)
def test_two_workers_refreshing_at_once_make_exactly_one_call(graph):
    assert connection.vendor == "postgresql"
    from instagram.client import GraphClient

    account = connected(graph, age=timedelta(days=10), left=timedelta(days=20))
    barrier = threading.Barrier(4)
    outcomes = []

    def worker() -> None:
        from django.db import connections

        mine = InstagramAccount.objects.get(pk=account.pk)
        barrier.wait()
        outcomes.append(
            account_refresh_token(
                account=mine, client=GraphClient(sleep=lambda s: None), now=graph.now
            ).result
        )
        connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refreshed", "skipped", "skipped", "skipped"]
    assert graph.count("refresh_access_token") == 1
