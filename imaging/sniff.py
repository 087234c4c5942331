"""Decide what a file is from its bytes, and scan it once for hash and hidden payloads."""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from imaging import ImageRejected

SUPPORTED_MESSAGE = "not a supported image (JPEG, PNG, WebP, HEIC, GIF)"
CHUNK = 1024 * 1024

# ISO-BMFF brands that pillow-heif reads as HEIC/HEIF stills.
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}

# Markers of content that a browser, a PDF reader or an interpreter would act on.
ACTIVE_CONTENT = re.compile(
    rb"<script|<html|<\?php|<!doctype|<iframe|<svg[\s>]|<body|%PDF-|javascript:", re.IGNORECASE
)


@dataclass(frozen=True)
class Scan:
    sha256: str
    size: int


def sniff_format(head: bytes) -> str | None:
    """'jpeg', 'png', 'gif', 'webp', 'heif' or None, from the first bytes of a file."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        brands = {head[8:12]} | {head[i : i + 4] for i in range(16, min(len(head), 48), 4)}
        if head[8:12] in HEIF_BRANDS or (brands & HEIF_BRANDS and b"avif" not in head[8:12]):
            return "heif"
    return None


def describe_unsupported(head: bytes) -> str:
    """A plain-words reason for a file that is not one of our formats."""
    lowered = head[:512].lstrip().lower()
    if not head.strip(b"\x00 \t\r\n"):
        return "the file is empty"
    if lowered.startswith(b"%pdf"):
        return f"a PDF document is {SUPPORTED_MESSAGE}"
    if lowered.startswith((b"<svg", b"<?xml")) or b"<svg" in lowered:
        return f"an SVG drawing is {SUPPORTED_MESSAGE}"
    if lowered.startswith((b"<!doctype", b"<html")):
        return f"a web page is {SUPPORTED_MESSAGE}"
    if head.startswith(b"PK\x03\x04"):
        return f"a ZIP archive is {SUPPORTED_MESSAGE}"
    if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        return f"AVIF is {SUPPORTED_MESSAGE}"
    if head[4:8] == b"ftyp":
        return f"a video is {SUPPORTED_MESSAGE}"
    return SUPPORTED_MESSAGE


def scan(stream: BinaryIO) -> Scan:
    """Hash the whole file in one streamed pass.

    Raises ImageRejected for a file that is also a ZIP archive (a polyglot).
    """
    stream.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    if zipfile.is_zipfile(stream):
        raise ImageRejected("the file hides a ZIP archive inside the image")
    stream.seek(0)
    return Scan(sha256=digest.hexdigest(), size=size)


class HiddenContentScanner:
    """Refuses a polyglot: a script, web page or PDF at the start of the file (where
    browsers and readers sniff), in its metadata, or after the end of the image.

    Feed it the file's first kilobyte and every region a stripper drops; it raises
    ImageRejected at the first sign. Compressed pixels are not searched: they are random
    enough to contain short markers by chance.
    """

    OVERLAP = 16

    def __init__(self) -> None:
        self.tail = b""

    def __call__(self, data: bytes) -> None:
        window = self.tail + data
        found = ACTIVE_CONTENT.search(window)
        if found:
            what = found.group().decode("latin-1").strip("<%:").lower()
            raise ImageRejected(f"the file hides other content ({what}) inside the image")
        self.tail = window[-self.OVERLAP :]
