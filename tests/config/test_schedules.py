import pytest
from django.core.management import call_command
from django_q.models import Schedule

from config.schedules import schedule_jobs, schedules_sync

pytestmark = pytest.mark.django_db


def test_migrate_has_already_created_every_schedule():
    names = set(Schedule.objects.values_list("name", flat=True))
    assert {job.name for job in schedule_jobs()} <= names


def test_setup_schedules_is_idempotent(capsys):
    Schedule.objects.all().delete()
    call_command("setup_schedules")
    first = list(Schedule.objects.order_by("name").values("name", "func", "minutes"))
    call_command("setup_schedules")
    second = list(Schedule.objects.order_by("name").values("name", "func", "minutes"))
    assert first == second
    assert len(first) == len(schedule_jobs())
    assert "0 created, 0 updated, 0 removed" in capsys.readouterr().out


def test_setup_schedules_repairs_a_changed_schedule_and_removes_stale_ones():
    job = schedule_jobs()[0]
    Schedule.objects.filter(name=job.name).update(minutes=999)
    Schedule.objects.create(name="old job", func="config.health.gone", minutes=5)
    Schedule.objects.create(name="someone else's", func="thirdparty.job", minutes=5)
    assert schedules_sync() == (0, 1, 1)
    assert Schedule.objects.get(name=job.name).minutes == job.minutes
    assert Schedule.objects.filter(name="someone else's").exists()
