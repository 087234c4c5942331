"""Hook that keeps the queue's schedules in step with the code after every migrate."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS


def schedules_sync_after_migrate(*, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    from django.db import connections

    from config.schedules import schedules_sync

    if using != DEFAULT_DB_ALIAS:
        return
    if "django_q_schedule" not in connections[using].introspection.table_names():
        return
    schedules_sync()
