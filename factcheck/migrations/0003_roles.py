"""The desk's roles as groups with their permissions.

reporter: records claims, citations, sources and events, and writes draft verdicts.
editor: all a reporter does, plus reviewing, publishing, correcting and retracting verdicts.
administrator: everything in the desk's apps, plus managing users.
Who may do which transition is decided by these permissions in factcheck.services.
"""

from django.db import migrations

from factcheck.permissions import create_permissions_now

DESK_APPS = ["sources", "events", "factcheck"]
REPORTER = {
    "sources": {"source": "avc", "citation": "avc"},
    "events": {"event": "avc", "eventlink": "avcd"},
    "factcheck": {
        "claim": "avc",
        "claimcitation": "avcd",
        "figure": "avcd",
        "verdict": "avc",
        "verdictrevision": "v",
        "rating": "v",
        "ratingscale": "v",
        "auditentry": "v",
        "approval": "v",
    },
}
VERBS = {"a": "add", "v": "view", "c": "change", "d": "delete"}


def codenames(spec):
    for app, models in spec.items():
        for model, verbs in models.items():
            for verb in verbs:
                yield app, f"{VERBS[verb]}_{model}"


def create_roles(apps, schema_editor):
    create_permissions_now(apps)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(pairs):
        pairs = list(pairs)
        found = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in pairs
        ]
        return found

    reporter_perms = perms(codenames(REPORTER))
    editor_perms = reporter_perms + perms(
        [
            ("factcheck", "review_verdict"),
            ("factcheck", "publish_verdict"),
            ("factcheck", "change_rating"),
            ("sources", "delete_citation"),
        ]
    )
    admin_perms = list(Permission.objects.filter(content_type__app_label__in=DESK_APPS + ["auth"]))
    for name, group_perms in [
        ("reporter", reporter_perms),
        ("editor", editor_perms),
        ("administrator", admin_perms),
    ]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*group_perms)


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0002_default_rating_scale"),
        ("sources", "0001_initial"),
        ("events", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
