"""Meta's answers as small dataclasses, and the parsing into them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from instagram.errors import BadRequest, int_or_none


@dataclass(frozen=True)
class TokenAnswer:
    access_token: str = field(repr=False)
    expires_in: int | None = None
    user_id: str | None = None
    permissions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    user_id: str  # the professional account id (1784...): the stable key
    username: str
    app_scoped_id: str = ""
    account_type: str = ""
    media_count: int | None = None
    profile_picture_url: str = ""


@dataclass(frozen=True)
class FacebookPage:
    page_id: str
    name: str
    access_token: str = field(repr=False)
    ig_user_id: str | None
    ig_username: str


@dataclass(frozen=True)
class TokenCheck:
    is_valid: bool
    expires_at: int | None  # unix time; None or 0: never
    message: str = ""


@dataclass(frozen=True)
class MediaChild:
    id: str
    media_type: str
    media_url: str | None
    thumbnail_url: str | None


@dataclass(frozen=True)
class Media:
    id: str
    media_type: str
    media_product_type: str
    timestamp: str
    caption: str
    permalink: str
    media_url: str | None
    thumbnail_url: str | None
    username: str
    children: tuple[MediaChild, ...] = ()


@dataclass(frozen=True)
class MediaPage:
    items: tuple[Media, ...]
    next_url: str | None


def token_answer(body: Any) -> TokenAnswer:
    if isinstance(body, dict) and isinstance(body.get("data"), list) and body["data"]:
        body = body["data"][0]  # the documented, wrapped form of the code exchange
    if not isinstance(body, dict) or not body.get("access_token"):
        raise BadRequest("Meta's answer had no access token")
    permissions = body.get("permissions") or ()
    if isinstance(permissions, str):
        permissions = tuple(p for p in permissions.split(",") if p)
    expires_in = body.get("expires_in")
    user_id = body.get("user_id")
    return TokenAnswer(
        access_token=str(body["access_token"]),
        expires_in=int_or_none(expires_in),
        user_id=str(user_id) if user_id is not None else None,
        permissions=tuple(permissions),
    )  # fmt: skip


def media_from(item: dict) -> Media:
    children = (item.get("children") or {}).get("data") or []
    return Media(
        id=str(item["id"]),
        media_type=str(item.get("media_type") or "IMAGE"),
        media_product_type=str(item.get("media_product_type") or ""),
        timestamp=str(item.get("timestamp") or ""),
        caption=str(item.get("caption") or ""),
        permalink=str(item.get("permalink") or ""),
        media_url=item.get("media_url"),
        thumbnail_url=item.get("thumbnail_url"),
        username=str(item.get("username") or ""),
        children=tuple(
            MediaChild(
                id=str(child["id"]),
                media_type=str(child.get("media_type") or "IMAGE"),
                media_url=child.get("media_url"),
                thumbnail_url=child.get("thumbnail_url"),
            )
            for child in children
        ),
    )
