"""The only code that speaks HTTP to Meta (Instagram Login and Facebook Login hosts).

One requests.Session, a timeout on every call, base URLs and API version from settings,
one exception tree, small dataclasses for answers, and the only retry policy: transient
errors are retried a bounded number of times with backoff; nothing else is retried.
Tokens never appear in a log line, an exception message or a traceback.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import requests
from django.conf import settings

from instagram.answers import (
    FacebookPage,
    Media,
    MediaPage,
    Profile,
    TokenAnswer,
    TokenCheck,
    media_from,
    token_answer,
)
from instagram.errors import (
    BadRequest,
    InstagramError,
    LinkExpired,
    NotConfigured,
    PermissionMissing,
    RateLimited,
    TokenInvalid,
    TooLarge,
    Unavailable,
    error_from,
    int_or_none,
    json_body,
    retry_after,
    scrub,
)

__all__ = [
    "BadRequest", "GraphClient", "InstagramError", "LinkExpired", "NotConfigured",
    "PermissionMissing", "RateLimited", "TokenInvalid", "TooLarge", "Unavailable", "scrub",
]  # fmt: skip

logger = logging.getLogger(__name__)

TIMEOUT = (5, 20)  # connect, read (seconds)
RETRIES = 2  # extra attempts for transient errors
BACKOFF = 1.0  # seconds, doubled each retry
MEDIA_FIELDS = (
    "id,caption,media_type,media_product_type,media_url,thumbnail_url,permalink,timestamp,"
    "username,children{id,media_type,media_url,thumbnail_url}"
)


# --- The client --------------------------------------------------------------------------------


class GraphClient:
    """Calls to Meta. Every method raises an InstagramError subclass on failure."""

    def __init__(
        self,
        *,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        retries: int = RETRIES,
        timeout: tuple[float, float] = TIMEOUT,
    ) -> None:
        self.session = session or requests.Session()
        self.sleep = sleep
        self.retries = retries
        self.timeout = timeout
        self.calls = 0  # HTTP requests made, for budgets and benchmarks
        self.last_usage: dict[str, str | None] = {}

    # -- plumbing --

    @staticmethod
    def graph(facebook: bool = False) -> str:
        base = settings.FACEBOOK_GRAPH_URL if facebook else settings.INSTAGRAM_GRAPH_URL
        return f"{base}/{settings.INSTAGRAM_API_VERSION}"

    def request(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
    ) -> Any:
        """One call with the retry policy; returns the parsed JSON body."""
        attempt = 0
        while True:
            try:
                return self._once(method, url, params=params, data=data)
            except Unavailable as error:
                if attempt >= self.retries:
                    raise
                delay = BACKOFF * 2**attempt
                attempt += 1
                logger.warning("instagram: %s (retry %s in %.0fs)", error.message, attempt, delay)
                self.sleep(delay)

    def _once(self, method: str, url: str, *, params: dict | None, data: dict | None) -> Any:
        self.calls += 1
        where = scrub(url.split("?")[0])
        try:
            response = self.session.request(
                method, url, params=params, data=data, timeout=self.timeout
            )
        except requests.Timeout:
            raise Unavailable(f"Meta did not answer in time ({where})") from None
        except requests.RequestException as exc:
            raise Unavailable(f"could not reach Meta ({where}): {type(exc).__name__}") from None
        try:
            body = json_body(response)
        except Unavailable:
            if response.status_code == 429:
                raise RateLimited("Meta is throttling us", retry_after=retry_after(response),
                                  status=429) from None  # fmt: skip
            raise
        error = error_from(response, body)
        if error is not None:
            logger.info(
                "instagram: %s %s -> %s %s", method, where, response.status_code, error.message
            )
            raise error
        self.last_usage = {
            "app": response.headers.get("X-App-Usage"),
            "business": response.headers.get("X-Business-Use-Case-Usage"),
        }
        return body

    # -- Instagram Login --

    def exchange_code(self, *, code: str, redirect_uri: str) -> TokenAnswer:
        """Authorization code -> short-lived token (api.instagram.com)."""
        _require("IG_APP_ID", "IG_APP_SECRET")
        body = self.request(
            "POST",
            f"{settings.INSTAGRAM_API_URL}/oauth/access_token",
            data={
                "client_id": settings.IG_APP_ID,
                "client_secret": settings.IG_APP_SECRET,
                "grant_type": "authorization_code",
                "redirect_uri": redirect_uri,
                "code": code.removesuffix("#_"),
            },
        )
        return token_answer(body)

    def exchange_short_token(self, short_token: str) -> TokenAnswer:
        """Short-lived (1 hour) -> long-lived (60 days) token. Server side only."""
        _require("IG_APP_SECRET")
        body = self.request(
            "GET",
            f"{settings.INSTAGRAM_GRAPH_URL}/access_token",
            params={
                "grant_type": "ig_exchange_token",
                "client_secret": settings.IG_APP_SECRET,
                "access_token": short_token,
            },
        )
        return token_answer(body)

    def refresh_token(self, long_token: str) -> TokenAnswer:
        """A fresh 60 days for an unexpired long-lived token at least 24 hours old."""
        body = self.request(
            "GET",
            f"{settings.INSTAGRAM_GRAPH_URL}/refresh_access_token",
            params={"grant_type": "ig_refresh_token", "access_token": long_token},
        )
        return token_answer(body)

    def me(self, token: str) -> Profile:
        body = self.request(
            "GET",
            f"{self.graph()}/me",
            params={
                "fields": "id,user_id,username,account_type,media_count,profile_picture_url",
                "access_token": token,
            },
        )
        return Profile(
            user_id=str(body.get("user_id") or body.get("id")),
            username=str(body.get("username") or ""),
            app_scoped_id=str(body.get("id") or ""),
            account_type=str(body.get("account_type") or ""),
            media_count=int_or_none(body.get("media_count")),
            profile_picture_url=str(body.get("profile_picture_url") or ""),
        )  # fmt: skip

    # -- Facebook Login --

    def fb_exchange_user_token(self, token: str) -> TokenAnswer:
        _require("FB_APP_ID", "FB_APP_SECRET")
        body = self.request(
            "GET",
            f"{self.graph(facebook=True)}/oauth/access_token",
            params={
                "grant_type": "fb_exchange_token",
                "client_id": settings.FB_APP_ID,
                "client_secret": settings.FB_APP_SECRET,
                "fb_exchange_token": token,
            },
        )
        return token_answer(body)

    def fb_pages(self, user_token: str) -> list[FacebookPage]:
        url: str | None = f"{self.graph(facebook=True)}/me/accounts"
        params: dict | None = {
            "fields": "id,name,access_token,instagram_business_account{id,username}",
            "access_token": user_token,
        }
        pages = []
        while url:
            body = self.request("GET", url, params=params)
            for page in body.get("data") or []:
                ig = page.get("instagram_business_account") or {}
                pages.append(
                    FacebookPage(
                        page_id=str(page["id"]),
                        name=str(page.get("name") or ""),
                        access_token=str(page.get("access_token") or ""),
                        ig_user_id=str(ig["id"]) if ig.get("id") else None,
                        ig_username=str(ig.get("username") or ""),
                    )
                )
            url, params = (body.get("paging") or {}).get("next"), None
        return pages

    def fb_debug_token(self, token: str) -> TokenCheck:
        _require("FB_APP_ID", "FB_APP_SECRET")
        body = self.request(
            "GET",
            f"{self.graph(facebook=True)}/debug_token",
            params={
                "input_token": token,
                "access_token": f"{settings.FB_APP_ID}|{settings.FB_APP_SECRET}",
            },
        )
        data = body.get("data") or {}
        error = data.get("error") or {}
        expires = data.get("expires_at")
        return TokenCheck(
            is_valid=bool(data.get("is_valid")),
            expires_at=int(expires) if isinstance(expires, int) and expires > 0 else None,
            message=str(error.get("message") or ""),
        )

    def fb_ig_profile(self, *, ig_user_id: str, page_token: str) -> Profile:
        body = self.request(
            "GET",
            f"{self.graph(facebook=True)}/{ig_user_id}",
            params={
                "fields": "id,username,media_count,profile_picture_url",
                "access_token": page_token,
            },
        )
        return Profile(
            user_id=str(body.get("id") or ig_user_id),
            username=str(body.get("username") or ""),
            account_type="BUSINESS",
            media_count=int_or_none(body.get("media_count")),
            profile_picture_url=str(body.get("profile_picture_url") or ""),
        )  # fmt: skip

    # -- Media --

    def media_pages(
        self, *, token: str, facebook: bool, ig_user_id: str, limit: int = 50
    ) -> Iterator[MediaPage]:
        """Newest first, a page at a time, following `paging.next` verbatim."""
        owner = ig_user_id if facebook else "me"  # Facebook Login reads through the Page's id
        url: str | None = f"{self.graph(facebook)}/{owner}/media"
        params: dict | None = {"fields": MEDIA_FIELDS, "limit": limit, "access_token": token}
        while url:
            body = self.request("GET", url, params=params)
            items = tuple(media_from(item) for item in body.get("data") or [])
            url, params = (body.get("paging") or {}).get("next"), None
            yield MediaPage(items=items, next_url=url)

    def media_item(self, *, token: str, facebook: bool, media_id: str) -> Media:
        body = self.request(
            "GET",
            f"{self.graph(facebook)}/{media_id}",
            params={"fields": MEDIA_FIELDS, "access_token": token},
        )
        return media_from(body)

    def download(self, url: str, *, max_bytes: int, sink: Callable[[bytes], None]) -> str:
        """Stream a CDN file into `sink`; returns its content type.

        Raises BadRequest("... expired") for an expired signed link (403), BadRequest for
        a file over max_bytes, Unavailable for transient failures (retried)."""
        attempt = 0
        while True:
            try:
                return self._download_once(url, max_bytes=max_bytes, sink=sink)
            except Unavailable:
                if attempt >= self.retries:
                    raise
                self.sleep(BACKOFF * 2**attempt)
                attempt += 1

    def _download_once(self, url: str, *, max_bytes: int, sink: Callable[[bytes], None]) -> str:
        self.calls += 1
        try:
            with self.session.get(url, timeout=self.timeout, stream=True) as response:
                if response.status_code == 403:
                    raise LinkExpired("the CDN link has expired", status=403)
                if response.status_code >= 500:
                    raise Unavailable(f"the CDN answered HTTP {response.status_code}",
                                      status=response.status_code)  # fmt: skip
                if response.status_code >= 400:
                    raise BadRequest(f"the CDN answered HTTP {response.status_code}",
                                     status=response.status_code)  # fmt: skip
                length = int(response.headers.get("Content-Length") or 0)
                if length > max_bytes:
                    raise TooLarge(f"the file is {length // 1048576} MB, over the limit")
                received = 0
                for chunk in response.iter_content(1024 * 256):
                    received += len(chunk)
                    if received > max_bytes:
                        raise TooLarge("the file is over the size limit")
                    sink(chunk)
                return response.headers.get("Content-Type", "")
        except requests.Timeout:
            raise Unavailable("the CDN did not answer in time") from None
        except requests.RequestException as exc:
            raise Unavailable(f"could not reach the CDN: {type(exc).__name__}") from None


def _require(*names: str) -> None:
    missing = [name for name in names if not getattr(settings, name, "")]
    if missing:
        raise NotConfigured(f"{' and '.join(missing)} must be set for this")
