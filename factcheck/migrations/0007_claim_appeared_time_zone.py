import events.models
from django.db import migrations, models


def zone_of_first_event(apps, schema_editor):
    """Existing claims keep showing their first appearance as they did: in the zone of their
    earliest event (the pages used it), else in EVENT_TIME_ZONE, the field's default."""
    Claim = apps.get_model("factcheck", "Claim")
    claims = Claim.objects.filter(appeared_at__isnull=False).prefetch_related("events")
    for claim in claims.iterator(chunk_size=500):
        events = sorted(claim.events.all(), key=lambda event: (event.starts_at, event.pk))
        if events and events[0].time_zone != claim.appeared_time_zone:
            claim.appeared_time_zone = events[0].time_zone
            claim.save(update_fields=["appeared_time_zone"])


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0006_first_published_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="appeared_time_zone",
            field=models.CharField(
                default=events.models.default_time_zone,
                help_text="The first appearance is entered and shown in this zone, e.g. Asia/Almaty.",
                max_length=64,
                validators=[events.models.validate_time_zone],
                verbose_name="time zone of the first appearance",
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="appeared_time_zone",
            field=models.CharField(
                default=events.models.default_time_zone,
                help_text="The first appearance is entered and shown in this zone, e.g. Asia/Almaty.",
                max_length=64,
                validators=[events.models.validate_time_zone],
                verbose_name="time zone of the first appearance",
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="appeared_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the statement was first made, in the time zone below.",
                null=True,
                verbose_name="first appeared",
            ),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="appeared_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the statement was first made, in the time zone below.",
                null=True,
                verbose_name="first appeared",
            ),
        ),
        migrations.RunPython(zone_of_first_event, migrations.RunPython.noop),
    ]
