from django.core.management.base import BaseCommand

from gallery.demo import demo_create


class Command(BaseCommand):
    help = "Create (idempotently) demo events, photos and the users crew/crew and admin/admin."

    def handle(self, *args: object, **options: object) -> None:
        result = demo_create()
        self.stdout.write(
            f"Demo ready: {len(result.events)} events ({result.created_events} new), "
            f"{result.created_photos} new photos."
        )
        for event in result.events:
            self.stdout.write(f"  {event.title}: {event.get_absolute_url()}")
        self.stdout.write("Logins: crew / crew (uploads), admin / admin (staff).")
