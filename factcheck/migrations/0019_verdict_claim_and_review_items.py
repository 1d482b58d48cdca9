"""The partner API's claim item and ClaimReview element stored with each release
(Verdict.claim_item, Verdict.review_item), filled for the verdicts released so far by the same
function the services call at each release (which stores the feed item again with them)."""

from django.db import migrations, models


def store(apps, schema_editor):
    from factcheck.published.items import store_items

    store_items(apps.get_model("factcheck", "Verdict").objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0018_sqlite_feed_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="verdict",
            name="claim_item",
            field=models.TextField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="verdict",
            name="review_item",
            field=models.TextField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(store, migrations.RunPython.noop, elidable=True),
    ]
