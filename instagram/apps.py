from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InstagramConfig(AppConfig):
    name = "instagram"
    verbose_name = "Instagram"

    def ready(self) -> None:
        from instagram import signals  # noqa: F401 - connects the receivers

        post_migrate.connect(_import_from_env, sender=self)


def _import_from_env(using: str = "default", **kwargs: object) -> None:
    """The release step (migrate) imports IG_USER_ID/IG_ACCESS_TOKEN when they change."""
    from django.db import connections

    if "instagram_instagramaccount" not in connections[using].introspection.table_names():
        return
    from instagram.connect import account_import_from_env

    account_import_from_env()
