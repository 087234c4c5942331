from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def require(condition: bool, reason: str) -> None:
    """Skip a test that needs something missing; in CI, fail instead: nothing may go untested."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"needed in CI: {reason}")
    pytest.skip(reason)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres` need PostgreSQL: on another engine they are deselected (CI
    runs the suite again on PostgreSQL, where they run), never silently skipped."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    selected = [item for item in items if item.get_closest_marker("postgres") is None]
    deselected = [item for item in items if item.get_closest_marker("postgres") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


@pytest.fixture
def graph(settings):
    """The stand-in Graph API on 127.0.0.1, with the settings pointed at it."""
    from django.utils import timezone

    from tests.fakes import graph as fake

    server = fake.FakeGraph().start()
    server.now = timezone.now().replace(microsecond=0)
    settings.INSTAGRAM_GRAPH_URL = server.url
    settings.FACEBOOK_GRAPH_URL = server.url + "/fb"
    settings.INSTAGRAM_API_URL = server.url + "/api"
    settings.INSTAGRAM_AUTHORIZE_URL = server.url + "/oauth/authorize"
    settings.INSTAGRAM_API_VERSION = fake.VERSION
    settings.IG_APP_ID, settings.IG_APP_SECRET = fake.IG_APP_ID, fake.IG_APP_SECRET
    settings.FB_APP_ID, settings.FB_APP_SECRET = fake.FB_APP_ID, fake.FB_APP_SECRET
    yield server
    server.stop()


@pytest.fixture
def client_fast():
    """A GraphClient that does not really sleep between retries (it records the waits)."""
    from instagram.client import GraphClient

    waits: list[float] = []
    client = GraphClient(sleep=waits.append, timeout=(2, 2))
    client.waits = waits
    return client
