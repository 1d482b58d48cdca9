"""No parallel scans of the revisions table (PostgreSQL).

Serves the search for a rare word (factcheck.published.search._newest_matches, its GIN branch:
the bitmap of the word's matches in verdictrevision_search_document_idx, joined to the verdicts
whose public revision they are and sorted newest first). PostgreSQL estimates a rare word's
matches from the tsquery's selectivity, not from the index (7,238 for a word in 234 revisions at
1M verdicts), and for that many it plans a parallel bitmap scan: starting its two workers took
10-15 ms of the query's 25 ms there, for well under a millisecond of work each, so the rare word
grew from 3 ms at 10k to 25 ms at 1M. Every other read of revisions is by key (a page's or the
feed's public revision, the admin's history of one verdict) and never gains from workers either.
"""

from django.db import migrations

TABLE = "factcheck_verdictrevision"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (parallel_workers = 0)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (parallel_workers)")


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0026_admin_claim_search")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
