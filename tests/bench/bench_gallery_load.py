"""The gallery page and feed.json of a 12,000-item event under load, beside a static file."""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.request

from tests.bench.site import bench_site

DURATION = "10s"
CONNECTIONS = 16


def wrk(url: str) -> dict[str, float | int | str]:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout

    def latency(percent: str) -> str:
        match = re.search(rf"^\s+{percent}%\s+(\S+)", out, re.M)
        return match[1] if match else "?"

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors[1]) if errors else 0,
        "socket": socket[1] if socket else "none",
    }


def run() -> list[str]:
    if not shutil.which("wrk"):
        return ["wrk is not installed (apt-get install wrk): no load figures"]
    lines = []
    with bench_site(uploads=10_000, instagram=2_000, workers=2) as site:
        base = f"{site.url}"
        targets = [
            ("gallery page", f"/g/{site.event}/", "/static/bench-page.txt", site.page_bytes),
            ("feed.json", f"/g/{site.event}/feed.json", "/static/bench-feed.txt", site.feed_bytes),
        ]
        for name, path, static, size in targets:
            urllib.request.urlopen(base + path).read()  # warm the cache, as any visit does
            ours, file = wrk(base + path), wrk(base + static)
            ratio = ours["rps"] / file["rps"]
            lines.append(
                f"{name} ({size / 1024:.0f} KiB): {ours['rps']:.0f} req/s, p50 {ours['p50']}, "
                f"p99 {ours['p99']}, errors {ours['errors']} (socket: {ours['socket']})"
            )
            lines.append(
                f"  same-size static file via WhiteNoise: {file['rps']:.0f} req/s, p50 "
                f"{file['p50']}, p99 {file['p99']}; ratio {ratio:.2f} (goal >= 0.5)"
            )
    lines.append(f"(gunicorn 2 workers, wrk -t2 -c{CONNECTIONS} -d{DURATION}, same machine)")
    return lines
