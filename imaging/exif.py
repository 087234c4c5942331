"""What EXIF says about a photo: when it was taken, with what, and which way is up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from PIL import ExifTags, Image

TAG = ExifTags.Base
EXIF_IFD = ExifTags.IFD.Exif

_DATETIME = re.compile(r"^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


@dataclass(frozen=True)
class Capture:
    """The capture time as the camera wrote it: aware when it gave an offset, else naive."""

    when: datetime | None
    has_offset: bool


@dataclass(frozen=True)
class PhotoExif:
    capture: Capture
    orientation: int
    make: str
    model: str


def _text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value or "").replace("\x00", "").strip()


def parse_datetime(value: object) -> datetime | None:
    match = _DATETIME.match(_text(value))
    if not match:
        return None
    try:
        return datetime(*(int(part) for part in match.groups()))
    except ValueError:  # 0000:00:00 00:00:00 and other impossible dates
        return None


def parse_offset(value: object) -> timezone | None:
    text = _text(value)
    if text in {"Z", "+00:00", "-00:00"}:
        return UTC
    match = _OFFSET.match(text)
    if not match:
        return None
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    if delta > timedelta(hours=14):
        return None
    return timezone(-delta if sign == "-" else delta)


def parse_subsec(value: object) -> int:
    """EXIF sub-second digits ("5", "123", "042") as microseconds."""
    digits = "".join(ch for ch in _text(value) if ch.isdigit())[:6]
    return int(digits.ljust(6, "0")) if digits else 0


def read_capture(exif: Image.Exif) -> Capture:
    """DateTimeOriginal (else DateTimeDigitized) with its offset and sub-seconds."""
    ifd = exif.get_ifd(EXIF_IFD)
    pairs = [
        (TAG.DateTimeOriginal, TAG.OffsetTimeOriginal, TAG.SubsecTimeOriginal),
        (TAG.DateTimeDigitized, TAG.OffsetTimeDigitized, TAG.SubsecTimeDigitized),
    ]
    for date_tag, offset_tag, subsec_tag in pairs:
        when = parse_datetime(ifd.get(date_tag))
        if when is None:
            continue
        when = when.replace(microsecond=parse_subsec(ifd.get(subsec_tag)))
        offset = parse_offset(ifd.get(offset_tag)) or parse_offset(ifd.get(TAG.OffsetTime))
        if offset is not None:
            return Capture(when.replace(tzinfo=offset), has_offset=True)
        return Capture(when, has_offset=False)
    return Capture(None, has_offset=False)


def read_orientation(exif: Image.Exif) -> int:
    value = exif.get(TAG.Orientation, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def read_exif(image: Image.Image) -> PhotoExif:
    try:
        exif = image.getexif()
    except Exception:  # noqa: BLE001 - a broken EXIF block must not sink the photo
        exif = Image.Exif()
    return PhotoExif(
        capture=read_capture(exif),
        orientation=read_orientation(exif),
        make=_text(exif.get(TAG.Make))[:64],
        model=_text(exif.get(TAG.Model))[:64],
    )


def minimal_exif(info: PhotoExif) -> bytes:
    """An EXIF block with only orientation, capture time and camera: no location, no serials."""
    exif = Image.Exif()
    if info.orientation != 1:
        exif[TAG.Orientation] = info.orientation
    if info.make:
        exif[TAG.Make] = info.make
    if info.model:
        exif[TAG.Model] = info.model
    when = info.capture.when
    if when is not None:
        ifd = exif.get_ifd(EXIF_IFD)
        ifd[TAG.DateTimeOriginal] = when.strftime("%Y:%m:%d %H:%M:%S")
        if when.microsecond:
            ifd[TAG.SubsecTimeOriginal] = f"{when.microsecond:06d}".rstrip("0")
        if info.capture.has_offset and when.utcoffset() is not None:
            minutes = int(when.utcoffset().total_seconds() // 60)
            sign = "-" if minutes < 0 else "+"
            ifd[TAG.OffsetTimeOriginal] = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return exif.tobytes()
