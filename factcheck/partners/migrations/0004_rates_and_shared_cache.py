"""One rule for rates (factcheck.rates), and the table of the shared database cache.

Partner rates were once checked by a looser rule that read only the unit's first letter, so
`100/month` was stored and enforced as 100 per minute. Such rows are rewritten to what was
actually enforced (`100/min`), with a line in the partner's notes, so nothing changes for the
partner and the admin shows the truth. Rates the old rule could not read either are cleared (the
old throttle answered their every request with an error).

The cache table: the default cache (settings.CACHES, without REDIS_URL) is Django's database
cache in `factcheck_cache`. Made here so that `migrate` is all a fresh install needs; the same
as `manage.py createcachetable`, which does nothing when the table exists.
"""

import re

from django.db import migrations, models

import factcheck.rates

CACHE_TABLE = "factcheck_cache"  # settings.CACHE_TABLE
_OLD_UNITS = {"s": "s", "m": "min", "h": "hour", "d": "day"}


def fix_rates(apps, schema_editor):
    Partner = apps.get_model("partners", "Partner")
    for partner in Partner.objects.exclude(throttle_rate=""):
        try:
            factcheck.rates.parse_rate(partner.throttle_rate)
            continue
        except ValueError:
            pass
        old = partner.throttle_rate
        match = re.fullmatch(r"\s*([0-9]+)\s*/\s*([smhdSMHD]).*", old)
        count = int(match.group(1)) if match else 0
        if match and 1 <= count <= factcheck.rates.MAX_REQUESTS:
            partner.throttle_rate = f"{count}/{_OLD_UNITS[match.group(2).lower()]}"
        else:
            partner.throttle_rate = ""
        note = (
            f"Request rate {old!r} was not a valid rate; replaced by "
            f"{partner.throttle_rate or 'the default'!r}, which is how it was enforced."
        )
        partner.notes = f"{partner.notes}\n{note}".strip()
        partner.save(update_fields=["throttle_rate", "notes"])


def create_cache_table(apps, schema_editor):
    from django.core.management.commands.createcachetable import Command

    command = Command()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_delivery_claims"),
    ]

    operations = [
        migrations.RunPython(fix_rates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="partner",
            name="throttle_rate",
            field=models.CharField(
                blank=True,
                help_text="e.g. 600/min, 20/s or 5000/day (units: s, min, hour, day); empty means the desk's default (FACTCHECK_API_RATE).",
                max_length=20,
                validators=[factcheck.rates.validate_rate],
                verbose_name="request rate",
            ),
        ),
        migrations.RunPython(create_cache_table, drop_cache_table),
    ]
