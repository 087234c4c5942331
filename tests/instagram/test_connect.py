"""Three ways in, all ending in the same stored account."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from instagram.connect import account_import_from_env
from instagram.models import InstagramAccount, LoginKind
from tests.factory import make_admin

pytestmark = pytest.mark.django_db
CALLBACK = "http://testserver/instagram/callback/"


@pytest.fixture
def staff(client):
    client.force_login(make_admin())
    return client


def start_connect(staff) -> dict[str, str]:
    response = staff.get("/instagram/connect/")
    assert response.status_code == 302
    return {k: v[0] for k, v in parse_qs(urlsplit(response["Location"]).query).items()}


# --- the Connect button ---


def test_connect_sends_staff_to_instagram_with_a_state(staff, graph):
    params = start_connect(staff)
    assert params["client_id"] == "1234567890"
    assert params["redirect_uri"] == CALLBACK
    assert params["response_type"] == "code"
    assert params["scope"] == "instagram_business_basic"
    assert len(params["state"]) >= 32


def test_connect_is_for_staff_only(client, graph):
    response = client.get("/instagram/connect/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("wrapped", [False, True])
def test_callback_exchanges_the_code_for_a_long_lived_token(staff, graph, wrapped):
    graph.wrapped_code_answer = wrapped
    fake = graph.add_account("sailjada")
    state = start_connect(staff)["state"]
    code = graph.authorize(fake, CALLBACK)
    response = staff.get("/instagram/callback/", {"code": code + "#_", "state": state})
    account = InstagramAccount.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/instagram/instagramaccount/{account.pk}/change/"
    assert account.ig_user_id == fake.ig_user_id
    assert account.app_scoped_id == fake.app_scoped_id
    assert account.username == "sailjada" and account.login_kind == LoginKind.INSTAGRAM
    assert graph.tokens[account.token].kind == "ig_long"
    assert (account.token_expires_at - account.token_issued_at).days == 59
    assert account.profile_picture.name.startswith("ig/profiles/")


def test_callback_refuses_a_wrong_state(staff, graph):
    start_connect(staff)
    response = staff.get("/instagram/callback/", {"code": "x", "state": "forged"}, follow=True)
    assert "could not be verified" in response.content.decode()
    assert not InstagramAccount.objects.exists()
    assert graph.count("/oauth/access_token") == 0


def test_callback_handles_a_refusal(staff, graph):
    state = start_connect(staff)["state"]
    response = staff.get(
        "/instagram/callback/",
        {
            "error": "access_denied",
            "error_reason": "user_denied",
            "error_description": "Permissions+error",
            "state": state,
        },
        follow=True,
    )
    assert "Instagram connection cancelled: Permissions error." in response.content.decode()


def test_callback_explains_a_redirect_uri_mismatch(staff, graph):
    fake = graph.add_account()
    state = start_connect(staff)["state"]
    code = graph.authorize(fake, "https://elsewhere.test/cb/")
    response = staff.get("/instagram/callback/", {"code": code, "state": state}, follow=True)
    assert "register exactly http://testserver/instagram/callback/" in response.content.decode()


def test_connect_without_app_settings_says_what_to_set(staff, graph, settings):
    settings.IG_APP_SECRET = ""
    response = staff.get("/instagram/connect/", follow=True)
    assert "Set IG_APP_ID and IG_APP_SECRET" in response.content.decode()


# --- instagram_connect --token ---


def connect_cmd(token: str, capsys) -> tuple[str, str]:
    call_command("instagram_connect", "--token", token)
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_a_short_lived_token_is_exchanged(graph, capsys):
    fake = graph.add_account("sailjada")
    out, _ = connect_cmd(graph.issue(fake, "ig_short"), capsys)
    account = InstagramAccount.objects.get()
    assert graph.tokens[account.token].kind == "ig_long"
    assert account.token_expires_at is not None
    assert "Connected @sailjada" in out and "token valid until" in out


def test_a_long_lived_token_is_kept_with_unknown_expiry(graph, capsys):
    fake = graph.add_account("sailjada")
    token = graph.issue(fake, "ig_long")
    out, err = connect_cmd(token, capsys)
    account = InstagramAccount.objects.get()
    assert account.token == token and account.token_expires_at is None
    assert "already long-lived" in err and "expiry unknown" in out


def test_a_token_without_the_app_secret_warns(graph, capsys, settings):
    settings.IG_APP_SECRET = ""
    fake = graph.add_account()
    _, err = connect_cmd(graph.issue(fake, "ig_short"), capsys)
    assert "IG_APP_SECRET is not set" in err
    assert InstagramAccount.objects.count() == 1


def test_a_facebook_login_token_connects_through_the_page(graph, capsys):
    fake = graph.add_account("sailjada", page_id="555000111")
    out, _ = connect_cmd(graph.issue(fake, "fb_user_short"), capsys)
    account = InstagramAccount.objects.get()
    assert account.login_kind == LoginKind.FACEBOOK and account.page_id == "555000111"
    assert graph.tokens[account.token].kind == "fb_page"
    assert account.token_expires_at is None
    assert "Page token (does not expire)" in out


def test_a_facebook_token_without_fb_settings_is_refused(graph, settings):
    settings.FB_APP_SECRET = ""
    fake = graph.add_account()
    with pytest.raises(CommandError, match="FB_APP_ID and FB_APP_SECRET"):
        call_command("instagram_connect", "--token", graph.issue(fake, "fb_user_short"))


@pytest.mark.parametrize(
    ("token", "message"),
    [("IGQVJWabc123", "Basic Display API"), ("hello", "does not look like an Instagram token")],
)
def test_tokens_of_the_wrong_kind_are_refused(graph, token, message):
    with pytest.raises(CommandError, match=message):
        call_command("instagram_connect", "--token", token)


def test_a_dead_token_is_refused_with_a_clear_error(graph):
    fake = graph.add_account()
    token = graph.issue(fake)
    graph.kill(token, 460)
    with pytest.raises(CommandError, match="Meta does not accept this token"):
        call_command("instagram_connect", "--token", token)
    assert not InstagramAccount.objects.exists()


def test_connecting_again_updates_the_same_account(graph, capsys):
    fake = graph.add_account("sailjada")
    connect_cmd(graph.issue(fake), capsys)
    InstagramAccount.objects.update(needs_reconnect=True, last_error_message="dead")
    connect_cmd(graph.issue(fake), capsys)
    account = InstagramAccount.objects.get()
    assert not account.needs_reconnect and account.last_error_message == ""


# --- the environment ---


def test_the_environment_account_is_imported_once_then_managed_in_the_database(settings):
    settings.IG_USER_ID, settings.IG_ACCESS_TOKEN = "17841400000000099", "IGAAfromtheenvironment1"
    account = account_import_from_env()
    assert account.token == "IGAAfromtheenvironment1" and account.login_kind == LoginKind.INSTAGRAM
    account.token = "IGAArefreshedindatabase2"
    account.save()
    assert account_import_from_env().token == "IGAArefreshedindatabase2"  # unchanged env: kept
    settings.IG_ACCESS_TOKEN = "IGAAnewvalueintheenv3"
    assert account_import_from_env().token == "IGAAnewvalueintheenv3"  # changed env: imported
    assert InstagramAccount.objects.count() == 1


def test_migrate_imports_the_environment_account(settings):
    settings.IG_USER_ID, settings.IG_ACCESS_TOKEN = "17841400000000098", "IGAAfromenvatmigrate"
    call_command("migrate", verbosity=0)
    assert InstagramAccount.objects.filter(ig_user_id="17841400000000098").exists()
