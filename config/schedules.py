"""Every recurring job of the system, created idempotently in django-q2.

`manage.py setup_schedules` and every `migrate` call `schedules_sync()`. Jobs are named
by dotted path so that this module imports no app code.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

# Schedules whose function lives in these modules are ours to create and remove.
OUR_FUNCS = r"^(config|events|gallery|instagram)\."


@dataclass(frozen=True)
class Job:
    name: str
    func: str
    minutes: int


def schedule_jobs() -> list[Job]:
    """The schedules this deployment should have, from the settings."""
    return [
        Job("queue heartbeat", "config.health.heartbeat", 1),
        Job("instagram refresh tokens", "instagram.tasks.accounts_refresh_due", 60 * 24),
        Job("instagram alerts", "instagram.tasks.accounts_alert_task", 60),
        Job(
            "instagram sync", "instagram.tasks.accounts_sync_task", settings.INSTAGRAM_SYNC_MINUTES
        ),
        Job("instagram full sync", "instagram.tasks.accounts_sync_full_task", 60 * 24),
    ]


def schedules_sync() -> tuple[int, int, int]:
    """Create or update every schedule; remove ours that no longer exist.

    Returns (created, updated, removed). Safe to run any number of times.
    """
    from django_q.models import Schedule

    jobs = schedule_jobs()
    created = updated = 0
    for job in jobs:
        defaults = {
            "func": job.func,
            "schedule_type": Schedule.MINUTES,
            "minutes": job.minutes,
            "repeats": -1,
        }
        schedule = Schedule.objects.filter(name=job.name).first()
        if schedule is None:
            Schedule.objects.create(name=job.name, **defaults)
            created += 1
        elif any(getattr(schedule, key) != value for key, value in defaults.items()):
            for key, value in defaults.items():
                setattr(schedule, key, value)
            schedule.save(update_fields=list(defaults))
            updated += 1
    names = {job.name for job in jobs}
    ours = Schedule.objects.filter(func__regex=OUR_FUNCS)
    removed, _ = ours.exclude(name__in=names).delete()
    return created, updated, removed
