"""The database cache's table is UNLOGGED on PostgreSQL.

Every partner request writes its rate-limit counter to the default cache (the database cache
unless REDIS_URL is set). In a logged table each of those writes is a commit that waits for the
write-ahead log to reach the disk, queued behind the editors' publications: the feed's slowest
polls under load were waiting for fsyncs of a counter. An unlogged table writes no WAL, so its
commits do not wait. What it gives up is what a cache can give up: after a crash PostgreSQL
empties it (rate windows start afresh), and a streaming replica does not carry it, which the
router already accounts for (the cache is always read on the primary, factcheck/routers.py).
SQLite has no such thing; there the migration does nothing.
"""

from django.db import migrations

CACHE_TABLE = "factcheck_cache"  # settings.CACHE_TABLE, made by 0004


def set_persistence(persistence: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            table = schema_editor.quote_name(CACHE_TABLE)
            schema_editor.execute(f"ALTER TABLE {table} SET {persistence}")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_rates_and_shared_cache"),
    ]

    operations = [
        migrations.RunPython(set_persistence("UNLOGGED"), set_persistence("LOGGED")),
    ]
