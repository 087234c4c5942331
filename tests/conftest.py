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
