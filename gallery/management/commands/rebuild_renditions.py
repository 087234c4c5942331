from django.core.management.base import BaseCommand, CommandError

from gallery.models import Photo
from gallery.services import photo_rebuild_renditions
from imaging import ImageRejected


class Command(BaseCommand):
    help = "Make the guest renditions of photos again from their originals."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--event", help="only this event (its link id)")

    def handle(self, *args: object, event: str | None = None, **options: object) -> None:
        photos = Photo.objects.select_related("event").order_by("id")
        if event:
            photos = photos.filter(event__public_id=event)
            if not photos.exists():
                raise CommandError(f"No photos for an event with link id {event!r}.")
        done = failed = 0
        for photo in photos.iterator(chunk_size=200):
            try:
                photo_rebuild_renditions(photo=photo)
                done += 1
            except (ImageRejected, OSError) as error:
                failed += 1
                self.stderr.write(f"photo {photo.pk} ({photo}): {error}")
        self.stdout.write(f"Rebuilt {done} photo(s), {failed} failed.")
        if failed:
            raise CommandError(f"{failed} photo(s) could not be rebuilt.")
