"""instagram/client.py against the stand-in Graph server, over real HTTP."""

from __future__ import annotations

import logging
import traceback

import pytest

from instagram.client import (
    BadRequest,
    GraphClient,
    NotConfigured,
    PermissionMissing,
    RateLimited,
    TokenInvalid,
    Unavailable,
    scrub,
)


@pytest.fixture
def account(graph):
    return graph.add_account("sailjada")


def test_me_reads_both_ids_and_keeps_big_numbers_exact(graph, account, client_fast):
    token = graph.issue(account)
    profile = client_fast.me(token)
    assert profile.user_id == account.ig_user_id
    assert profile.app_scoped_id == account.app_scoped_id  # above 2**53, exact
    assert int(profile.app_scoped_id) > 2**53
    assert profile.username == "sailjada" and profile.account_type == "BUSINESS"


@pytest.mark.parametrize("wrapped", [False, True])
def test_code_exchange_accepts_flat_and_wrapped_answers(graph, account, client_fast, wrapped):
    graph.wrapped_code_answer = wrapped
    code = graph.authorize(account, "https://x.test/instagram/callback/")
    answer = client_fast.exchange_code(
        code=code + "#_", redirect_uri="https://x.test/instagram/callback/"
    )
    assert answer.access_token.startswith("IGAA")
    assert answer.user_id == account.app_scoped_id
    assert answer.permissions == ("instagram_business_basic",)


def test_code_exchange_errors_in_the_older_shape_are_bad_requests(graph, account, client_fast):
    with pytest.raises(BadRequest, match="Invalid authorization code"):
        client_fast.exchange_code(code="nope", redirect_uri="https://x.test/cb/")


def test_short_token_exchange_and_refresh(graph, account, client_fast):
    short = graph.issue(account, "ig_short")
    long = client_fast.exchange_short_token(short)
    assert long.expires_in == 5183944
    exchange = graph.calls[-1]
    assert exchange[2]["grant_type"] == "ig_exchange_token" and "client_id" not in exchange[2]
    graph.advance(days=2)
    refreshed = client_fast.refresh_token(long.access_token)
    assert refreshed.access_token != long.access_token


@pytest.mark.parametrize(
    ("subcode", "reason"),
    [(463, "expired"), (458, "revoked"), (460, "password_changed"), (467, "invalid")],
)
def test_code_190_is_a_dead_token_with_its_reason(graph, account, client_fast, subcode, reason):
    token = graph.issue(account)
    graph.kill(token, subcode)
    with pytest.raises(TokenInvalid) as info:
        client_fast.me(token)
    assert info.value.reason == reason
    assert graph.count("/me") == 1  # never retried


def test_a_token_sent_to_the_other_products_host_is_refused_as_unparsable(
    graph, account, client_fast
):
    token = graph.issue(account)
    with pytest.raises(TokenInvalid, match="Cannot parse access token"):
        client_fast.fb_pages(token)


@pytest.mark.parametrize("code", [4, 17, 32, 613, 80002])
def test_throttling_is_never_retried_and_says_how_long_to_wait(graph, account, client_fast, code):
    graph.fail("/me", "throttle", code=code, wait_minutes=7)
    with pytest.raises(RateLimited) as info:
        client_fast.me(graph.issue(account))
    assert info.value.retry_after == 7 * 60
    assert graph.count("/me") == 1 and client_fast.waits == []


@pytest.mark.parametrize("code", [1, 2])
def test_transient_errors_are_retried_with_backoff_then_succeed(graph, account, client_fast, code):
    graph.fail("/me", "error", code=code, status=500, times=2)
    assert client_fast.me(graph.issue(account)).username == "sailjada"
    assert graph.count("/me") == 3 and client_fast.waits == [1.0, 2.0]


def test_transient_errors_stop_after_a_bounded_number_of_tries(graph, account, client_fast):
    graph.fail("/me", "error", code=2, status=500, times=10)
    with pytest.raises(Unavailable):
        client_fast.me(graph.issue(account))
    assert graph.count("/me") == 3


def test_an_html_502_is_transient(graph, account, client_fast):
    graph.fail("/me", "html502", times=5)
    with pytest.raises(Unavailable, match="web page"):
        client_fast.me(graph.issue(account))
    assert graph.count("/me") == 3


def test_an_empty_body_is_transient(graph, account, client_fast):
    graph.fail("/me", "empty", status=500)
    assert client_fast.me(graph.issue(account)).username == "sailjada"


def test_a_slow_answer_times_out_as_unavailable(graph, account):
    graph.fail("/me", "slow", seconds=1.5, times=3)
    client = GraphClient(sleep=lambda s: None, timeout=(1, 0.5), retries=1)
    with pytest.raises(Unavailable, match="did not answer in time"):
        client.me(graph.issue(account))


@pytest.mark.parametrize(
    ("code", "error"),
    [(10, PermissionMissing), (200, PermissionMissing), (100, BadRequest), (803, BadRequest)],
)
def test_other_codes_map_to_their_exceptions(graph, account, client_fast, code, error):
    graph.fail("/me", "error", code=code)
    with pytest.raises(error):
        client_fast.me(graph.issue(account))
    assert graph.count("/me") == 1


def test_missing_app_secret_is_not_configured(graph, account, client_fast, settings):
    settings.IG_APP_SECRET = ""
    with pytest.raises(NotConfigured, match="IG_APP_SECRET"):
        client_fast.exchange_short_token(graph.issue(account, "ig_short"))


def test_tokens_never_reach_logs_messages_or_tracebacks(graph, account, caplog, settings):
    token = graph.issue(account)
    settings.INSTAGRAM_GRAPH_URL = "http://127.0.0.1:9"  # nothing listens: requests fails
    client = GraphClient(sleep=lambda s: None, timeout=(0.5, 0.5))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(Unavailable) as info:
        client.me(token)
    text = "".join(traceback.format_exception(info.value)) + caplog.text + str(info.value)
    assert token not in text
    graph.kill(token, 458)
    settings.INSTAGRAM_GRAPH_URL = graph.url
    with pytest.raises(TokenInvalid) as info:
        client.refresh_token(token)
    text = "".join(traceback.format_exception(info.value)) + caplog.text
    assert token not in text


def test_scrub_removes_tokens_secrets_and_codes():
    text = "GET /x?access_token=IGAAabcdef123456&client_secret=s3cret&code=AQD4 EAAsecretsecret12"
    assert scrub(text) == "GET /x?access_token=***&client_secret=***&code=*** EAA***"
