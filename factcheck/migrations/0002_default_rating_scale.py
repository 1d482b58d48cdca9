"""Seed the default rating scale, so a new desk can rate from its first day.

Editors may rename, reword or extend it in the admin; this runs once and never overwrites them.
"""

from django.db import migrations

SCALE = ("Default scale", 5, 1)

# slug, label, label_en, value, min_origins, description, description_en
RATINGS = [
    (
        "true",
        "Верно",
        "True",
        5,
        2,
        "Утверждение точно, и ничего существенного не упущено. Подтверждено как минимум двумя "
        "независимыми источниками.",
        "The statement is accurate and nothing significant is missing. Confirmed by at least two "
        "independent origins.",
    ),
    (
        "mostly-true",
        "В основном верно",
        "Mostly true",
        4,
        2,
        "Утверждение точно, но нуждается в уточнении или дополнительной информации.",
        "The statement is accurate but needs clarification or additional information.",
    ),
    (
        "half-true",
        "Полуправда",
        "Half true",
        3,
        1,
        "Утверждение верно лишь отчасти, упускает важные детали или вырывает факты из контекста.",
        "The statement is partly accurate but leaves out important details or takes things out of "
        "context.",
    ),
    (
        "mostly-false",
        "В основном неверно",
        "Mostly false",
        2,
        1,
        "В утверждении есть доля правды, но оно игнорирует важные факты, меняющие впечатление.",
        "The statement contains an element of truth but ignores critical facts that would give a "
        "different impression.",
    ),
    (
        "false",
        "Неверно",
        "False",
        1,
        2,
        "Утверждение не соответствует действительности. Опровергнуто как минимум двумя "
        "независимыми источниками.",
        "The statement is not accurate. Contradicted by at least two independent origins.",
    ),
    (
        "unproven",
        "Не доказано",
        "Unproven",
        None,
        1,
        "Доступные свидетельства не позволяют ни подтвердить, ни опровергнуть утверждение. Вердикт "
        "может измениться с появлением новых данных.",
        "The available evidence neither confirms nor refutes the statement. The verdict may change as "
        "new evidence appears.",
    ),
    (
        "outdated",
        "Устарело",
        "Outdated",
        None,
        1,
        "Утверждение было верным на момент, когда его сделали, но с тех пор данные изменились.",
        "The statement was accurate when it was made, but the facts have since changed.",
    ),
]


def seed(apps, schema_editor):
    RatingScale = apps.get_model("factcheck", "RatingScale")
    Rating = apps.get_model("factcheck", "Rating")
    name, best, worst = SCALE
    scale, _ = RatingScale.objects.get_or_create(
        name=name, defaults={"best_value": best, "worst_value": worst}
    )
    for position, (slug, label, label_en, value, min_origins, desc, desc_en) in enumerate(RATINGS):
        Rating.objects.get_or_create(
            slug=slug,
            defaults={
                "scale": scale,
                "label": label,
                "label_en": label_en,
                "value": value,
                "min_origins": min_origins,
                "description": desc,
                "description_en": desc_en,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
