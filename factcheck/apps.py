from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _reinstall_search(using, **kwargs):
    # A migration that rebuilds a SQLite table drops its triggers: put SQLite's search index back
    # (a no-op when it is whole, and on PostgreSQL). See factcheck.published.fts.
    from django.db import connections

    from factcheck.published import fts

    fts.install(connections[using], repair=True)


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = _("Fact-check desk")

    def ready(self):
        from django.core import checks

        from factcheck.published import fts

        post_migrate.connect(_reinstall_search, sender=self, dispatch_uid="factcheck.fts")
        checks.register(fts.check)
