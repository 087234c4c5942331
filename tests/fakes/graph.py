"""A stand-in for Meta's Graph API, served for real over HTTP on 127.0.0.1.

One server plays the three hosts, told apart by path prefix:
  /                  graph.instagram.com   (INSTAGRAM_GRAPH_URL)
  /api               api.instagram.com     (INSTAGRAM_API_URL)
  /fb                graph.facebook.com    (FACEBOOK_GRAPH_URL)
  /cdn               the CDN (signed links that expire)

It behaves as ../shared/docs/instagram-api.md says: short and long tokens on a clock
the tests move, the refresh rules, /me with both ids, every error shape, HTML and empty
bodies, slow answers, throttling with usage headers, Facebook Login's /me/accounts and
debug_token, media paging, and CDN links that expire. Tests queue failures with `fail()`.
"""

from __future__ import annotations

import io
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from PIL import Image

VERSION = "v24.0"
IG_APP_ID, IG_APP_SECRET = "1234567890", "ig-app-secret"
FB_APP_ID, FB_APP_SECRET = "9876543210", "fb-app-secret"
SHORT_LIFE = timedelta(hours=1)
LONG_LIFE = timedelta(days=60)
LONG_EXPIRES_IN = 5183944


@dataclass
class Token:
    kind: str  # ig_short, ig_long, fb_user_short, fb_user_long, fb_page
    ig_user_id: str
    issued_at: datetime
    expires_at: datetime | None
    dead_subcode: int | None = None  # 458 revoked, 460 password changed, 467 invalid
    page_id: str | None = None


@dataclass
class FakeMedia:
    id: str
    timestamp: datetime
    media_type: str = "IMAGE"
    media_product_type: str = "FEED"
    caption: str | None = "A post"
    permalink: bool = True
    media_url: bool = True  # False: a reel with licensed music
    children: list[FakeMedia] = field(default_factory=list)


@dataclass
class FakeAccount:
    ig_user_id: str
    app_scoped_id: str
    username: str
    account_type: str = "BUSINESS"
    media: list[FakeMedia] = field(default_factory=list)  # newest first
    page_id: str | None = None


@dataclass
class Failure:
    path: str  # matched as a substring of the request path and query
    kind: str  # error, throttle, html502, empty, slow, status
    code: int | None = None
    subcode: int | None = None
    status: int = 400
    wait_minutes: int = 5
    seconds: float = 0.0
    times: int = 1


class FakeGraph:
    def __init__(self) -> None:
        self.now = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
        self.tokens: dict[str, Token] = {}
        self.codes: dict[str, tuple[str, str]] = {}
        self.accounts: dict[str, FakeAccount] = {}
        self.failures: list[Failure] = []
        self.calls: list[tuple[str, str, dict[str, str]]] = []
        self.wrapped_code_answer = False
        self.page_size = 50
        self.cdn_life = timedelta(days=3)
        self.cdn_blobs: dict[str, bytes] = {}
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.url = ""

    # -- set-up helpers for tests --

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def add_account(self, username: str = "sailjada", **kwargs: Any) -> FakeAccount:
        n = len(self.accounts) + 1
        account = FakeAccount(
            ig_user_id=kwargs.pop("ig_user_id", f"178414{n:011d}"),
            app_scoped_id=kwargs.pop("app_scoped_id", f"27640875392278{n:03d}"),  # > 2**53
            username=username,
            **kwargs,
        )
        self.accounts[account.ig_user_id] = account
        return account

    def issue(
        self,
        account: FakeAccount,
        kind: str = "ig_long",
        *,
        age: timedelta = timedelta(0),
        life: timedelta | None = None,
    ) -> str:
        prefix = "IGAA" if kind.startswith("ig") else "EAA"
        token = prefix + secrets.token_urlsafe(24).replace("-", "x").replace("_", "y")
        issued = self.now - age
        if life is None:
            life = {
                "ig_short": SHORT_LIFE,
                "ig_long": LONG_LIFE,
                "fb_user_short": SHORT_LIFE,
                "fb_user_long": LONG_LIFE,
            }.get(kind)
        self.tokens[token] = Token(
            kind,
            account.ig_user_id,
            issued,
            issued + life if life else None,
            page_id=account.page_id,
        )
        return token

    def authorize(self, account: FakeAccount, redirect_uri: str) -> str:
        code = secrets.token_urlsafe(16)
        self.codes[code] = (account.ig_user_id, redirect_uri)
        return code

    def kill(self, token: str, subcode: int | None = 458) -> None:
        self.tokens[token].dead_subcode = subcode

    def fail(self, path: str, kind: str = "error", **kwargs: Any) -> None:
        self.failures.append(Failure(path=path, kind=kind, **kwargs))

    def count(self, path: str) -> int:
        return sum(1 for _, p, _ in self.calls if path in p)

    def cdn_url(
        self,
        key: str,
        *,
        size: tuple[int, int] = (800, 600),
        data: bytes | None = None,
        media_type: str = "IMAGE",
    ) -> str:
        if key not in self.cdn_blobs:  # made when first downloaded, not when linked
            self.cdn_blobs[key] = data if data is not None else size
        expiry = int((self.now + self.cdn_life).timestamp())
        ext = "mp4" if media_type == "VIDEO" else "jpg"
        return f"{self.url}/cdn/{key}.{ext}?oe={expiry:x}&sig=abc"

    # -- serving --

    def start(self) -> FakeGraph:
        graph = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                graph.handle(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                graph.handle(self, "POST")

            def log_message(self, *args: Any) -> None:
                return None

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        split = urlsplit(request.path)
        params = {k: v[-1] for k, v in parse_qs(split.query).items()}
        if method == "POST":
            length = int(request.headers.get("Content-Length") or 0)
            params |= {k: v[-1] for k, v in parse_qs(request.rfile.read(length).decode()).items()}
        with self.lock:
            self.calls.append((method, split.path, params))
            failure = self._failure(request.path)
        if failure is not None:
            return self._fail(request, failure)
        try:
            status, body, headers = self.route(method, split.path, params)
        except GraphError as error:
            status, body, headers = error.status, error.body, {}
        if isinstance(body, bytes):
            return _send(request, status, body, headers.get("Content-Type", "image/jpeg"))
        if isinstance(body, RawText):
            return _send(request, status, body.encode(), "text/plain")
        raw = body if isinstance(body, RawJSON) else json.dumps(body)
        _send(request, status, raw.encode(), "application/json", headers)

    def _failure(self, path: str) -> Failure | None:
        for failure in self.failures:
            if failure.path in path:
                failure.times -= 1
                if failure.times <= 0:
                    self.failures.remove(failure)
                return failure
        return None

    def _fail(self, request: BaseHTTPRequestHandler, failure: Failure) -> None:
        if failure.kind == "slow":
            time.sleep(failure.seconds)
            return _send(request, 200, b'{"data": []}', "application/json")
        if failure.kind == "html502":
            page = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
            return _send(request, 502, page, "text/html")
        if failure.kind == "empty":
            return _send(request, failure.status, b"", "application/json")
        if failure.kind == "throttle":
            usage = {
                "17841400000000001": [
                    {
                        "type": "instagram",
                        "call_count": 100,
                        "total_cputime": 40,
                        "total_time": 60,
                        "estimated_time_to_regain_access": failure.wait_minutes,
                    }
                ]
            }
            body = _error_body("Application request limit reached", failure.code or 4)
            headers = {
                "X-App-Usage": json.dumps(
                    {"call_count": 100, "total_time": 60, "total_cputime": 40}
                ),
                "X-Business-Use-Case-Usage": json.dumps(usage),
            }
            return _send(
                request,
                failure.status if failure.status != 400 else 403,
                json.dumps(body).encode(),
                "application/json",
                headers,
            )
        body = _error_body(
            "An unknown error has occurred." if failure.code in (1, 2) else "Error",
            failure.code or 1,
            failure.subcode,
            transient=failure.code in (1, 2),
        )
        _send(request, failure.status, json.dumps(body).encode(), "application/json")

    # -- the API --

    def route(self, method: str, path: str, p: dict[str, str]) -> tuple[int, Any, dict]:
        if path.startswith("/cdn/"):
            return self.cdn(path, p)
        if path == "/api/oauth/access_token" and method == "POST":
            return self.code_exchange(p)
        facebook = path.startswith("/fb/")
        path = path.removeprefix("/fb")
        if path == "/access_token" and not facebook:
            return self.ig_exchange(p)
        if path == "/refresh_access_token" and not facebook:
            return self.ig_refresh(p)
        if not path.startswith(f"/{VERSION}/"):
            raise GraphError(400, _error_body("Unknown path components", 2500))
        rest = path.removeprefix(f"/{VERSION}/")
        if facebook and rest == "oauth/access_token":
            return self.fb_exchange(p)
        if facebook and rest == "debug_token":
            return self.fb_debug(p)
        token = self.check(p.get("access_token", ""), facebook=facebook)
        account = self.accounts[token.ig_user_id]
        if rest == "me" and not facebook:
            return (
                200,
                {
                    "id": int(account.app_scoped_id),
                    "user_id": account.ig_user_id,
                    "username": account.username,
                    "account_type": account.account_type,
                    "media_count": len(account.media),
                    "profile_picture_url": self.cdn_url(f"pp-{account.username}", size=(150, 150)),
                },
                {},
            )
        if rest == "me/accounts" and facebook:
            return self.fb_accounts(token)
        if rest in ("me/media", f"{account.ig_user_id}/media"):
            return self.media_list(account, p, facebook)
        if rest == account.ig_user_id and facebook:
            return (
                200,
                {
                    "id": account.ig_user_id,
                    "username": account.username,
                    "media_count": len(account.media),
                },
                {},
            )
        for media in account.media:
            if rest == media.id:
                return 200, self.media_json(media), {}
        raise GraphError(400, _error_body("Unsupported get request.", 100, 33))

    def check(self, token_text: str, *, facebook: bool) -> Token:
        if not token_text:
            raise GraphError(400, _error_body("An active access token must be used", 2500))
        if facebook != token_text.startswith("EAA"):
            message = "Invalid OAuth access token - Cannot parse access token"
            raise GraphError(400, _error_body(message, 190))
        token = self.tokens.get(token_text)
        if token is None:
            raise GraphError(400, _error_body("Invalid OAuth access token.", 190, 467))
        if token.dead_subcode:
            raise GraphError(
                400,
                _error_body(
                    "Error validating access token: the user has not authorized application",
                    190,
                    token.dead_subcode,
                ),
            )
        if token.expires_at and token.expires_at <= self.now:
            raise GraphError(
                400, _error_body("Error validating access token: Session has expired", 190, 463)
            )
        return token

    def code_exchange(self, p: dict[str, str]) -> tuple[int, Any, dict]:
        if p.get("client_id") != IG_APP_ID or p.get("client_secret") != IG_APP_SECRET:
            return (
                400,
                {
                    "error_type": "OAuthException",
                    "code": 400,
                    "error_message": "Invalid platform app",
                },
                {},
            )
        entry = self.codes.pop(p.get("code", ""), None)
        if entry is None or entry[1] != p.get("redirect_uri"):
            message = (
                "Invalid authorization code"
                if entry is None
                else "Error validating verification code. "
                "Please make sure your redirect_uri is identical"
            )
            return 400, {"error_type": "OAuthException", "code": 400, "error_message": message}, {}
        account = self.accounts[entry[0]]
        token = self.issue(account, "ig_short")
        if self.wrapped_code_answer:
            return (
                200,
                {
                    "data": [
                        {
                            "access_token": token,
                            "user_id": int(account.app_scoped_id),
                            "permissions": "instagram_business_basic",
                        }
                    ]
                },
                {},
            )
        return (
            200,
            RawJSON(
                f'{{"access_token": "{token}", "user_id": {account.app_scoped_id}, '
                '"permissions": ["instagram_business_basic"]}'
            ),
            {},
        )

    def ig_exchange(self, p: dict[str, str]) -> tuple[int, Any, dict]:
        if p.get("client_secret") != IG_APP_SECRET:
            raise GraphError(400, _error_body("Error validating client secret.", 1))
        token = self.check(p.get("access_token", ""), facebook=False)
        if token.kind != "ig_short":
            raise GraphError(400, _error_body("Invalid OAuth access token.", 190))  # unconfirmed
        new = self.issue(self.accounts[token.ig_user_id], "ig_long")
        return 200, {"access_token": new, "token_type": "bearer", "expires_in": LONG_EXPIRES_IN}, {}

    def ig_refresh(self, p: dict[str, str]) -> tuple[int, Any, dict]:
        if p.get("grant_type") != "ig_refresh_token":
            raise GraphError(400, _error_body("Unsupported grant type", 100))
        token = self.check(p.get("access_token", ""), facebook=False)
        if token.kind != "ig_long":
            raise GraphError(400, _error_body("Only long-lived tokens can be refreshed", 100))
        if self.now - token.issued_at < timedelta(hours=24):
            raise GraphError(400, _error_body("The token is less than 24 hours old", 100))
        new = self.issue(self.accounts[token.ig_user_id], "ig_long")
        return 200, {"access_token": new, "token_type": "bearer", "expires_in": LONG_EXPIRES_IN}, {}

    def fb_exchange(self, p: dict[str, str]) -> tuple[int, Any, dict]:
        if p.get("client_id") != FB_APP_ID or p.get("client_secret") != FB_APP_SECRET:
            raise GraphError(400, _error_body("Error validating client secret.", 1))
        token = self.check(p.get("fb_exchange_token", ""), facebook=True)
        new = self.issue(self.accounts[token.ig_user_id], "fb_user_long")
        return 200, {"access_token": new, "token_type": "bearer", "expires_in": LONG_EXPIRES_IN}, {}

    def fb_accounts(self, token: Token) -> tuple[int, Any, dict]:
        account = self.accounts[token.ig_user_id]
        page_token, other = self.issue(account, "fb_page"), self.issue(account, "fb_page")
        linked = {"id": account.ig_user_id, "username": account.username}
        pages = [
            {"id": "999000111", "name": "Unrelated page", "access_token": other},
            {
                "id": account.page_id or "555000111",
                "name": f"{account.username} page",
                "access_token": page_token,
                "instagram_business_account": linked,
            },
        ]
        return 200, {"data": pages, "paging": {"cursors": {"before": "a", "after": "b"}}}, {}

    def fb_debug(self, p: dict[str, str]) -> tuple[int, Any, dict]:
        if p.get("access_token") != f"{FB_APP_ID}|{FB_APP_SECRET}":
            raise GraphError(400, _error_body("Invalid OAuth access token signature.", 190))
        token = self.tokens.get(p.get("input_token", ""))
        valid = (
            token is not None
            and not token.dead_subcode
            and (token.expires_at is None or token.expires_at > self.now)
        )
        data: dict[str, Any] = {
            "app_id": FB_APP_ID,
            "is_valid": valid,
            "type": "PAGE",
            "expires_at": _unix(token.expires_at if token else None),
        }
        if not valid:
            data["error"] = {
                "code": 190,
                "message": "Error validating access token: The session "
                "has been invalidated because the user changed their password.",
            }
        return 200, {"data": data}, {}

    def media_json(self, media: FakeMedia) -> dict:
        body: dict[str, Any] = {
            "id": media.id,
            "media_type": media.media_type,
            "media_product_type": media.media_product_type,
            "timestamp": media.timestamp.strftime("%Y-%m-%dT%H:%M:%S+0000"),
            "username": "x",
        }
        if media.caption is not None:
            body["caption"] = media.caption
        if media.permalink:
            body["permalink"] = f"https://www.instagram.com/p/{media.id}/"
        if media.media_type == "VIDEO":
            body["thumbnail_url"] = self.cdn_url(f"{media.id}-poster")
            if media.media_url:
                video = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 2000
                body["media_url"] = self.cdn_url(
                    f"{media.id}-video", media_type="VIDEO", data=video
                )
        elif media.media_url:
            body["media_url"] = self.cdn_url(media.id)
        if media.children:
            body["children"] = {
                "data": [
                    {
                        k: v
                        for k, v in self.media_json(child).items()
                        if k in {"id", "media_type", "media_url", "thumbnail_url"}
                    }
                    for child in media.children
                ]
            }
        return body

    def media_list(
        self, account: FakeAccount, p: dict[str, str], facebook: bool
    ) -> tuple[int, Any, dict]:
        limit = min(int(p.get("limit", 25)), self.page_size)
        start = int(p.get("after", "0") or 0)
        chunk = account.media[start : start + limit]
        body: dict[str, Any] = {"data": [self.media_json(m) for m in chunk]}
        if chunk:
            body["paging"] = {"cursors": {"before": str(start), "after": str(start + len(chunk))}}
            if start + len(chunk) < len(account.media):
                prefix = f"{self.url}/fb" if facebook else self.url
                owner = account.ig_user_id if facebook else "me"
                query = urlencode(
                    {
                        "access_token": p["access_token"],
                        "fields": p.get("fields", ""),
                        "limit": limit,
                        "after": start + len(chunk),
                    }
                )
                body["paging"]["next"] = f"{prefix}/{VERSION}/{owner}/media?{query}"
        return 200, body, {}

    def cdn(self, path: str, p: dict[str, str]) -> tuple[int, Any, dict]:
        key = path.removeprefix("/cdn/").rsplit(".", 1)[0]
        expiry = int(p.get("oe", "0"), 16)
        if expiry <= self.now.timestamp():
            raise GraphError(403, RawText("URL signature expired"))
        if key not in self.cdn_blobs:
            raise GraphError(404, RawText("Not found"))
        kind = "video/mp4" if path.endswith(".mp4") else "image/jpeg"
        blob = self.cdn_blobs[key]
        if isinstance(blob, tuple):
            blob = self.cdn_blobs[key] = _jpeg(key, blob)
        return 200, blob, {"Content-Type": kind}


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        return None  # a client that timed out and hung up is part of the tests


class RawJSON(str):
    """A JSON body sent exactly as written (numbers above 2**53 stay numbers)."""


class RawText(str):
    pass


class GraphError(Exception):
    def __init__(self, status: int, body: Any) -> None:
        self.status, self.body = status, body


def _error_body(
    message: str, code: int, subcode: int | None = None, *, transient: bool = False
) -> dict:
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "A" + secrets.token_hex(8),
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    if transient:
        error["is_transient"] = True
    return {"error": error}


def _send(
    request: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    content_type: str,
    headers: dict[str, str] | None = None,
) -> None:
    request.send_response(status)
    request.send_header("Content-Type", content_type)
    request.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        if key != "Content-Type":
            request.send_header(key, value)
    request.end_headers()
    request.wfile.write(body)


def _unix(when: datetime | None) -> int:
    return int(when.timestamp()) if when else 0


def _jpeg(key: str, size: tuple[int, int]) -> bytes:
    seed = sum(map(ord, key))
    colour = (seed * 37 % 256, seed * 91 % 256, seed * 53 % 256)
    buffer = io.BytesIO()
    image = Image.new("RGB", size, colour)
    image.paste(Image.new("RGB", (size[0] // 3, size[1] // 3), (250, 250, 250)), (10, 10))
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()
