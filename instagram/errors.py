"""Meta's errors as one exception tree, and the scrubbing of secrets from text.

Branch on `code`/`error_subcode`, never on the HTTP status (../shared/docs/instagram-api.md).
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import requests

DEFAULT_THROTTLE_SECONDS = 15 * 60
SECRET_PARAMS = re.compile(
    r"(access_token|client_secret|input_token|fb_exchange_token|code)=[^&\s'\"]+", re.IGNORECASE
)
TOKEN_LIKE = re.compile(r"\b(IGAA|IGQV|EAA)[A-Za-z0-9_\-]{8,}")


def scrub(text: str) -> str:
    """Remove tokens, secrets and codes from text bound for a log or an exception."""
    return TOKEN_LIKE.sub(r"\1***", SECRET_PARAMS.sub(r"\1=***", text))


class ScrubSecrets(logging.Filter):
    """urllib3 logs each request line, query string included, at DEBUG: scrub it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = scrub(record.getMessage()), ()
        return True


logging.getLogger("urllib3.connectionpool").addFilter(ScrubSecrets())


# --- Errors -------------------------------------------------------------------------------


class InstagramError(Exception):
    """Anything that went wrong talking to Meta. `message` is safe to show and store."""

    transient = False

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        subcode: int | None = None,
        status: int | None = None,
    ) -> None:
        self.message = scrub(message)
        self.code = code
        self.subcode = subcode
        self.status = status
        super().__init__(self.message)


class TokenInvalid(InstagramError):
    """Code 190: the token is dead (invalid, expired, revoked, password changed).
    No retry can help: a person must connect again."""

    @property
    def reason(self) -> str:
        return {463: "expired", 458: "revoked", 460: "password_changed"}.get(
            self.subcode or 0, "invalid"
        )


class PermissionMissing(InstagramError):
    """Codes 10 and 200-299: the token lacks a permission; reconnect with the right scope."""


class RateLimited(InstagramError):
    """Codes 4, 17, 32, 613, 80002 (or HTTP 429): wait `retry_after` seconds. Never retried."""

    def __init__(self, message: str, *, retry_after: int, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class Unavailable(InstagramError):
    """Codes 1 and 2, HTTP 5xx, timeouts, connection errors, HTML or empty bodies."""

    transient = True


class BadRequest(InstagramError):
    """Codes 100, 803 and other refusals: a bug or a configuration problem; no retry."""


class NotConfigured(InstagramError):
    """A setting this call needs (an app id or secret) is empty."""


THROTTLE_CODES = {4, 17, 32, 613, 80002}


class LinkExpired(BadRequest):
    """The signed CDN URL has expired ("URL signature expired"): fetch the post again."""


class TooLarge(BadRequest):
    """A download over the configured size limit."""


def int_or_none(value: Any) -> int | None:
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else None


def parse_int(text: str) -> int | str:
    """Numbers above 2**53 (Instagram user ids) stay exact as text."""
    return int(text) if len(text) <= 15 else text


def json_body(response: requests.Response) -> Any:
    content_type = response.headers.get("Content-Type", "")
    body = response.text
    if not body.strip():
        raise Unavailable(f"Meta answered HTTP {response.status_code} with an empty body",
                          status=response.status_code)  # fmt: skip
    if "html" in content_type or body.lstrip().startswith("<"):
        raise Unavailable(f"Meta answered HTTP {response.status_code} with a web page",
                          status=response.status_code)  # fmt: skip
    try:
        return json.loads(body, parse_int=parse_int)
    except ValueError:
        raise Unavailable(f"Meta answered HTTP {response.status_code} with something not JSON",
                          status=response.status_code) from None  # fmt: skip


def retry_after(response: requests.Response) -> int:
    """Seconds to wait, from the usage headers (minutes) or Retry-After; else a default."""
    waits = []
    try:
        usage = json.loads(response.headers.get("X-Business-Use-Case-Usage") or "{}")
        for entries in usage.values():
            for entry in entries:
                waits.append(int(entry.get("estimated_time_to_regain_access", 0)) * 60)
    except (ValueError, TypeError, AttributeError):
        pass
    if response.headers.get("Retry-After", "").isdigit():
        waits.append(int(response.headers["Retry-After"]))
    wait = max(waits, default=0)
    return wait if wait > 0 else DEFAULT_THROTTLE_SECONDS


def error_from(response: requests.Response, body: Any) -> InstagramError | None:
    status = response.status_code
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error = body["error"]
        code, subcode = error.get("code"), error.get("error_subcode")
        code = int(code) if isinstance(code, int | str) and str(code).isdigit() else None
        subcode = (
            int(subcode) if isinstance(subcode, int | str) and str(subcode).isdigit() else None
        )
        message = str(error.get("message") or "Meta refused the request")
        kwargs = {"code": code, "subcode": subcode, "status": status}
        if code == 190:
            return TokenInvalid(message, **kwargs)
        if code in THROTTLE_CODES or status == 429:
            return RateLimited(message, retry_after=retry_after(response), **kwargs)
        if code in (1, 2) or error.get("is_transient") is True:
            return Unavailable(message, **kwargs)
        if code == 10 or (code is not None and 200 <= code <= 299):
            return PermissionMissing(message, **kwargs)
        if status >= 500 and code is None:
            return Unavailable(message, **kwargs)
        return BadRequest(message, **kwargs)
    if isinstance(body, dict) and "error_type" in body:  # api.instagram.com's older shape
        message = str(body.get("error_message") or body["error_type"])
        return BadRequest(message, code=None, status=status)
    if status == 429:
        return RateLimited("Meta is throttling us", retry_after=retry_after(response),
                           status=status)  # fmt: skip
    if status >= 500:
        return Unavailable(f"Meta answered HTTP {status}", status=status)
    if status >= 400:
        return BadRequest(f"Meta answered HTTP {status}", status=status)
    return None
