from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        from events.schedules import schedules_sync_after_migrate

        post_migrate.connect(schedules_sync_after_migrate, sender=self)
