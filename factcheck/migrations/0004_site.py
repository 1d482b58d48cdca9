"""Indexes for the public site's reads of published revisions (PostgreSQL only; SQLite scans).

They index expressions over VerdictRevision.snapshot, so they live here as SQL rather than in the
model's Meta: the queries that use them (factcheck/published/search.py and public.py) write out the
very same expressions. Numbered 0004 but applied after 0005_feed, the latest migration when it was
written.
"""

from django.db import migrations

# Serves the full-text search (factcheck.published.search: ranked, matching):
#   WHERE <DOCUMENT_SQL over the public revision's snapshot> @@ websearch_to_tsquery('russian', q)
#                                                            || websearch_to_tsquery('english', q)
# The expression must stay identical to search.DOCUMENT_SQL; tests/test_site_search.py checks the
# query writes out exactly this expression (bench/plans.py checks the plan on a large archive).
SEARCH_INDEX = """
CREATE INDEX IF NOT EXISTS verdictrevision_search_idx ON factcheck_verdictrevision USING GIN ((
    setweight(to_tsvector('russian'::regconfig,
        coalesce(snapshot #>> '{claim,text}', '') || ' ' ||
        coalesce(snapshot #>> '{claim,claimant,name}', '')), 'A') ||
    setweight(to_tsvector('english'::regconfig,
        coalesce(snapshot #>> '{claim,text_en}', '') || ' ' ||
        coalesce(snapshot #>> '{claim,short}', '') || ' ' ||
        coalesce(snapshot #>> '{verdict,headline}', '') || ' ' ||
        coalesce(snapshot #>> '{claim,claimant,name_en}', '')), 'A') ||
    setweight(to_tsvector('english'::regconfig,
        coalesce(snapshot #>> '{verdict,conclusion}', '') || ' ' ||
        coalesce(snapshot #>> '{verdict,explanation}', '')), 'B')
))
"""

# Serves the verdict page's lookup and the old-slug redirect (factcheck.published.public):
#   WHERE (snapshot #>> '{claim,slug}') = :slug
SLUG_INDEX = """
CREATE INDEX IF NOT EXISTS verdictrevision_claim_slug_idx
    ON factcheck_verdictrevision ((snapshot #>> '{claim,slug}'))
"""


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(SEARCH_INDEX)
    schema_editor.execute(SLUG_INDEX)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS verdictrevision_search_idx")
    schema_editor.execute("DROP INDEX IF EXISTS verdictrevision_claim_slug_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0005_feed"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
