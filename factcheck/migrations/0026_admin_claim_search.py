"""The admin's claim search (issue 10): on PostgreSQL, every branch of its OR on an indexed
expression.

`?q=word` on the claim list filters (adminkit.IndexedSearch)
`replace(lower(text || ' ' || text_en || ' ' || short), 'ё', 'е') LIKE '%word%'` (the claim's
texts as factcheck.similar reads them, served by claim_text_trgm_idx of 0025_similar_claims)
`OR UPPER("factcheck_claim"."slug"::text) LIKE UPPER('%word%')` (Django's icontains, served by the
trigram index made here) `OR claimant_id = ANY(ARRAY(<sources whose names match>))` (the foreign
key's B-tree): PostgreSQL answers the OR with a BitmapOr of index scans instead of reading every
claim (a B-tree cannot serve a LIKE with a leading wildcard). The expressions must be exactly the
indexed ones, or the planner does not see the indexes (tests/test_admin_search.py compares them).
A first version indexed text, text_en and short each on its own as well: three more GIN indexes
over the same words, for every claim written to keep up. SQLite scans, as it does for any LIKE.
"""

from django.db import migrations

# The columns of ClaimAdmin.search_fields searched with Django's icontains on PostgreSQL (the
# others are in its search_document); each index serves one branch of the admin search's OR,
# `UPPER(column::text) LIKE UPPER(%s)`.
SEARCHED = ["slug"]


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
