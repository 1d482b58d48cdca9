"""Administrators see django-axes' login records (attempts, failures, lockouts, logins) and may
unlock an account by deleting its attempts; no one else on the desk sees them."""

from django.db import migrations

from factcheck.permissions import create_permissions_now


def grant(apps, schema_editor):
    create_permissions_now(apps, "axes")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    logins = Permission.objects.filter(
        content_type__app_label="axes",
        codename__in=[
            "view_accessattempt",
            "delete_accessattempt",
            "view_accessfailurelog",
            "view_accesslog",
        ],
    )
    for group in Group.objects.filter(name="administrator"):
        group.permissions.add(*logins)


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0011_figure_as_of_time_zone"),
        ("axes", "0010_accessattemptexpiration"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
