"""Editors and administrators may put events on public timelines; reporters may not."""

from django.db import migrations

from factcheck.permissions import create_permissions_now


def grant(apps, schema_editor):
    create_permissions_now(apps, "events")
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
