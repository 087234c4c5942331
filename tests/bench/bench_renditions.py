"""Renditions of one 12-megapixel JPEG: ours against libvips' vipsthumbnail, same sizes."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from imaging.renditions import THUMB_EDGE, decode, make_renditions
from tests.bench.photos import phone_jpeg

RUNS = 7


def ours(path: Path) -> float:
    started = time.perf_counter()
    with path.open("rb") as stream:
        decoded = decode(stream, "jpeg", max_pixels=100_000_000)
        make_renditions(decoded.image)
    return time.perf_counter() - started


def vips(path: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            "vipsthumbnail",
            str(path),
            "-s",
            "2016",
            "-o",
            f"{out}/display.jpg[Q=82,interlace,strip]",
        ],
        check=True,
    )
    subprocess.run(
        ["vipsthumbnail", str(path), "-s", str(THUMB_EDGE), "-o", f"{out}/thumb.webp[Q=72,strip]"],
        check=True,
    )
    return time.perf_counter() - started


def run() -> list[str]:
    work = Path(tempfile.gettempdir()) / "guestgallery-bench"
    work.mkdir(exist_ok=True)
    photo = phone_jpeg(work / "phone-12mp.jpg")
    lines = [f"input: 4032 x 3024 JPEG, {photo.stat().st_size / 1e6:.1f} MB; median of {RUNS} runs"]
    ours(photo)  # warm up imports and caches
    our_times = [ours(photo) for _ in range(RUNS)]
    lines.append(
        f"ours (decode at 1/2 scale = 2016px display JPEG, {THUMB_EDGE}px WebP from it): "
        f"{statistics.median(our_times) * 1000:.0f} ms"
    )
    if not shutil.which("vipsthumbnail"):
        lines.append("vipsthumbnail not installed (apt-get install libvips-tools): no comparison")
        return lines
    with tempfile.TemporaryDirectory() as out:
        vips(photo, Path(out))
        vips_times = [vips(photo, Path(out)) for _ in range(RUNS)]
    ratio = statistics.median(our_times) / statistics.median(vips_times)
    lines.append(
        f"vipsthumbnail (two runs, same sizes): {statistics.median(vips_times) * 1000:.0f} ms"
    )
    lines.append(f"ratio ours / vips: {ratio:.2f} (goal: at most 1.0)")
    return lines
