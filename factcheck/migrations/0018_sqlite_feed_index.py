"""Released verdicts in feed order, indexed on SQLite (a no-op on PostgreSQL).

SQLite puts NULLs first in an ascending index: the first page of the feed and of the API lists
(ORDER BY feed_seq) read every unreleased verdict's row before the first released one (the API's
verdict list: 1 ms of SQL at 2,000 verdicts, 14 ms at 20,000; bench/pages.py --sqlite). The index
is defined in factcheck.published.sql (SQLITE_FEED_INDEX), which also puts it back after any later
migration that rebuilds the table.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    from factcheck.published.sql import ensure_sqlite_indexes

    ensure_sqlite_indexes(schema_editor.connection)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS verdict_released_feed_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0017_sqlite_claim_slug_index"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
