"""Instagram sync: calls and time with 2,000 cached posts and 3 new; full-sync memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def run() -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench.sync_run"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    inc, none = figures["incremental"], figures["nothing_new"]
    small, large = figures["full_500"], figures["full_2000"]
    return [
        f"2,000 cached + 3 new: {inc['api_calls']} Graph API call(s) + {inc['downloads']} "
        f"downloads; {inc['seconds_without_downloads'] * 1000:.0f} ms without downloads "
        f"({inc['seconds_total'] * 1000:.0f} ms with them); goal < 1 s",
        f"nothing new: {none['api_calls']} call, {none['seconds'] * 1000:.0f} ms",
        f"full sync peak memory (tracemalloc): {small['peak_kib']} KiB over 500 posts "
        f"({small['pages']} pages, {small['seconds']} s), {large['peak_kib']} KiB over 2,000 "
        f"({large['pages']} pages, {large['seconds']} s)",
    ]
