"""The partner feed's item stored with each release (Verdict.feed_item), filled for the verdicts
released so far by the same function the services call at each release."""

from django.db import migrations, models


def store(apps, schema_editor):
    from factcheck.published.items import store_items

    store_items(apps.get_model("factcheck", "Verdict").objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0013_published_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="verdict",
            name="feed_item",
            field=models.TextField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="verdict",
            name="feed_item_key",
            field=models.CharField(blank=True, editable=False, max_length=16),
        ),
        migrations.RunPython(store, migrations.RunPython.noop, elidable=True),
    ]
