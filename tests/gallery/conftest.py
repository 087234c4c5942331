from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gallery.services import IngestOutcome, photo_ingest
from tests.factory import make_event, make_user
from tests.images import upload

NOW = datetime(2026, 7, 5, 3, 30, tzinfo=UTC)


@pytest.fixture
def event(db):
    return make_event(
        public_id="sunset-0704",
        starts_at=datetime(2026, 7, 5, 0, 0, tzinfo=UTC),  # 17:00 in Los Angeles
        timezone="America/Los_Angeles",
    )


@pytest.fixture
def crew(db):
    return make_user("crew", perms=["gallery.add_photo"])


@pytest.fixture
def ingest(event, crew):
    def run(
        data: bytes, name: str = "IMG_0001.JPG", *, to=None, caption: str = ""
    ) -> IngestOutcome:
        return photo_ingest(
            event=to or event, file=upload(data, name), user=crew, caption=caption, now=NOW
        )

    return run


def media_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
