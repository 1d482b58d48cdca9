"""The verdict page's slug lookup, indexed on SQLite too (PostgreSQL has had it since 0004_site).

Without it, SQLite reads the JSON of every revision to find one verdict page: 214 ms at 2,000
verdicts, 1,388 ms at 20,000 (bench/pages.py --sqlite, before issue 10's fixes).
"""

from django.db import migrations

# Serves the verdict page's lookup, the old-slug redirect, the sitemap and the corrections log
# (factcheck.published.public.with_claim_slug, factcheck.site.selectors):
#   WHERE json_extract(snapshot, '$."claim"."slug"') = :slug
# The expression must stay identical to SnapshotText.as_sqlite's (tests/test_site_search.py).
SQLITE_SLUG_INDEX = """
CREATE INDEX IF NOT EXISTS verdictrevision_claim_slug_idx
    ON factcheck_verdictrevision (json_extract(snapshot, '$."claim"."slug"'))
"""


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_SLUG_INDEX)


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
