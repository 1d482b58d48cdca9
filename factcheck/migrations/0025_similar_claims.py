"""Similar claims (issue 12): a claim may be recorded as the duplicate of another, never of itself;
on PostgreSQL, the pg_trgm extension and the trigram index factcheck.similar's candidates use.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# Serves factcheck.similar's candidate query: claims whose lowercased texts contain a form of one
# of the new text's terms, `replace(lower(text || ' ' || text_en || ' ' || short), 'ё', 'е')
# LIKE '%аэропорт%' OR ... LIKE '%airport%'` (similar.ClaimDocument writes the same expression,
# which the planner must see to use the index): a GIN index of trigrams answers a LIKE with a
# leading wildcard, which a B-tree cannot.
TRGM_INDEX = (
    "CREATE INDEX IF NOT EXISTS claim_text_trgm_idx ON factcheck_claim USING gin "
    "((replace(lower(text || ' ' || text_en || ' ' || short), 'ё', 'е')) gin_trgm_ops)"
)


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite scans (factcheck.similar's docstring says what that costs)
    # CREATE EXTENSION needs a role allowed to create it (pg_trgm is a trusted extension since
    # PostgreSQL 13: the database's owner may).
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(TRGM_INDEX)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS claim_text_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_undated_precision"),
        ("factcheck", "0024_verdict_translations_desk_language"),
        ("sources", "0003_capture"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="duplicate_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The claim already recorded that this one repeats.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="duplicates",
                to="factcheck.claim",
                verbose_name="duplicate of",
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="duplicate_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The claim already recorded that this one repeats.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="factcheck.claim",
                verbose_name="duplicate of",
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(("duplicate_of", models.F("pk")), _negated=True),
                name="claim_not_own_duplicate",
                violation_error_message="A claim cannot be a duplicate of itself.",
            ),
        ),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
