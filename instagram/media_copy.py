"""Local copies of a post's images and videos, made with the same pipeline as uploads.

CDN URLs are used only here, to download; guests only ever get the local files.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from imaging import ImageRejected
from imaging.renditions import decode, make_renditions
from imaging.sniff import sniff_format
from instagram.client import GraphClient
from instagram.errors import LinkExpired, TooLarge

logger = logging.getLogger(__name__)

IMAGE_MAX_BYTES = 30 * 1024 * 1024
MAX_PIXELS = 50_000_000
VIDEO_BRANDS = (b"ftyp",)


@dataclass
class Copied:
    thumb: str = ""
    display: str = ""
    video: str = ""
    width: int | None = None
    height: int | None = None
    placeholder: str = "#cbd5e1"
    error: str = ""
    stored: tuple[str, ...] = ()


def folder_for(media_id: str) -> str:
    return f"ig/{media_id}-{secrets.token_hex(4)}"


def image_from_bytes(data_stream, folder: str, stem: str = "") -> Copied:
    """Renditions of an image file. Raises ImageRejected."""
    data_stream.seek(0)
    fmt = sniff_format(data_stream.read(64))
    if fmt is None:
        raise ImageRejected("the CDN file is not an image")
    decoded = decode(data_stream, fmt, max_pixels=MAX_PIXELS)
    renditions = make_renditions(decoded.image)
    thumb = default_storage.save(f"{folder}/{stem}thumb.webp", ContentFile(renditions.thumb))
    display = default_storage.save(f"{folder}/{stem}display.jpg", ContentFile(renditions.display))
    return Copied(
        thumb=thumb,
        display=display,
        width=renditions.display_size[0],
        height=renditions.display_size[1],
        placeholder=renditions.placeholder,
        stored=(thumb, display),
    )


def _download(client: GraphClient, url: str, max_bytes: int) -> tempfile.SpooledTemporaryFile:
    spool = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 - caller closes
    try:
        client.download(url, max_bytes=max_bytes, sink=spool.write)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def copy_visual(
    client: GraphClient,
    *,
    media_type: str,
    media_url: str | None,
    thumbnail_url: str | None,
    folder: str,
    stem: str = "",
) -> Copied:
    """Copy one image, or one video and its poster.

    Raises LinkExpired (fetch the post again for fresh links) and other InstagramErrors
    for transient failures; problems with the file itself end up in `Copied.error`."""
    if media_type == "VIDEO":
        poster_url = thumbnail_url or None
        if poster_url is None:
            return Copied(error="no poster image from Instagram")
        with _download(client, poster_url, IMAGE_MAX_BYTES) as poster:
            try:
                copied = image_from_bytes(poster, folder, stem)
            except ImageRejected as error:
                return Copied(error=f"poster: {error}")
        if not media_url:  # a reel with licensed music: poster and a link to Instagram
            copied.error = "no video file from Instagram (licensed music): poster only"
            return copied
        limit = settings.INSTAGRAM_VIDEO_MAX_MB * 1024 * 1024
        try:
            with _download(client, media_url, limit) as video:
                if video.read(12)[4:8] not in VIDEO_BRANDS:
                    copied.error = "the video file is not an MP4: poster only"
                    return copied
                video.seek(0)
                copied.video = default_storage.save(f"{folder}/{stem}video.mp4", File(video))
                copied.stored += (copied.video,)
        except TooLarge:
            copied.error = f"video over {settings.INSTAGRAM_VIDEO_MAX_MB} MB: poster only"
        return copied
    if not media_url:
        return Copied(error="no image URL from Instagram")
    with _download(client, media_url, IMAGE_MAX_BYTES) as image:
        try:
            return image_from_bytes(image, folder, stem)
        except ImageRejected as error:
            return Copied(error=str(error))


def copy_or_renew(client: GraphClient, fetch_fresh, **kwargs) -> Copied:
    """copy_visual, and when a CDN link has expired, fetch the post again and retry once."""
    try:
        return copy_visual(client, **kwargs)
    except LinkExpired:
        fresh = fetch_fresh()
        kwargs |= {"media_url": fresh.media_url, "thumbnail_url": fresh.thumbnail_url}
        try:
            return copy_visual(client, **kwargs)
        except LinkExpired:
            return Copied(error="the CDN link expired again after renewing it")
    except ImageRejected as error:
        return Copied(error=str(error))


def files_delete(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("could not delete %s", name)
