"""/healthz and the queue heartbeat behind it."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

HEARTBEAT_FUNC = "config.health.heartbeat"


def heartbeat() -> str:
    """A no-op task run every minute: its recorded success proves the worker is alive."""
    return timezone.now().isoformat()


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return False


def queue_ok() -> bool:
    """True when the worker finished a heartbeat within QUEUE_HEARTBEAT_MAX_AGE seconds."""
    from django_q.models import Success

    since = timezone.now() - timedelta(seconds=settings.QUEUE_HEARTBEAT_MAX_AGE)
    try:
        return Success.objects.filter(func=HEARTBEAT_FUNC, stopped__gte=since).exists()
    except DatabaseError:
        logger.exception("health check: cannot read the queue's results")
        return False


def instagram_statuses() -> list[dict[str, str]]:
    """One {"username", "status"} per connected Instagram account (never a secret)."""
    from instagram.alerts import accounts_health

    try:
        return accounts_health()
    except DatabaseError:
        logger.exception("health check: cannot read Instagram accounts")
        return []


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = database_ok()
    queue = queue_ok() if database else False
    instagram = instagram_statuses() if database else []
    ok = database and queue
    body = {"ok": ok, "database": database, "queue": queue, "instagram": instagram}
    response = JsonResponse(body, status=200 if ok else 503)
    # A failing check is an answer, not an application error: keep it out of the error
    # log and the admins' mailbox (a monitor polls this every minute).
    response._has_been_logged = True
    return response
