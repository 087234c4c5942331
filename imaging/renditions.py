"""Decode once, upright, and make the guest renditions from that one decode."""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass
from typing import BinaryIO

import pillow_heif
from PIL import Image

from imaging import ImageRejected
from imaging.exif import PhotoExif, read_exif

pillow_heif.register_heif_opener()

# The lightbox image's long edge lies between these. A JPEG is decoded at the smallest
# scale (1/2, 1/4, 1/8) still at least DISPLAY_MIN_EDGE; when that lands within the range
# (a 12 MP photo at 1/2 is 2016 px), it is the display image as decoded: no resampling.
DISPLAY_MIN_EDGE = 1600
DISPLAY_EDGE = 2048
THUMB_EDGE = 480  # long edge of the grid tile
DISPLAY_QUALITY = 82
THUMB_QUALITY = 72

PILLOW_FORMATS = {
    "jpeg": {"JPEG", "MPO"},
    "png": {"PNG"},
    "gif": {"GIF"},
    "webp": {"WEBP"},
    "heif": {"HEIF"},
}
# Orientation 5-8 turn the picture a quarter: width and height swap.
SWAPS_SIDES = {5, 6, 7, 8}
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError)


@dataclass
class Decoded:
    image: Image.Image  # upright; smaller than full size when decoded at reduced scale
    width: int  # full size, upright
    height: int
    exif: PhotoExif
    full_size: bool


@dataclass(frozen=True)
class Renditions:
    display: bytes
    display_size: tuple[int, int]
    thumb: bytes
    thumb_size: tuple[int, int]
    placeholder: str


def _fit(size: tuple[int, int], edge: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, edge / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def decode(stream: BinaryIO, fmt: str, *, max_pixels: int, full_size: bool = False) -> Decoded:
    """Open and decode an image, checking it on the way.

    JPEGs are decoded at the smallest scale that still covers the display rendition,
    unless `full_size`. Raises ImageRejected for too many pixels, a mismatched format,
    or a damaged or truncated file.
    """
    stream.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(stream)
        except Image.DecompressionBombError:
            raise ImageRejected(_too_many_pixels_message(None, max_pixels)) from None
        except DECODE_ERRORS:
            raise ImageRejected("the image is damaged and cannot be read") from None
        if image.format not in PILLOW_FORMATS[fmt]:
            raise ImageRejected("the file's content does not match an image format we accept")
        width, height = image.size
        if width * height > max_pixels:
            raise ImageRejected(_too_many_pixels_message((width, height), max_pixels))
        exif = read_exif(image)  # pillow-heif applies HEIF rotation itself and reports 1
        try:
            if fmt == "jpeg" and not full_size:
                # In the stored orientation: the decoder knows nothing of EXIF rotation.
                image.draft("RGB", _fit((width, height), DISPLAY_MIN_EDGE))
            image.load()
        except Image.DecompressionBombError:
            raise ImageRejected(_too_many_pixels_message((width, height), max_pixels)) from None
        except DECODE_ERRORS:
            raise ImageRejected("the image is damaged or incomplete (truncated)") from None
    if exif.orientation in SWAPS_SIDES:
        width, height = height, width
    upright = _transpose(image, exif.orientation)
    return Decoded(upright, width, height, exif, full_size=upright.size == (width, height))


def _too_many_pixels_message(size: tuple[int, int] | None, max_pixels: int) -> str:
    limit = f"{max_pixels / 1_000_000:g} megapixels"
    if size is None:
        return f"the image has too many pixels (the limit is {limit})"
    return f"the image has too many pixels ({size[0]} × {size[1]}; the limit is {limit})"


def _transpose(image: Image.Image, orientation: int) -> Image.Image:
    method = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(orientation)
    return image.transpose(method) if method is not None else image


def flatten(image: Image.Image, background: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    """RGB, with any transparency laid on `background`."""
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in {"RGBA", "LA", "PA"}:
        rgba = image.convert("RGBA")
        base = Image.new("RGB", rgba.size, background)
        base.paste(rgba, mask=rgba.getchannel("A"))
        return base
    return image if image.mode == "RGB" else image.convert("RGB")


def _shrink(image: Image.Image, edge: int) -> Image.Image:
    size = _fit(image.size, edge)
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)


def _keeps_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )


def make_renditions(image: Image.Image) -> Renditions:
    """Display JPEG (progressive), thumbnail WebP made from it, and a placeholder colour."""
    display = _shrink(image, DISPLAY_EDGE)
    if _keeps_alpha(display):
        display = display.convert("RGBA")
    thumb = _shrink(display, THUMB_EDGE)
    if not _keeps_alpha(thumb):
        thumb = flatten(thumb)

    display_buffer = io.BytesIO()
    flatten(display).save(
        display_buffer, "JPEG", quality=DISPLAY_QUALITY, progressive=True, optimize=False
    )
    thumb_buffer = io.BytesIO()
    thumb.save(thumb_buffer, "WEBP", quality=THUMB_QUALITY, method=4)
    return Renditions(
        display=display_buffer.getvalue(),
        display_size=display.size,
        thumb=thumb_buffer.getvalue(),
        thumb_size=thumb.size,
        placeholder=placeholder_colour(thumb),
    )


def placeholder_colour(image: Image.Image) -> str:
    red, green, blue = flatten(image).resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return f"#{red:02x}{green:02x}{blue:02x}"


def encode_jpeg(image: Image.Image, *, quality: int = 92, exif: bytes | None = None) -> bytes:
    """A full-size JPEG (for downloads of HEIC and re-oriented images)."""
    buffer = io.BytesIO()
    options = {"quality": quality, "optimize": True, "subsampling": "4:2:0"}
    if exif:
        options["exif"] = exif
    flatten(image).save(buffer, "JPEG", **options)
    return buffer.getvalue()
