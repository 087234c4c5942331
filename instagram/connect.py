"""Three ways in, all ending in `account_store`: the admin's Connect button (OAuth), a
pasted token (`instagram_connect --token`), and the environment (IG_USER_ID +
IG_ACCESS_TOKEN)."""

from __future__ import annotations

import io
import logging
import secrets
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from imaging.sniff import sniff_format
from instagram.answers import Profile
from instagram.client import (
    BadRequest,
    GraphClient,
    InstagramError,
    PermissionMissing,
    TokenInvalid,
)
from instagram.crypto import fingerprint
from instagram.models import InstagramAccount, LoginKind

logger = logging.getLogger(__name__)

PROFILE_PICTURE_MAX = 5 * 1024 * 1024
SCOPE = "instagram_business_basic"


class ConnectError(Exception):
    """A connection attempt failed; the message tells a person what to do."""


# --- Storing an account ---------------------------------------------------------------------


def fresh_token_fields(token: str, *, now: datetime, expires_in: int | None) -> dict:
    """A new token is a new start: its times, and every error and wait forgotten."""
    return {
        "token": token,
        "token_issued_at": now,
        "token_refreshed_at": None,
        "token_expires_at": now + timedelta(seconds=expires_in) if expires_in else None,
        "refresh_attempted_at": None,
        "refresh_failures": 0,
        "needs_reconnect": False,
        "last_error_code": None,
        "last_error_subcode": None,
        "last_error_message": "",
        "last_error_at": None,
        "sync_resume_after": None,
    }


def account_store(
    *,
    profile: Profile,
    token: str,
    login_kind: str,
    expires_in: int | None,
    page_id: str = "",
    client: GraphClient | None = None,
    now: datetime | None = None,
) -> InstagramAccount:
    """Create or update the account keyed on its professional id, with a fresh token.
    Clears every error: a new token is a new start."""
    now = now or timezone.now()
    account, _ = InstagramAccount.objects.update_or_create(
        ig_user_id=profile.user_id,
        defaults={
            "app_scoped_id": profile.app_scoped_id,
            "username": profile.username,
            "account_type": profile.account_type,
            "login_kind": login_kind,
            "page_id": page_id,
            **fresh_token_fields(token, now=now, expires_in=expires_in),
        },
    )
    if profile.profile_picture_url:
        account_profile_picture_store(
            account=account, url=profile.profile_picture_url, client=client or GraphClient()
        )
    return account


def account_profile_picture_store(
    *, account: InstagramAccount, url: str, client: GraphClient
) -> None:
    """Keep a local copy of the profile picture (CDN links expire). Best effort."""
    buffer = io.BytesIO()
    try:
        client.download(url, max_bytes=PROFILE_PICTURE_MAX, sink=buffer.write)
    except InstagramError as error:
        logger.info("profile picture of %s not copied: %s", account, error.message)
        return
    if sniff_format(buffer.getvalue()[:64]) not in {"jpeg", "png", "webp"}:
        return
    old = account.profile_picture.name
    name = default_storage.save(
        f"ig/profiles/{account.ig_user_id}-{secrets.token_hex(4)}.jpg",
        ContentFile(buffer.getvalue()),
    )
    account.profile_picture = name
    account.save(update_fields=["profile_picture", "updated_at"])
    if old:
        default_storage.delete(old)


# --- Way in 1: the Connect button (OAuth) -------------------------------------------------------


def oauth_authorize_url(*, redirect_uri: str, state: str) -> str:
    """Raises ConnectError when the Instagram app is not configured."""
    if not settings.IG_APP_ID or not settings.IG_APP_SECRET:
        raise ConnectError(
            "Set IG_APP_ID and IG_APP_SECRET (the Instagram app's id and secret, shown under "
            "Instagram > API setup with Instagram login, not the Facebook app's) first."
        )
    query = urlencode(
        {
            "client_id": settings.IG_APP_ID,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": SCOPE,
            "state": state,
        }
    )
    return f"{settings.INSTAGRAM_AUTHORIZE_URL}?{query}"


def account_connect_code(
    *, code: str, redirect_uri: str, client: GraphClient | None = None
) -> InstagramAccount:
    """Code -> short-lived token -> long-lived token -> /me -> stored account.

    Raises ConnectError with a message for staff."""
    client = client or GraphClient()
    try:
        short = client.exchange_code(code=code, redirect_uri=redirect_uri)
        long = client.exchange_short_token(short.access_token)
        profile = client.me(long.access_token)
    except BadRequest as error:
        raise ConnectError(
            f"Instagram refused the connection: {error.message}. If it mentions the redirect "
            f"URI, register exactly {redirect_uri} in the app."
        ) from None
    except InstagramError as error:
        raise ConnectError(f"Instagram did not complete the connection: {error.message}") from None
    return account_store(
        profile=profile,
        token=long.access_token,
        login_kind=LoginKind.INSTAGRAM,
        expires_in=long.expires_in,
        client=client,
    )


# --- Way in 2: a pasted token (instagram_connect --token) ---------------------------------------


def account_connect_token(
    token: str, *, client: GraphClient | None = None
) -> tuple[list[InstagramAccount], list[str]]:
    """Connect with a pasted token of either product. Returns (accounts, warnings).

    Raises ConnectError for a token of the wrong kind, a dead token or missing settings."""
    client = client or GraphClient()
    token = token.strip()
    if token.startswith("IGQV"):
        raise ConnectError(
            "This is a Basic Display API token (IGQV...): that API stopped working on "
            "4 December 2024. Use a Business or Creator account with Instagram Login (IGAA...)."
        )
    if token.startswith("IGAA"):
        return _connect_instagram_token(token, client)
    if token.startswith("EAA"):
        return _connect_facebook_token(token, client), []
    raise ConnectError(
        "This does not look like an Instagram token: Instagram Login tokens start with IGAA, "
        "Facebook Login tokens with EAA."
    )


def _dead_token(error: InstagramError) -> ConnectError:
    return ConnectError(
        f"Meta does not accept this token ({error.message}). Create a new one and try again."
    )


def _connect_instagram_token(
    token: str, client: GraphClient
) -> tuple[list[InstagramAccount], list[str]]:
    try:
        profile = client.me(token)
    except (TokenInvalid, PermissionMissing, BadRequest) as error:
        raise _dead_token(error) from None
    except InstagramError as error:
        raise ConnectError(f"Could not reach Instagram: {error.message}") from None
    kept, expires_in, warnings = token, None, []
    if not settings.IG_APP_SECRET:
        warnings.append(
            "IG_APP_SECRET is not set, so the token could not be exchanged for a long-lived "
            "one. A token from the app dashboard's 'Generate token' is already long-lived; a "
            "short-lived one stops working within an hour."
        )
    else:
        try:
            answer = client.exchange_short_token(token)
            kept, expires_in = answer.access_token, answer.expires_in
        except (BadRequest, TokenInvalid, PermissionMissing):
            warnings.append(
                "The token is already long-lived: its expiry is unknown until the first "
                "refresh (at least 24 hours from now)."
            )
    account = account_store(
        profile=profile,
        token=kept,
        login_kind=LoginKind.INSTAGRAM,
        expires_in=expires_in,
        client=client,
    )
    return [account], warnings


def _connect_facebook_token(token: str, client: GraphClient) -> list[InstagramAccount]:
    if not settings.FB_APP_ID or not settings.FB_APP_SECRET:
        raise ConnectError(
            "A Facebook Login token (EAA...) needs FB_APP_ID and FB_APP_SECRET (the Facebook "
            "app's id and secret) to exchange it for a long-lived one."
        )
    try:
        user = client.fb_exchange_user_token(token)
        pages = client.fb_pages(user.access_token)
    except (TokenInvalid, PermissionMissing) as error:
        raise _dead_token(error) from None
    except InstagramError as error:
        raise ConnectError(f"Facebook refused the token: {error.message}") from None
    linked = [page for page in pages if page.ig_user_id]
    if not linked:
        raise ConnectError(
            "None of this Facebook user's Pages has an Instagram professional account linked. "
            "Link the Instagram account to a Page, then grant instagram_basic, "
            "pages_show_list and pages_read_engagement."
        )
    accounts = []
    for page in linked:
        try:
            profile = client.fb_ig_profile(ig_user_id=page.ig_user_id, page_token=page.access_token)
        except InstagramError as error:
            raise ConnectError(f"Could not read @{page.ig_username}: {error.message}") from None
        accounts.append(
            account_store(
                profile=profile,
                token=page.access_token,  # a Page token from a long-lived user token never expires
                login_kind=LoginKind.FACEBOOK,
                expires_in=None,
                page_id=page.page_id,
                client=client,
            )
        )
    return accounts


# --- Way in 3: the environment (IG_USER_ID + IG_ACCESS_TOKEN) -----------------------------------


def account_import_from_env(now: datetime | None = None) -> InstagramAccount | None:
    """Import the account named by the environment when it is new or its token changed.

    No network call: the first refresh or sync fills in the profile. After the import the
    database copy is the one that is refreshed and used."""
    user_id, token = settings.IG_USER_ID.strip(), settings.IG_ACCESS_TOKEN.strip()
    if not user_id or not token:
        return None
    mark = fingerprint(token)
    account = InstagramAccount.objects.filter(ig_user_id=user_id).first()
    if account is not None and account.token_from_env == mark:
        return account
    now = now or timezone.now()
    account, _ = InstagramAccount.objects.update_or_create(
        ig_user_id=user_id,
        defaults={
            "token_from_env": mark,
            "login_kind": LoginKind.FACEBOOK if token.startswith("EAA") else LoginKind.INSTAGRAM,
            **fresh_token_fields(token, now=now, expires_in=None),
        },
    )
    logger.info("imported Instagram account %s from the environment", user_id)
    return account
