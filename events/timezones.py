"""Time zone helpers: names, and local wall-clock time <-> aware datetimes."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import cache

from django.core.exceptions import ValidationError


@cache
def timezone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones() - {"localtime", "Factory"}))


def validate_timezone_name(value: str) -> None:
    if value not in timezone_names():
        raise ValidationError(
            "%(value)s is not a time zone name. Use an IANA name such as America/Los_Angeles.",
            code="invalid_timezone",
            params={"value": value},
        )


def local_to_aware(naive: datetime, tz_name: str) -> datetime:
    """Read a wall-clock time in `tz_name`.

    Raises ValidationError for a time that does not exist there (skipped by a
    daylight-saving change). An ambiguous time (repeated in autumn) is the first one.
    """
    tz = zoneinfo.ZoneInfo(tz_name)
    aware = naive.replace(tzinfo=tz, fold=0)
    round_trip = aware.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(tz)
    if round_trip.replace(tzinfo=None) != naive:
        raise ValidationError(
            "%(time)s does not exist in %(tz)s (the clocks skip it for daylight saving).",
            code="nonexistent_time",
            params={"time": naive.strftime("%Y-%m-%d %H:%M"), "tz": tz_name},
        )
    return aware


def aware_to_local(value: datetime, tz_name: str) -> datetime:
    """The wall-clock time of an aware datetime in `tz_name`, without tzinfo."""
    return value.astimezone(zoneinfo.ZoneInfo(tz_name)).replace(tzinfo=None)
