"""Images made in the tests with Pillow: orientations, EXIF times, GPS, every format."""

from __future__ import annotations

import io
from datetime import datetime

import pillow_heif
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

pillow_heif.register_heif_opener()

TAG = ExifTags.Base
RED, BLUE = (220, 30, 30), (30, 60, 220)

# How to store an upright picture so that a viewer applying orientation N shows it upright.
STORE_FOR_ORIENTATION = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def upright_picture(size: tuple[int, int] = (240, 160), mode: str = "RGB") -> Image.Image:
    """Blue, with a red block in the top-left quarter: shows which way is up."""
    image = Image.new(mode, size, BLUE if mode == "RGB" else BLUE + (255,))
    block = Image.new(mode, (size[0] // 2, size[1] // 2), RED if mode == "RGB" else RED + (255,))
    image.paste(block, (0, 0))
    return image


def exif_block(
    *,
    orientation: int | None = None,
    taken: str | None = None,
    offset: str | None = None,
    offset_time: str | None = None,
    subsec: str | None = None,
    gps: bool = False,
    make: str = "",
    model: str = "",
) -> Image.Exif:
    exif = Image.Exif()
    if orientation:
        exif[TAG.Orientation] = orientation
    if make:
        exif[TAG.Make] = make
    if model:
        exif[TAG.Model] = model
    ifd = exif.get_ifd(ExifTags.IFD.Exif)
    if taken:
        ifd[TAG.DateTimeOriginal] = taken
    if offset:
        ifd[TAG.OffsetTimeOriginal] = offset
    if offset_time:
        ifd[TAG.OffsetTime] = offset_time
    if subsec:
        ifd[TAG.SubsecTimeOriginal] = subsec
    if gps:
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps_ifd[ExifTags.GPS.GPSLatitude] = (37.0, 46.0, 30.0)
        gps_ifd[ExifTags.GPS.GPSLongitudeRef] = "W"
        gps_ifd[ExifTags.GPS.GPSLongitude] = (122.0, 25.0, 10.0)
    return exif


def image_bytes(
    fmt: str = "JPEG",
    *,
    size: tuple[int, int] = (240, 160),
    orientation: int = 1,
    image: Image.Image | None = None,
    **exif_fields: object,
) -> bytes:
    picture = image if image is not None else upright_picture(size)
    method = STORE_FOR_ORIENTATION[orientation]
    stored = picture.transpose(method) if method is not None else picture
    exif = exif_block(orientation=orientation if orientation != 1 else None, **exif_fields)
    buffer = io.BytesIO()
    options: dict[str, object] = {}
    if orientation != 1 or any(exif_fields.values()):
        options["exif"] = exif.tobytes()
    if fmt == "JPEG":
        options["quality"] = 90
    stored.save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg(**kwargs: object) -> bytes:
    return image_bytes("JPEG", **kwargs)


def png_with_alpha() -> bytes:
    image = upright_picture(mode="RGBA")
    image.putpixel((200, 150), (0, 0, 0, 0))
    transparent = Image.new("RGBA", (60, 40), (0, 0, 0, 0))
    image.paste(transparent, (180, 120))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def animated_gif() -> bytes:
    frames = [upright_picture().convert("P"), Image.new("RGB", (240, 160), RED).convert("P")]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=200,
        loop=0,
        comment=b"secret comment",
    )
    return buffer.getvalue()


def heic(**exif_fields: object) -> bytes:
    return image_bytes("HEIF", **exif_fields)


def upload(content: bytes, name: str = "IMG_0001.JPG", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def open_image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def quadrant_colours(image: Image.Image) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Colour near the top-left corner and near the bottom-right corner."""
    rgb = image.convert("RGB")
    w, h = rgb.size
    return rgb.getpixel((w // 8, h // 8)), rgb.getpixel((w - w // 8, h - h // 8))


def is_red(colour: tuple[int, ...]) -> bool:
    return colour[0] > 150 and colour[2] < 100


def is_blue(colour: tuple[int, ...]) -> bool:
    return colour[2] > 150 and colour[0] < 100


def exif_time(when: datetime) -> str:
    return when.strftime("%Y:%m:%d %H:%M:%S")
