"""One sync benchmark in a fresh process with its own database: python -m tests.bench.sync_run.

Prints JSON: calls and time of an incremental sync (2,000 cached posts, 3 new), and the
peak memory (tracemalloc) of full syncs over 500 and 2,000 posts.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

from tests.bench.isolated import django_setup_isolated


def main(work: Path) -> dict:
    django_setup_isolated(work)
    from django.conf import settings

    from instagram.client import GraphClient
    from instagram.models import InstagramAccount, InstagramMedia, LoginKind
    from instagram.sync import account_sync_media
    from tests.fakes import graph as fake
    from tests.fakes.graph import FakeMedia

    server = fake.FakeGraph().start()
    settings.INSTAGRAM_GRAPH_URL = server.url
    settings.INSTAGRAM_API_VERSION = fake.VERSION
    results: dict = {}
    for size in (500, 2000):
        InstagramMedia.objects.all().delete()
        InstagramAccount.objects.all().delete()
        owner = server.add_account(f"bench{size}")
        owner.media = [
            FakeMedia(id=f"17{size:05d}{n:08d}", timestamp=server.now - timedelta(minutes=n))
            for n in range(size)
        ]
        account = InstagramAccount.objects.create(
            ig_user_id=owner.ig_user_id, username=owner.username, login_kind=LoginKind.INSTAGRAM,
            token=server.issue(owner), token_issued_at=server.now,
            token_expires_at=server.now + timedelta(days=50),
        )  # fmt: skip
        InstagramMedia.objects.bulk_create(
            InstagramMedia(
                account=account, media_id=m.id, media_type="IMAGE", taken_at=m.timestamp,
                thumb="ig/x/thumb.webp", display="ig/x/display.jpg", first_seen_at=server.now,
                last_seen_at=server.now,
            )
            for m in owner.media
        )  # fmt: skip
        if size == 2000:
            owner.media[:0] = [
                FakeMedia(id=f"19{n:015d}", timestamp=server.now + timedelta(minutes=n))
                for n in range(3)
            ]
            client = GraphClient()
            download_seconds = 0.0
            real_download = client.download

            def timed_download(*args, **kwargs):
                nonlocal download_seconds
                started = time.perf_counter()
                try:
                    return real_download(*args, **kwargs)  # noqa: B023
                finally:
                    download_seconds += time.perf_counter() - started

            client.download = timed_download  # noqa: B023 - used within this iteration
            server.calls.clear()
            started = time.perf_counter()
            outcome = account_sync_media(account=account, client=client, now=server.now)
            total = time.perf_counter() - started
            api = [c for c in server.calls if not c[1].startswith("/cdn/")]
            results["incremental"] = {
                "new": outcome.new,
                "api_calls": len(api),
                "downloads": len(server.calls) - len(api),
                "seconds_total": round(total, 3),
                "seconds_without_downloads": round(total - download_seconds, 3),
            }
            server.calls.clear()
            started = time.perf_counter()
            again = account_sync_media(account=account, client=GraphClient(), now=server.now)
            results["nothing_new"] = {
                "api_calls": len(server.calls),
                "seconds": round(time.perf_counter() - started, 3),
                "new": again.new,
            }
        server.page_size = 50
        tracemalloc.start()
        started = time.perf_counter()
        outcome = account_sync_media(account=account, full=True, client=GraphClient(),
                                     now=server.now + timedelta(minutes=5))  # fmt: skip
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results[f"full_{size}"] = {
            "pages": len(owner.media) // 50 + 1,
            "peak_kib": peak // 1024,
            "seconds": round(time.perf_counter() - started, 2),
            "result": outcome.result,
        }
    server.stop()
    return results


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as work:
        print(json.dumps(main(Path(work))))
    sys.exit(0)
