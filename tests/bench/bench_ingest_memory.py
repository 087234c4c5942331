"""Peak memory of ingesting a 12-megapixel JPEG and a 40 MB file through the upload endpoint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench.photos import big_jpeg, phone_jpeg


def measure(photo: Path, work: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench.ingest_memory", str(photo), str(work)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run() -> list[str]:
    cache = Path(tempfile.gettempdir()) / "guestgallery-bench"
    cache.mkdir(exist_ok=True)
    photos = [phone_jpeg(cache / "phone-12mp.jpg"), big_jpeg(cache / "big-40mb.jpg")]
    lines = []
    for photo in photos:
        with tempfile.TemporaryDirectory() as work:
            figures = measure(photo, Path(work))
        accepted = figures["answer"]["accepted"]
        grown = (figures["peak_kib"] - figures["baseline_kib"]) / 1024
        lines.append(
            f"{photo.name} ({photo.stat().st_size / 1e6:.1f} MB): HTTP {figures['status']}, "
            f"{'accepted' if accepted else figures['answer']}; peak RSS "
            f"{figures['peak_kib'] / 1024:.0f} MiB (process baseline "
            f"{figures['baseline_kib'] / 1024:.0f} MiB, +{grown:.0f} MiB for the upload)"
        )
    return lines
