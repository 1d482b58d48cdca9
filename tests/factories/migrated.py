"""The rows the data migrations create, put back after a transactional test flushed them.

A transactional test (the browser tests, with a live server) ends by flushing every table, and
serialized_rollback cannot restore them: Playwright's sync API runs the test inside an event loop,
where Django's connection handler hands out a fresh connection object without the serialized copy
of the database. Permissions and content types come back by themselves (the flush runs
post_migrate); the default rating scale, the roles, the rights each migration gave them and the
transparency pages' default text do not. tests/conftest.py calls `restore_migrated_rows` before
every transactional test, whichever test flushed before it.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group

from factcheck.models import Rating, TransparencyPage

# Every data migration that grants a role its rights, in migration order (a new one goes here).
GRANTS = [
    "factcheck.migrations.0009_typed_conflicts",
    "factcheck.migrations.0012_administrators_see_logins",
    "events.migrations.0003_timeline_permission_for_editors",
    "factcheck.partners.migrations.0002_administrators_manage_partners",
    "factcheck.migrations.0021_media_assessment",
    "factcheck.migrations.0022_reader_submissions",
    "sources.migrations.0004_media_evidence",
]


def restore_migrated_rows() -> None:
    if not Rating.objects.exists():
        import_module("factcheck.migrations.0002_default_rating_scale").seed(apps, None)
        # Later migrations completed the scale: which evidence each rating rests on.
        import_module("factcheck.migrations.0010_rating_evidence_direction").set_directions(
            apps, None
        )
    if not Group.objects.filter(name="reporter").exists():
        import_module("factcheck.migrations.0003_roles").create_roles(apps, None)
        for name in GRANTS:
            import_module(name).grant(apps, None)
    if not TransparencyPage.objects.exists():
        # The transparency pages' default text, and the administrators' right to edit them.
        import_module("factcheck.migrations.0023_transparency_pages").fill(apps, None)
