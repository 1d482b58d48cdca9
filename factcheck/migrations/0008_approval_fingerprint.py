"""What each approval covered (Approval.fingerprint, see services.publication_fingerprint).

Approvals given before this migration get an empty fingerprint, which never matches a verdict's
content: nothing records what those editors saw, so a verdict still in review needs its approval
given again before it can be published (the publish check says so). Filling them in from today's
content instead would bless exactly the unreviewed edits this field exists to catch. Approvals of
verdicts already published stay as they were, as a record; they no longer decide anything.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0007_claim_appeared_time_zone"),
    ]

    operations = [
        migrations.AddField(
            model_name="approval",
            name="fingerprint",
            field=models.JSONField(default=dict, editable=False, verbose_name="what was approved"),
        ),
    ]
