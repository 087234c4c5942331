"""A deleted photo's files go once the deletion has committed (never before: a rollback
would leave a row pointing at nothing)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from gallery.models import Photo
from gallery.services import files_delete


@receiver(post_delete, sender=Photo)
def photo_files_delete_on_commit(sender: type[Photo], instance: Photo, **kwargs: Any) -> None:
    names = instance.files()
    transaction.on_commit(lambda: files_delete(names))
