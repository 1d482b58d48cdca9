"""Administrators manage partners, their keys, webhooks and deliveries; editors may look."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; these are needed now.
    app_config = apps.get_app_config("api")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    api = Permission.objects.filter(content_type__app_label="api")
    for group in Group.objects.filter(name="administrator"):
        group.permissions.add(*api)
    for group in Group.objects.filter(name="editor"):
        group.permissions.add(*api.filter(codename__startswith="view_"))


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("factcheck", "0003_roles"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
