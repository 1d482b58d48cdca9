"""Editors and administrators may put events on public timelines; reporters may not."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs its own now.
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(
        content_type__app_label="events", codename="show_on_timeline"
    )
    for group in Group.objects.filter(name__in=["editor", "administrator"]):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_on_timeline"),
        ("factcheck", "0003_roles"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
