"""The admin's claim search (issue 10): on PostgreSQL, a trigram index on each claim column that
ClaimAdmin.search_fields names, on the expression Django's icontains compiles to.

`?q=word` on the claim list filters `UPPER("factcheck_claim"."text"::text) LIKE UPPER('%word%')
OR ... (text_en, short, slug) OR claimant_id = ANY(ARRAY(<sources whose names match>))`
(adminkit.IndexedSearch): with one GIN index of trigrams per column, PostgreSQL answers the OR
with a BitmapOr of index scans instead of reading every claim (a B-tree cannot serve a LIKE with
a leading wildcard). The expression must be Django's exactly, `UPPER((column)::text)`, or the
planner does not see the index (tests/test_admin_search.py compares the two). The claimant
branch uses the foreign key's own B-tree index. SQLite scans, as it does for any LIKE.
"""

from django.db import migrations

# The columns of ClaimAdmin.search_fields on the claims table; each index serves one branch of
# the admin search's OR, `UPPER(column::text) LIKE UPPER(%s)`.
SEARCHED = ["text", "text_en", "short", "slug"]


def index_name(column: str) -> str:
    return f"claim_{column}_search_idx"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is installed by 0025_similar_claims; IF NOT EXISTS keeps a re-run harmless.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(column)} ON factcheck_claim "
            f'USING gin ((UPPER(("{column}")::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(column)}")


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0025_similar_claims")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
