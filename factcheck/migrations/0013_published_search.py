"""Search that stays flat as the archive grows: a stored search document on PostgreSQL, FTS5 on
SQLite.

PostgreSQL: `factcheck_verdictrevision.search_document`, a stored generated column (the database
computes it on every insert and update, bulk ones included, and for the existing rows here), with a
GIN index on it. It replaces 0004's expression index, which made every match of a common word
recompute the document from the snapshot's JSON to rank it. The column is left out of the model on
purpose: a model field would be fetched with every revision the site and the feed read (kilobytes
of tsvector per row); factcheck.published.search names it where it is used.

SQLite: the FTS5 table of published texts (factcheck.published.fts; its triggers and contents are
put in after every migrate, as a table rebuild in a later migration would trip over them; skipped,
with the search falling back to a scan, where SQLite lacks FTS5).
"""

from django.db import migrations

# The search document of a revision: the claim as made (Russian), through the 'russian'
# configuration; its English translation, short form, the headline and the claimant's English name
# through 'english', all weighted A; the verdict's conclusion and explanation weighted B.
DOCUMENT = """
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
"""

ADD_COLUMN = f"""
ALTER TABLE factcheck_verdictrevision
    ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED
"""

# Serves the search (factcheck.published.search: ranked, matching) for rare words:
#   WHERE search_document @@ (websearch_to_tsquery('russian', q) || websearch_to_tsquery('english', q))
# For common words the planner walks the public revisions newest first instead
# (factcheck_verdict's unique index on public_revision_id) and checks the stored document per row.
SEARCH_INDEX = """
CREATE INDEX verdictrevision_search_document_idx
    ON factcheck_verdictrevision USING GIN (search_document)
"""


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS verdictrevision_search_idx")
        schema_editor.execute(ADD_COLUMN)
        schema_editor.execute(SEARCH_INDEX)
    elif connection.vendor == "sqlite":
        from factcheck.published import fts

        fts.create_table(connection)  # filled, with its triggers, after migrate (fts.install)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        from importlib import import_module

        schema_editor.execute("ALTER TABLE factcheck_verdictrevision DROP COLUMN search_document")
        schema_editor.execute(import_module("factcheck.migrations.0004_site").SEARCH_INDEX)
    elif connection.vendor == "sqlite":
        from factcheck.published import fts

        fts.uninstall(connection)


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0012_administrators_see_logins"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
