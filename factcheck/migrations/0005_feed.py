"""The partner feed's position and time on each verdict (see services._stamp_release).

Verdicts released before this migration get positions in the order they were last released.
"""

from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    Verdict = apps.get_model("factcheck", "Verdict")
    released = Verdict.objects.filter(public_revision__isnull=False).select_related(
        "public_revision"
    )
    rows = sorted(
        released,
        key=lambda v: (v.retracted_at or v.public_revision.published_at, v.pk),
    )
    for seq, verdict in enumerate(rows, start=1):
        verdict.feed_seq = seq
        verdict.released_at = verdict.retracted_at or verdict.public_revision.published_at
        verdict.save(update_fields=["feed_seq", "released_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0003_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalverdict",
            name="feed_seq",
            field=models.PositiveBigIntegerField(
                editable=False, null=True, verbose_name="feed position"
            ),
        ),
        migrations.AddField(
            model_name="historicalverdict",
            name="released_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="released"),
        ),
        migrations.AddField(
            model_name="verdict",
            name="feed_seq",
            field=models.PositiveBigIntegerField(
                editable=False, null=True, verbose_name="feed position"
            ),
        ),
        migrations.AddField(
            model_name="verdict",
            name="released_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="released"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="verdict",
            index=models.Index(
                condition=models.Q(("released_at__isnull", False)),
                fields=["released_at"],
                name="verdict_released_at_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="verdict",
            constraint=models.UniqueConstraint(
                fields=("feed_seq",), name="verdict_feed_seq_unique"
            ),
        ),
    ]
