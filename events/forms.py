"""Admin form that reads and shows start and end on the event's own clock."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError

from events.models import Event
from events.timezones import aware_to_local, local_to_aware, timezone_names


class WallClockField(forms.SplitDateTimeField):
    """A date and time with no time zone: the event's zone is applied by the form."""

    widget = widgets.AdminSplitDateTime

    def compress(self, data_list: list[Any]) -> datetime | None:
        if not data_list:
            return None
        date, time = data_list
        if date is None or time is None:
            raise ValidationError(self.error_messages["invalid_date"], code="invalid_date")
        return datetime.combine(date, time)

    def prepare_value(self, value: Any) -> Any:
        return value  # never shift into the server's zone


class EventAdminForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label="Time zone",
        choices=[(name, name) for name in timezone_names()],
        help_text="Where the event happens. Start and end below are on this clock.",
    )
    starts_at = WallClockField(label="Starts", help_text="Local time in the event's time zone.")
    ends_at = WallClockField(label="Ends", help_text="Local time in the event's time zone.")

    class Meta:
        model = Event
        fields = [
            "title",
            "description",
            "public_id",
            "timezone",
            "starts_at",
            "ends_at",
            "visibility",
            "access_code",
            "instagram_before",
            "instagram_after",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tz_name = self.instance.timezone if self.instance.pk else self.initial.get("timezone")
        self.initial.setdefault("timezone", tz_name or self.instance.timezone)
        if self.instance.pk:
            for name in ("starts_at", "ends_at"):
                self.initial[name] = aware_to_local(getattr(self.instance, name), tz_name)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        tz_name = cleaned.get("timezone")
        if tz_name:
            for name in ("starts_at", "ends_at"):
                value = cleaned.get(name)
                if value is None:
                    continue
                try:
                    cleaned[name] = local_to_aware(value, tz_name)
                except ValidationError as error:
                    self.add_error(name, error)
                    cleaned.pop(name, None)
        return cleaned
