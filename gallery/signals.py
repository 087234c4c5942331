"""Keep files and caches in step with photo rows.

A deleted photo's files go once the deletion has committed (never before: a rollback
would leave a row pointing at nothing). Any saved or deleted photo changes what guests
see in its event, so the event's content version moves on.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from events.models import events_content_changed
from gallery.models import Photo
from gallery.services import files_delete


@receiver(post_delete, sender=Photo)
def photo_files_delete_on_commit(sender: type[Photo], instance: Photo, **kwargs: Any) -> None:
    names = instance.files()
    transaction.on_commit(lambda: files_delete(names))
    events_content_changed([instance.event_id])


@receiver(post_save, sender=Photo)
def photo_saved(sender: type[Photo], instance: Photo, **kwargs: Any) -> None:
    events_content_changed([instance.event_id])
