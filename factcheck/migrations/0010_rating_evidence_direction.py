"""Each rating says which evidence it rests on: supporting origins, contradicting ones, or none.

The default scale (0002) is given its directions here; a rating an editor added is treated as
resting on supporting origins (the stricter reading of the old rule, which counted every cited
origin), or on none where it needed none. Editors can change either in the admin.

- true, mostly true: supporting origins (2, as before): the claim must be confirmed.
- half true: supporting origins (1): the part that holds must be confirmed by an origin other than
  the claimant; what is wrong or missing is the explanation's job (and a contradicting citation
  must be named in it, as the publish check already requires).
- mostly false, false: contradicting origins (1 and 2, as before).
- unproven: none (0): the evidence neither confirms nor refutes the claim, so there is nothing to
  count; the claim's appearance must still be cited.
- outdated: supporting origins (1): the claim was accurate when made, which needs confirming; what
  changed since is told in the explanation, with the later figure.
"""

from django.db import migrations, models
from django.db.models import Q

DIRECTIONS = {
    "true": "supports",
    "mostly-true": "supports",
    "half-true": "supports",
    "mostly-false": "contradicts",
    "false": "contradicts",
    "unproven": "none",
    "outdated": "supports",
}


def set_directions(apps, schema_editor):
    Rating = apps.get_model("factcheck", "Rating")
    for rating in Rating.objects.all():
        direction = DIRECTIONS.get(rating.slug)
        if direction is None:
            direction = "none" if rating.min_origins == 0 else "supports"
        rating.evidence_direction = direction
        if direction == "none":
            rating.min_origins = 0
        elif rating.min_origins == 0:
            rating.min_origins = 1
        rating.save(update_fields=["evidence_direction", "min_origins"])


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0009_typed_conflicts")]

    operations = [
        migrations.AddField(
            model_name="rating",
            name="evidence_direction",
            field=models.CharField(
                choices=[
                    ("supports", "supporting origins"),
                    ("contradicts", "contradicting origins"),
                    ("none", "no origins to count"),
                ],
                default="supports",
                help_text=(
                    "Which independent origins count for this rating: those that support the "
                    "claim (e.g. “true”), those that contradict it (e.g. “false”), or none (e.g. "
                    "“unproven”)."
                ),
                max_length=20,
                verbose_name="evidence it rests on",
            ),
        ),
        migrations.RunPython(set_directions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="rating",
            name="min_origins",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text=(
                    "A verdict with this rating cannot be published with fewer independent "
                    "origins in the rating's direction. The claim's own appearance and whatever "
                    "only repeats the claimant never count. 0 exactly when the direction is "
                    "“none”."
                ),
                verbose_name="independent origins required",
            ),
        ),
        migrations.AddConstraint(
            model_name="rating",
            constraint=models.CheckConstraint(
                condition=(Q(evidence_direction="none") & Q(min_origins=0))
                | (Q(evidence_direction__in=["supports", "contradicts"]) & Q(min_origins__gte=1)),
                name="rating_direction_matches_min_origins",
                violation_error_message=(
                    "A rating that counts supporting or contradicting origins needs at least "
                    "one; a rating that counts none needs 0."
                ),
            ),
        ),
    ]
