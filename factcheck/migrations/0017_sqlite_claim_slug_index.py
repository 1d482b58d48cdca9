"""The verdict page's slug lookup, indexed on SQLite too (PostgreSQL has had it since 0004_site).

Without it, SQLite reads the JSON of every revision to find one verdict page: 214 ms at 2,000
verdicts, 1,388 ms at 20,000 (bench/pages.py --sqlite, before issue 10's fixes). The index is
defined in factcheck.published.sql (SQLITE_SLUG_INDEX), which also puts it back after any later
migration that rebuilds the table.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    from factcheck.published.sql import ensure_sqlite_indexes

    ensure_sqlite_indexes(schema_editor.connection)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS verdictrevision_claim_slug_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0016_admin_list_indexes"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
