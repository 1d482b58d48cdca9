from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


# SQLite's search index is kept by triggers that a table rebuild in a migration would trip over or
# drop: they are taken down before migrating and put back (with the index refilled) afterwards.
# A no-op on PostgreSQL. See factcheck.published.fts.
def _before_migrate(using, plan=None, **kwargs):
    from django.db import connections

    from factcheck.published import fts

    if plan:
        fts.drop_triggers(connections[using])


def _after_migrate(using, **kwargs):
    from django.db import connections

    from factcheck.published import fts
    from factcheck.published.sql import ensure_sqlite_indexes

    fts.install(connections[using])
    ensure_sqlite_indexes(connections[using])


# PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost, which takes 50 to
# 200 ms here. The queries over the event tree (factcheck.published.public) are recursive, and
# PostgreSQL estimates a recursion at ten times its starting rows per step, so a query reading a
# dozen events is estimated at a hundred thousand rows and compiled, costing a hundred times its
# run. No query of a desk's pages or API reads enough rows for compiling to pay off, so it is off
# for the project's connections (a session setting: it also holds behind PgBouncer, whose
# transaction mode refuses it as a startup option).
def _without_jit(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = _("Fact-check desk")

    def ready(self):
        from django.core import checks

        from factcheck import (
            cdn,  # noqa: F401  (the CDN purge's receiver of verdict_released)
            lookups,
        )
        from factcheck.intake import replies  # noqa: F401  (answers waiting readers on publication)
        from factcheck.published import fts

        pre_migrate.connect(_before_migrate, sender=self, dispatch_uid="factcheck.fts.pre")
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="factcheck.fts.post")
        checks.register(fts.check)
        lookups.install()
        connection_created.connect(_without_jit, dispatch_uid="factcheck.without_jit")
        # The language the desk speaks to a person: the one they signed in with (issue 11).
        from django.contrib.auth.signals import user_logged_in

        from factcheck.services import remember_desk_language

        user_logged_in.connect(remember_desk_language, dispatch_uid="factcheck.desk_language")
