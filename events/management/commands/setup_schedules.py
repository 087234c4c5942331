from django.core.management.base import BaseCommand

from config.schedules import schedules_sync


class Command(BaseCommand):
    help = "Create or update every django-q2 schedule (also run by migrate)."

    def handle(self, *args: object, **options: object) -> None:
        created, updated, removed = schedules_sync()
        self.stdout.write(f"Schedules: {created} created, {updated} updated, {removed} removed.")
