"""Migrating a test database to a given state as `manage.py migrate` does, signals included.

MigrationExecutor.migrate alone sends no pre_migrate/post_migrate signals, and the desk's SQLite
search index (factcheck.published.fts) relies on them: its triggers are taken down before a
migration and put back, with the index refilled, after it. A test that moves the schema back and
forth with the bare executor would leave later tests with an empty search index.
"""

from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets) -> MigrationExecutor:
    """Migrate the default database to `targets`; returns the executor (its loader's graph)."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(targets)
    emit_pre_migrate_signal(0, False, connection.alias, plan=plan)
    executor.migrate(targets, plan=plan)
    emit_post_migrate_signal(0, False, connection.alias, plan=plan)
    return MigrationExecutor(connection)
