"""Moderation and settings changes alter what guests see in an event: move its version on.
Deleted posts take their local files with them, after the commit."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from events.models import events_content_changed
from instagram.media_copy import files_delete
from instagram.models import EventInstagram, EventPost, InstagramAccount, InstagramMedia


@receiver([post_save, post_delete], sender=EventPost)
@receiver(post_save, sender=EventInstagram)
def event_moderation_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    events_content_changed([instance.event_id])


@receiver(m2m_changed, sender=EventInstagram.accounts.through)
def event_accounts_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, EventInstagram):
        events_content_changed([instance.event_id])
    else:
        events_content_changed()


@receiver(post_save, sender=InstagramMedia)
def media_saved(sender: type, instance: InstagramMedia, created: bool, **kwargs: Any) -> None:
    if not created:  # a sync bumps every event once per run for new posts
        events_content_changed()


@receiver(pre_delete, sender=InstagramMedia)
def media_files_delete_on_commit(sender: type, instance: InstagramMedia, **kwargs: Any) -> None:
    names = instance.files()
    transaction.on_commit(lambda: files_delete(names))
    events_content_changed()


@receiver(post_delete, sender=InstagramAccount)
def account_picture_delete_on_commit(
    sender: type, instance: InstagramAccount, **kwargs: Any
) -> None:
    if instance.profile_picture:
        name = instance.profile_picture.name
        transaction.on_commit(lambda: files_delete([name]))
