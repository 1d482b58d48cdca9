"""Text helpers shared by the admin and the public site: Latin slugs from Russian and Kazakh text.

Django's slugify drops every letter outside ASCII, so "Захват аэропорта Алматы" would become an
empty slug. We transliterate first, with the simplified ISO 9 / GOST 7.79 scheme the big Russian
sites use in URLs (Yandex, Wikipedia's Latin URLs): ж→zh, х→kh, ц→ts, щ→shch, hard and soft signs
dropped; Kazakh letters map to their closest Russian-scheme Latin letter.
"""

import unicodedata

from django.db import models
from django.utils.text import slugify

# Explicit directional formatting: embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO,
# LRI, RLI, FSI, PDI). Each reorders the text after it; public pages drop them
# (factcheck.middleware.InertBidiMiddleware).
BIDI_FORMATTING = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Characters a reader cannot see: the above, the directional marks, zero-width spaces and joiners,
# the word joiner and invisible operators, the byte-order mark.
INVISIBLE = (
    BIDI_FORMATTING + "\u061c\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
)


def invisible_characters(text: str) -> list[str]:
    """Each invisible character in `text`, once, as "U+202E RIGHT-TO-LEFT OVERRIDE"."""
    found = dict.fromkeys(char for char in text if char in INVISIBLE)
    return [f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip() for char in found]


_CYRILLIC_TO_LATIN = {
    # Russian
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Kazakh
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
}
_TRANSLITERATION = str.maketrans(_CYRILLIC_TO_LATIN)


def slugify_ru(text: str, max_length: int) -> str:
    """A Latin slug of at most max_length characters; cut at a word boundary where there is one.

    >>> slugify_ru("Захват аэропорта Алматы", 50)
    'zakhvat-aeroporta-almaty'

    Returns "" when nothing sluggable is left (e.g. the text is only punctuation).
    """
    slug = slugify(text.lower().translate(_TRANSLITERATION))
    if len(slug) <= max_length:
        return slug
    cut = slug[:max_length]
    if slug[max_length] != "-" and "-" in cut:
        cut = cut.rsplit("-", 1)[0]  # do not end on half a word
    return cut.strip("-")


def unique_slug(text: str, *, instance: models.Model, field: str = "slug") -> str:
    """A slug for `instance` made from `text`, free among the other rows of its model.

    The first free of "base", "base-2", "base-3", ... within the field's max_length; a text with
    nothing sluggable in it gets the model's name as base ("claim", "claim-2", ...).
    """
    model = type(instance)
    max_length = model._meta.get_field(field).max_length
    base = slugify_ru(text, max_length) or model._meta.model_name
    others = (
        model._default_manager.exclude(pk=instance.pk) if instance.pk else model._default_manager
    )
    candidate, number = base, 1
    while others.filter(**{field: candidate}).exists():
        number += 1
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate
