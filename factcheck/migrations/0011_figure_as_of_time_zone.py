"""A figure's "as of" gets its own declared zone, as a claim's first appearance has (0007).

Existing figures take their claim's zone: the figure is a number the claim states, read from the
same report, and since 0007 that zone is the report's (or, for claims entered before it, the zone
of their earliest event, which is where the pages showed the figure too). The stored instants are
kept as they are: only the zone they are shown and edited in is recorded.
"""

import events.models
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def zone_of_claim(apps, schema_editor):
    Claim = apps.get_model("factcheck", "Claim")
    Figure = apps.get_model("factcheck", "Figure")
    claim_zone = Claim.objects.filter(pk=OuterRef("claim_id")).values("appeared_time_zone")[:1]
    Figure.objects.update(as_of_time_zone=Subquery(claim_zone))


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0010_rating_evidence_direction"),
    ]

    operations = [
        migrations.AddField(
            model_name="figure",
            name="as_of_time_zone",
            field=models.CharField(
                default=events.models.default_time_zone,
                help_text="“As of” is entered and shown in this zone, e.g. Asia/Almaty.",
                max_length=64,
                validators=[events.models.validate_time_zone],
                verbose_name="time zone of “as of”",
            ),
        ),
        migrations.AlterField(
            model_name="figure",
            name="as_of",
            field=models.DateTimeField(
                help_text="The point in time the figure refers to, in the time zone below.",
                verbose_name="as of",
            ),
        ),
        migrations.RunPython(zone_of_claim, migrations.RunPython.noop),
    ]
