"""Helpers for the data migrations that give the desk's roles their permissions."""

from django.contrib.auth.management import create_permissions


def create_permissions_now(apps, *app_labels: str) -> None:
    """Create the permissions of these apps (all apps if none named) from inside a migration.

    Django creates permissions after the last migration has run (post_migrate); a migration that
    grants them to a group needs them to exist earlier, on a fresh database as on an old one.
    """
    configs = [apps.get_app_config(label) for label in app_labels] or apps.get_app_configs()
    for app_config in configs:
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
