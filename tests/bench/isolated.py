"""Django in a benchmark's own process, on a database and media folder of its own."""

from __future__ import annotations

import os
from pathlib import Path


def django_setup_isolated(work: Path) -> None:
    """Point settings at `work`, start Django, migrate. Call before importing app code."""
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{work}/bench.sqlite3",
            "MEDIA_ROOT": str(work / "media"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
