"""Administrators manage partners, their keys, webhooks and deliveries; editors may look."""

from django.db import migrations

from factcheck.permissions import create_permissions_now


def grant(apps, schema_editor):
    create_permissions_now(apps, "partners")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    partners = Permission.objects.filter(content_type__app_label="partners")
    for group in Group.objects.filter(name="administrator"):
        group.permissions.add(*partners)
    for group in Group.objects.filter(name="editor"):
        group.permissions.add(*partners.filter(codename__startswith="view_"))


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("factcheck", "0003_roles"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
