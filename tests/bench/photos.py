"""Realistic test photos for the benchmarks: phone-sized, with sensor-like noise."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from gallery.demo_images import scene


def phone_jpeg(path: Path, size: tuple[int, int] = (4032, 3024), quality: int = 92) -> Path:
    """A 12-megapixel JPEG about as large as a phone's (a few MB), with EXIF orientation."""
    if path.exists():
        return path
    picture = scene(7, size)
    noise = Image.effect_noise(size, 24).convert("RGB")
    picture = Image.blend(picture, noise, 0.12)
    exif = Image.Exif()
    exif[0x0112] = 1
    picture.save(path, "JPEG", quality=quality, exif=exif.tobytes())
    return path


def big_jpeg(path: Path, target_mb: float = 39.0) -> Path:
    """A JPEG just under the default 40 MB upload limit (noise compresses badly)."""
    if path.exists():
        return path
    size = (7200, 5400)
    noise = Image.effect_noise(size, 90).convert("RGB")
    picture = Image.blend(scene(3, size), noise, 0.5)
    for quality in (100, 99, 98, 97, 96, 95, 92, 88, 84, 80):
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=quality, subsampling=0)
        if buffer.tell() <= target_mb * 1024 * 1024:
            path.write_bytes(buffer.getvalue())
            return path
    path.write_bytes(buffer.getvalue())
    return path
