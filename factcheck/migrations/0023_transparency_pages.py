"""The transparency pages (IFCN) and the funding table; administrators alone may edit them; a fresh
desk starts with a short, sensible text on each page, for the administrators to make their own.
The texts are copied here, not imported, so the migration stays what it was when written."""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models


from factcheck.permissions import create_permissions_now

DEFAULTS = {
    "about": (
        "Мы — редакция, которая проверяет заявления о публичных событиях по доказательствам, "
        "которые можно найти и процитировать. Здесь администраторы редакции рассказывают об "
        "организации, её команде и владельцах.",
        "We are a desk that checks claims about public events against the evidence we can find "
        "and quote. Here the desk's administrators describe the organisation, its team and who "
        "owns it.",
    ),
    "funding": (
        "Мы публикуем каждого, кто нас финансирует, и каждую сумму по годам.",
        "We publish everyone who funds us, and every amount, year by year.",
    ),
    "contact": (
        "Пишите нам: [desk@example.org](mailto:desk@example.org). Просьбы об исправлениях: "
        "[corrections@example.org](mailto:corrections@example.org).",
        "Write to us: [desk@example.org](mailto:desk@example.org). Correction requests: "
        "[corrections@example.org](mailto:corrections@example.org).",
    ),
    "methodology": ("", ""),
    "corrections": (
        "Если мы ошиблись, мы исправляем материал и отмечаем исправление в нём самом и в журнале "
        "ниже. Отозванный материал остаётся по своему адресу с объяснением причины.",
        "When we get something wrong we correct it, and note the correction on the fact-check "
        "itself and in the log below. A retracted fact-check keeps its address and says why.",
    ),
}
# Reporters and editors get none of these: what the desk says about itself is the
# administrators' word.
ADMIN_PERMS = [
    "view_transparencypage",
    "change_transparencypage",
    "view_funding",
    "add_funding",
    "change_funding",
    "delete_funding",
]


def fill(apps, schema_editor):
    TransparencyPage = apps.get_model("factcheck", "TransparencyPage")
    for kind, (body_ru, body_en) in DEFAULTS.items():
        TransparencyPage.objects.get_or_create(
            kind=kind, defaults={"body_ru": body_ru, "body_en": body_en}
        )
    create_permissions_now(apps, "factcheck")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="factcheck", codename__in=ADMIN_PERMS)
    for group in Group.objects.filter(name="administrator"):
        group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0022_reader_submissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="Funding",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("funder", models.CharField(max_length=200, verbose_name="funder")),
                (
                    "funder_en",
                    models.CharField(blank=True, max_length=200, verbose_name="funder in English"),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "amount",
                    models.DecimalField(decimal_places=2, max_digits=14, verbose_name="amount"),
                ),
                (
                    "currency",
                    models.CharField(
                        help_text="ISO 4217, e.g. EUR.", max_length=3, verbose_name="currency"
                    ),
                ),
                ("purpose", models.CharField(blank=True, max_length=300, verbose_name="purpose")),
                (
                    "purpose_en",
                    models.CharField(blank=True, max_length=300, verbose_name="purpose in English"),
                ),
            ],
            options={
                "verbose_name": "funding",
                "verbose_name_plural": "funding",
                "ordering": ["-year", "-amount", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("amount__gte", 0)),
                        name="funding_amount_not_negative",
                        violation_error_message="An amount cannot be negative.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("year__gte", 1900), ("year__lte", 2200)),
                        name="funding_year_plausible",
                        violation_error_message="Give the year as four digits.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            django.db.models.lookups.Exact(
                                django.db.models.functions.text.Length("currency"), 3
                            ),
                            django.db.models.lookups.Exact(
                                django.db.models.functions.text.Upper("currency"),
                                models.F("currency"),
                            ),
                        ),
                        name="funding_currency_code",
                        violation_error_message="Give the currency as its three-letter code, e.g. EUR.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="TransparencyPage",
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
                            ("about", "Who we are"),
                            ("funding", "Funding"),
                            ("contact", "Contact"),
                            ("methodology", "How we check"),
                            ("corrections", "Corrections policy"),
                        ],
                        max_length=20,
                        unique=True,
                        verbose_name="page",
                    ),
                ),
                (
                    "body_ru",
                    models.TextField(
                        blank=True, help_text="Markdown.", verbose_name="text in Russian"
                    ),
                ),
                (
                    "body_en",
                    models.TextField(
                        blank=True, help_text="Markdown.", verbose_name="text in English"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="updated by",
                    ),
                ),
            ],
            options={
                "verbose_name": "transparency page",
                "verbose_name_plural": "transparency pages",
                "ordering": ["kind"],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
