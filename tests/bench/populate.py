"""Fill a benchmark database: python -m tests.bench.populate UPLOADS INSTAGRAM.

A few real photos go through the pipeline; the other rows share their files (the
benchmark measures pages and queries, not disk). Prints the sizes of the pages as JSON.
"""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC, datetime, timedelta

EVENT_ID = "bench-event"
REAL_PHOTOS = 24


def populate(uploads: int, instagram: int) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from events.models import Event, Visibility, events_content_changed
    from gallery.demo_images import scene
    from gallery.models import Photo
    from gallery.services import photo_ingest
    from tests.bench.instagram_rows import instagram_rows_create
    from tests.factory import photo_row

    start = datetime(2026, 7, 4, 10, 0, tzinfo=UTC)
    event = Event.objects.create(
        title="Regatta weekend",
        public_id=EVENT_ID,
        starts_at=start,
        ends_at=start + timedelta(days=2),
        timezone="America/Los_Angeles",
        visibility=Visibility.PUBLIC,
    )
    step = (event.ends_at - event.starts_at) / max(uploads, 1)
    real = []
    for n in range(min(REAL_PHOTOS, uploads)):
        buffer = io.BytesIO()
        scene(n, (1600, 1200)).save(buffer, "JPEG", quality=85)
        outcome = photo_ingest(
            event=event,
            file=SimpleUploadedFile(f"IMG_{n:04d}.JPG", buffer.getvalue()),
            user=None,
            now=start + step * n,
        )
        real.append(outcome.photo)
    rows = []
    for n in range(len(real), uploads):
        model = real[n % len(real)]
        rows.append(
            photo_row(
                event,
                start + step * n,
                original=model.original.name,
                download=model.download.name,
                display=model.display.name,
                thumb=model.thumb.name,
                width=model.width,
                height=model.height,
                placeholder=model.placeholder,
            )
        )
    Photo.objects.bulk_create(rows, batch_size=2000)
    if instagram:
        instagram_rows_create(event, instagram, real)
    events_content_changed([event.pk])
    client = Client(HTTP_HOST="127.0.0.1")
    page = client.get(f"/g/{EVENT_ID}/")
    feed = client.get(f"/g/{EVENT_ID}/feed.json")
    return {"page_bytes": len(page.content), "feed_bytes": len(feed.content), "event": EVENT_ID}


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    print(json.dumps(populate(int(sys.argv[1]), int(sys.argv[2]))))
