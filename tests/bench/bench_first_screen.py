"""Bytes a phone downloads for the first screen, and Lighthouse on a 200-item gallery."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from tests.bench.site import bench_site

LIGHTHOUSE_DIR = Path(tempfile.gettempdir()) / "guestgallery-lighthouse"
CHROMIUM = "/usr/bin/chromium"


def transferred(url: str) -> int:
    """Bytes on the wire for one resource, as a phone asks for it (brotli or gzip)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip"})
    with urllib.request.urlopen(request) as response:
        return len(response.read()) + sum(len(k) + len(v) + 4 for k, v in response.headers.items())


def first_screen(url: str) -> tuple[int, dict[str, int]]:
    with urllib.request.urlopen(url) as response:
        html = response.read().decode()
    parts = {"html": transferred(url)}
    base = url.split("/g/")[0]
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    parts["css+js"] = sum(transferred(base + asset) for asset in assets)
    thumbs = re.findall(r'<img src="(/media/[^"]+)"', html)[:24]
    parts["24 thumbnails"] = sum(transferred(base + thumb) for thumb in thumbs)
    return sum(parts.values()), parts


def lighthouse_install() -> Path | None:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary
    if not shutil.which("npm"):
        return None
    LIGHTHOUSE_DIR.mkdir(exist_ok=True)
    subprocess.run(
        ["npm", "install", "--silent", "--no-audit", "--no-fund", "lighthouse@12"],
        cwd=LIGHTHOUSE_DIR,
        check=False,
        capture_output=True,
    )
    return binary if binary.exists() else None


RUNS = 3


def lighthouse_median(url: str) -> dict | str:
    """Median of RUNS runs per category (Lighthouse varies run to run on a busy machine)."""
    runs = [lighthouse(url) for _ in range(RUNS)]
    if any(isinstance(run, str) for run in runs):
        return next(run for run in runs if isinstance(run, str))
    median = {key: sorted(run[key] for run in runs)[RUNS // 2] for key in runs[0] if key[0] != "_"}
    median["_lcp_ms"] = sorted(run["_lcp_ms"] for run in runs)[RUNS // 2]
    median["_failed"] = sorted({audit for run in runs for audit in run["_failed"]})
    median["_runs"] = ", ".join(str(run["performance"]) for run in runs)
    return median


def lighthouse(url: str) -> dict[str, int] | str:
    binary = lighthouse_install()
    if binary is None:
        return "lighthouse could not be installed from npm"
    if not Path(CHROMIUM).exists():
        return "chromium is not installed"
    with tempfile.TemporaryDirectory() as out:
        report = Path(out) / "report.json"
        subprocess.run(
            [
                str(binary),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--chrome-flags=--headless --no-sandbox --disable-gpu "
                "--disable-background-networking --disable-dev-shm-usage",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=False,
            capture_output=True,
        )
        if not report.exists():
            return "lighthouse produced no report"
        data = json.loads(report.read_text())
    scores = {key: round(cat["score"] * 100) for key, cat in data["categories"].items()}
    failed = [
        audit["id"]
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in {"binary", "numeric"}
    ]
    scores["_failed"] = failed  # type: ignore[assignment]
    scores["_lcp_ms"] = round(data["audits"]["largest-contentful-paint"]["numericValue"])
    return scores


def run() -> list[str]:
    with bench_site(uploads=200) as site:
        url = f"{site.url}/g/{site.event}/"
        total, parts = first_screen(url)
        lines = [
            f"first screen on a phone: {total / 1024:.0f} KiB "
            f"({', '.join(f'{k} {v / 1024:.0f} KiB' for k, v in parts.items())}); goal < 1 MB"
        ]
        scores = lighthouse_median(url)
    if isinstance(scores, str):
        lines.append(f"lighthouse: {scores}")
    else:
        lines.append(
            "lighthouse (mobile, 200 items, median of 3): performance {performance} (runs: "
            "{_runs}), accessibility {accessibility}, best practices {best-practices}, SEO {seo}; "
            "LCP {_lcp_ms} ms".format(**scores)
        )
        if scores["_failed"]:
            lines.append(f"  audits below 0.9: {', '.join(scores['_failed'])}")
    return lines
