"""Telling staff: emails, the admin banner, /healthz and instagram_status."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from instagram.alerts import account_alert, accounts_alert
from instagram.crypto import fingerprint
from instagram.models import InstagramAccount, LoginKind
from tests.factory import make_admin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _admins(settings):
    settings.ADMINS = [("Ops", "ops@example.com")]


def make_account(username="sailjada", *, left: timedelta | None = timedelta(days=50), **fields):
    now = timezone.now()
    data = {
        "ig_user_id": f"1784{abs(hash(username)) % 10**10:010d}",
        "username": username,
        "login_kind": LoginKind.INSTAGRAM,
        "token": "IGAAsecret-" + username,
        "token_issued_at": now - timedelta(days=10),
        "token_expires_at": None if left is None else now + left,
    }
    return InstagramAccount.objects.create(**{**data, **fields})


def test_an_email_goes_out_once_when_an_account_becomes_expiring_then_daily(settings):
    account = make_account(left=timedelta(days=13))
    now = timezone.now()
    assert account_alert(account=account, now=now)
    assert len(mail.outbox) == 1
    assert "expiring soon" in mail.outbox[0].subject and "ops@example.com" in mail.outbox[0].to
    assert "IGAAsecret" not in mail.outbox[0].body
    assert not account_alert(account=account, now=now + timedelta(hours=5))
    assert account_alert(account=account, now=now + timedelta(days=1, minutes=1))
    assert "(reminder)" in mail.outbox[1].subject


def test_a_new_status_alerts_at_once_and_recovery_resets(settings):
    account = make_account(left=timedelta(days=13))
    now = timezone.now()
    account_alert(account=account, now=now)
    account.needs_reconnect = True
    account.last_error_code, account.last_error_subcode = 190, 460
    account.last_error_message, account.last_error_at = "password changed", now
    account.save()
    assert account_alert(account=account, now=now + timedelta(minutes=5))
    assert "needs reconnecting" in mail.outbox[1].subject
    assert "password was changed" in mail.outbox[1].body
    account.needs_reconnect, account.last_error_at = False, None
    account.token_expires_at = now + timedelta(days=59)
    account.save()
    assert not account_alert(account=account, now=now + timedelta(minutes=6))
    account.refresh_from_db()
    assert account.alerted_status == ""


def test_healthy_and_merely_erroring_accounts_send_no_email():
    make_account("fine")
    make_account("flaky", last_error_at=timezone.now(), last_error_code=2)
    assert accounts_alert() == 0 and mail.outbox == []


def test_the_admin_shows_a_banner_while_an_account_needs_attention(client):
    client.force_login(make_admin())
    make_account("fine")
    assert "Needs reconnecting" not in client.get("/admin/").content.decode()
    make_account("broken", needs_reconnect=True)
    page = client.get("/admin/events/event/").content.decode()
    assert "Instagram @broken: <strong>Needs reconnecting</strong>" in page


def test_healthz_reports_each_account_and_never_a_secret(client):
    make_account("fine")
    make_account("old", left=timedelta(days=-1))
    body = client.get("/healthz").json()
    assert body["instagram"] == [
        {"username": "fine", "status": "ok"},
        {"username": "old", "status": "expired"},
    ]
    assert "IGAA" not in json.dumps(body)


def test_instagram_status_json_has_the_interface_fields_and_exit_codes(capsys):
    make_account("fine")
    call_command("instagram_status", "--json")  # all healthy: exit 0
    rows = json.loads(capsys.readouterr().out)
    assert set(rows[0]) == {
        "username",
        "ig_user_id",
        "status",
        "token_expires_at",
        "token_refreshed_at",
        "last_sync_at",
        "last_sync_ok",
        "media_count",
        "last_error",
    }
    assert rows[0]["status"] == "ok" and "IGAA" not in json.dumps(rows)
    make_account("soon", left=timedelta(days=3))
    with pytest.raises(SystemExit) as exit_info:
        call_command("instagram_status")
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert "@soon: expiring" in out and "ends in" in out


def test_the_token_is_encrypted_at_rest(settings):
    account = make_account("secret")
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM instagram_instagramaccount WHERE id = %s", [account.pk])
        stored = cursor.fetchone()[0]
    assert "IGAAsecret" not in stored and stored.startswith("gAAAA")
    assert InstagramAccount.objects.get(pk=account.pk).token == "IGAAsecret-secret"


def test_keys_rotate_old_values_still_open(settings):
    from cryptography.fernet import Fernet

    from instagram.crypto import derived_key

    account = make_account("rotate")
    new_key = Fernet.generate_key().decode()
    settings.TOKEN_ENCRYPTION_KEY = [new_key, derived_key(settings.SECRET_KEY).decode()]
    assert InstagramAccount.objects.get(pk=account.pk).token == "IGAAsecret-rotate"
    account.save()  # re-encrypted with the new key
    settings.TOKEN_ENCRYPTION_KEY = [new_key]
    assert InstagramAccount.objects.get(pk=account.pk).token == "IGAAsecret-rotate"


def test_the_admin_shows_a_fingerprint_never_the_token(client):
    client.force_login(make_admin())
    account = make_account("shown", needs_reconnect=True)
    page = client.get(f"/admin/instagram/instagramaccount/{account.pk}/change/").content.decode()
    assert fingerprint("IGAAsecret-shown") in page and "IGAAsecret" not in page
    listing = client.get("/admin/instagram/instagramaccount/").content.decode()
    assert "Connect an Instagram account" in listing and "Needs reconnecting" in listing


def test_refresh_now_from_the_admin(client, graph):
    client.force_login(make_admin())
    fake = graph.add_account("adminrefresh")
    token = graph.issue(fake, age=timedelta(days=3))
    account = make_account(
        "adminrefresh",
        ig_user_id=fake.ig_user_id,
        token=token,
        token_issued_at=timezone.now() - timedelta(days=3),
    )
    response = client.post(
        "/admin/instagram/instagramaccount/",
        {"action": "refresh_now", "_selected_action": [account.pk]},
        follow=True,
    )
    assert "adminrefresh: refreshed" in response.content.decode()
