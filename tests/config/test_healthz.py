from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from django_q.models import Success

from config.health import HEARTBEAT_FUNC

pytestmark = pytest.mark.django_db


def record_heartbeat(age: timedelta) -> None:
    stopped = timezone.now() - age
    Success.objects.create(
        id="hb" + str(int(age.total_seconds())),
        name="heartbeat",
        func=HEARTBEAT_FUNC,
        started=stopped,
        stopped=stopped,
        success=True,
    )


def test_healthz_is_200_when_database_and_queue_answer(client):
    record_heartbeat(timedelta(seconds=30))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "database": True, "queue": True, "instagram": []}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_worker_has_not_beaten_recently(client):
    record_heartbeat(timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["queue"] is False
    assert response.json()["database"] is True


def test_healthz_is_503_when_the_database_is_down(client):
    with mock.patch("config.health.database_ok", return_value=False):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"ok": False, "database": False, "queue": False, "instagram": []}


def test_heartbeat_task_runs_through_the_queue_and_turns_health_green(client):
    from django_q.tasks import async_task

    assert client.get("/healthz").status_code == 503
    async_task(HEARTBEAT_FUNC)  # QUEUE_SYNC runs it inline and records the result
    assert client.get("/healthz").status_code == 200
