"""Generated demo photos: sky, sea, sun and a sail, in varied light. Deterministic, so a
second `demo` run produces the same bytes and adds nothing."""

from __future__ import annotations

import colorsys
import io
import random
from datetime import datetime

from PIL import ExifTags, Image, ImageDraw

SIZE = (1600, 1200)


def _hsv(h: float, s: float, v: float) -> tuple[int, int, int]:
    r, g, b = colorsys.hsv_to_rgb(h % 1.0, s, v)
    return int(r * 255), int(g * 255), int(b * 255)


def scene(seed: int, size: tuple[int, int] = SIZE) -> Image.Image:
    rng = random.Random(seed)
    width, height = size
    horizon = int(height * rng.uniform(0.45, 0.62))
    hue = rng.uniform(0.52, 0.66) if seed % 3 else rng.uniform(0.02, 0.10)  # day or sunset
    sky_top, sky_low = _hsv(hue, 0.55, 0.55), _hsv(hue + 0.06, 0.35, 0.95)
    sea_top, sea_low = _hsv(0.55, 0.65, 0.55), _hsv(0.58, 0.8, 0.25)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        top, low, t = (
            (sky_top, sky_low, y / horizon)
            if y < horizon
            else (sea_top, sea_low, (y - horizon) / (height - horizon))
        )
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, low, strict=True)),
        )
    sun_x, sun_r = rng.randint(150, width - 150), rng.randint(50, 110)
    sun_y = horizon - rng.randint(sun_r // 2, horizon // 2)
    draw.ellipse(
        [sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r], fill=_hsv(0.12, 0.5, 1)
    )
    for _ in range(rng.randint(8, 20)):  # glints on the water
        x, y = rng.randint(0, width), rng.randint(horizon + 10, height - 10)
        draw.line([(x, y), (x + rng.randint(20, 90), y)], fill=_hsv(0.12, 0.2, 0.95), width=3)
    boat_x, boat_y = rng.randint(200, width - 300), horizon + rng.randint(40, 160)
    mast = rng.randint(180, 320)
    draw.polygon(
        [(boat_x, boat_y), (boat_x + 8, boat_y - mast), (boat_x + 150, boat_y)],
        fill=(250, 250, 245),
    )
    hull = [(-40, 4), (190, 4), (160, 40), (-15, 40)]
    draw.polygon([(boat_x + dx, boat_y + dy) for dx, dy in hull], fill=(25, 35, 55))
    return image


def demo_photo_bytes(seed: int, taken_local: datetime, *, with_offset: bool) -> bytes:
    """A JPEG whose EXIF says when it was taken (local time, with or without offset)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Demo"
    exif[ExifTags.Base.Model] = "Generated camera"
    ifd = exif.get_ifd(ExifTags.IFD.Exif)
    ifd[ExifTags.Base.DateTimeOriginal] = taken_local.strftime("%Y:%m:%d %H:%M:%S")
    if with_offset and taken_local.utcoffset() is not None:
        minutes = int(taken_local.utcoffset().total_seconds() // 60)
        sign = "-" if minutes < 0 else "+"
        ifd[ExifTags.Base.OffsetTimeOriginal] = (
            f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        )
    buffer = io.BytesIO()
    scene(seed).save(buffer, "JPEG", quality=85, exif=exif.tobytes())
    return buffer.getvalue()
