"""Typed conflicts between claims, and figures that may be unknown or still being counted.

Claim.conflicts_with (an untyped symmetric many-to-many) becomes ClaimConflict, a pair stored once
with its kind and a public note. Existing pairs are moved over as "contradicts", the only thing
the old field could say; the desk should review their kinds (the demo's are set by loaddemo).
"""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models

from factcheck.permissions import create_permissions_now


def move_conflicts(apps, schema_editor):
    Claim = apps.get_model("factcheck", "Claim")
    ClaimConflict = apps.get_model("factcheck", "ClaimConflict")
    # The symmetric table holds each pair twice, once in each direction.
    pairs = {
        (min(a, b), max(a, b))
        for a, b in Claim.conflicts_with.through.objects.values_list("from_claim_id", "to_claim_id")
        if a != b
    }
    ClaimConflict.objects.bulk_create(
        ClaimConflict(claim_id=a, other_id=b, kind="contradicts") for a, b in sorted(pairs)
    )


def move_conflicts_back(apps, schema_editor):
    Claim = apps.get_model("factcheck", "Claim")
    ClaimConflict = apps.get_model("factcheck", "ClaimConflict")
    Through = Claim.conflicts_with.through
    rows = []
    for a, b in ClaimConflict.objects.values_list("claim_id", "other_id"):
        rows += [Through(from_claim_id=a, to_claim_id=b), Through(from_claim_id=b, to_claim_id=a)]
    Through.objects.bulk_create(rows, ignore_conflicts=True)


def grant(apps, schema_editor):
    """Reporters and editors record conflicts as they record citations; administrators too."""
    create_permissions_now(apps, "factcheck")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="factcheck", content_type__model="claimconflict"
    )
    for group in Group.objects.filter(name__in=["reporter", "editor", "administrator"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0008_approval_fingerprint"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClaimConflict",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("contradicts", "Contradicts"),
                            ("frames_differently", "Frames it differently"),
                            ("different_population", "Counts a different population"),
                            ("different_moment", "Refers to a different moment"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="Public: one sentence telling readers how the two claims "
                        "differ, e.g. “Report 000 counts security officers, report 004 "
                        "protesters.”",
                        max_length=300,
                        verbose_name="note",
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="conflicts",
                        to="factcheck.claim",
                        verbose_name="claim",
                    ),
                ),
                (
                    "other",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="conflicts_as_other",
                        to="factcheck.claim",
                        verbose_name="other claim",
                    ),
                ),
            ],
            options={
                "verbose_name": "conflict between claims",
                "verbose_name_plural": "conflicts between claims",
                "ordering": ["claim", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        django.db.models.functions.comparison.Least("claim", "other"),
                        django.db.models.functions.comparison.Greatest("claim", "other"),
                        name="claimconflict_pair_once",
                        violation_error_message="A conflict between these two claims is already "
                        "recorded (perhaps on the other claim): edit that one instead.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("claim", models.F("other")), _negated=True),
                        name="claimconflict_not_with_itself",
                        violation_error_message="A claim cannot conflict with itself.",
                    ),
                ],
            },
        ),
        migrations.RunPython(move_conflicts, move_conflicts_back),
        migrations.RemoveField(model_name="claim", name="conflicts_with"),
        migrations.AddField(
            model_name="figure",
            name="status",
            field=models.CharField(
                choices=[
                    ("reported", "Reported"),
                    ("being_counted", "Still being counted"),
                    ("unknown", "Not known"),
                ],
                default="reported",
                help_text="Whether the source gives a number. A figure still being counted may "
                "give a provisional one; a figure not known has none.",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="figure",
            name="measure",
            field=models.CharField(
                choices=[
                    ("killed", "Killed"),
                    ("injured", "Injured"),
                    ("detained", "Detained"),
                    ("troops", "Troops sent"),
                    ("damage", "Damage"),
                    ("price", "Price"),
                    ("casualties", "Killed and injured"),
                    ("other", "Other"),
                ],
                max_length=20,
                verbose_name="measure",
            ),
        ),
        migrations.AlterField(
            model_name="figure",
            name="value",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="value"),
        ),
        migrations.AddConstraint(
            model_name="figure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "reported"), ("value__isnull", False)),
                    ("status", "being_counted"),
                    models.Q(("status", "unknown"), ("value__isnull", True)),
                    _connector="OR",
                ),
                name="figure_value_matches_status",
                violation_error_message="A reported figure needs a value; a figure not known "
                "has none.",
            ),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
