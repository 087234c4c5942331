"""A throwaway Guest Gallery served by gunicorn, for load and page benchmarks."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Site:
    url: str
    event: str
    page_bytes: int
    feed_bytes: int
    static_root: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def bench_site(*, uploads: int, instagram: int = 0, workers: int = 2) -> Iterator[Site]:
    work = Path(tempfile.mkdtemp(prefix="guestgallery-site-"))
    static_root = work / "static"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DATABASE_URL": f"sqlite:///{work}/db.sqlite3",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(static_root),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "HTTPS_ONLY": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    gunicorn = str(Path(python).with_name("gunicorn"))
    process = None
    try:
        subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [python, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        result = subprocess.run(
            [python, "-m", "tests.bench.populate", str(uploads), str(instagram)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        sizes = json.loads(result.stdout.strip().splitlines()[-1])
        for name, size in (("page", sizes["page_bytes"]), ("feed", sizes["feed_bytes"])):
            (static_root / f"bench-{name}.txt").write_bytes(b"x" * size)
        port = free_port()
        process = subprocess.Popen(
            [
                gunicorn,
                "config.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/static/bench-page.txt", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield Site(url, sizes["event"], sizes["page_bytes"], sizes["feed_bytes"], static_root)
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
