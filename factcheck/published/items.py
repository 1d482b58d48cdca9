"""A released verdict as partners receive it, in the API's feed and in webhooks alike.

The partner representation (its fields are documented by factcheck.api.serializers and the
OpenAPI schema) made from the public revision's snapshot, read through the one reader
(schema.read) and written out with its `dump`: no joins, no serializer walk. The API's views and
the webhook deliveries (factcheck.partners.webhooks) both stand on this module, so neither imports
the other, and a partner gets the same item whichever way it arrives.

The feed serves most items as stored text: at each release (publication, correction, retraction)
the services store the item, made by `verdict_item` and encoded as the API encodes it, on the
verdict row (`Verdict.feed_item`, see `store_item`), and a page of the feed is those texts joined
(`feed_page_items`). The claims list and the ClaimReview DataFeed are served alike from the texts
stored with them (`Verdict.claim_item`, made by `claim_item`; `Verdict.review_item`, made by
`review_element`): a page of either costs one query and no snapshot read however large the
archive. Nothing else writes them: each text is this module's item, never a second copy of its
shape. An item is not stored when its claim records conflicts (the other claims' texts are
shown only while they are published, which can change without a release of this one), nor is a
stored one used once `item_key()` changed (another SITE_URL, new languages, a new ITEM_VERSION):
such items are made per request as before.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db.models import Case, F, Q, TextField, Value, When
from rest_framework.renderers import JSONRenderer

from factcheck.models import Verdict
from factcheck.published import public, schema
from factcheck.published.claimreview import data_feed_item
from factcheck.published.links import site_name, verdict_language, verdict_url
from factcheck.published.schema import ClaimData, PublishedVerdict

# Only what an item is made of: the row's feed fields and the public revision's snapshot, not
# the working copy's texts.
FEED_COLUMNS = (
    "id",
    "state",
    "feed_seq",
    "released_at",
    "first_published_at",
    "retracted_at",
    "retraction_reason",
    "public_revision__number",
    "public_revision__published_at",
    "public_revision__snapshot",
)


def released_verdicts():
    """Published verdicts and retraction tombstones, each with its public revision."""
    return public.released().select_related("public_revision").only(*FEED_COLUMNS)


def published_verdicts():
    """Published verdicts (no tombstones), each with its public revision."""
    return public.verdicts().select_related("public_revision").only(*FEED_COLUMNS)


def url_of(published: PublishedVerdict) -> str:
    """The absolute URL of the verdict's public page in the language of the text it carries (the
    verdict's own, or the version in_language chose)."""
    return verdict_url(published.claim.slug, published.verdict.language)


def _iso(value):
    return value.isoformat() if value else None


@dataclass
class Item:
    """A released verdict with its public revision read, and the published claims its conflicts
    name (factcheck.published.public.published_claims); `published` is in the language asked
    for (the API's `lang`) where the verdict has a version in it, else in the verdict's own."""

    verdict: Verdict
    published: PublishedVerdict | None
    others: dict[int, ClaimData] = field(default_factory=dict)


def items(verdicts, language: str | None = None) -> list[Item]:
    """Released verdicts as Items: one more query, only when any of them records a conflict."""
    found = [
        Item(
            v,
            schema.read(v.public_revision.snapshot) if v.state != Verdict.State.RETRACTED else None,
        )
        for v in verdicts
    ]
    if language:
        for item in found:
            if item.published is not None:
                item.published = item.published.in_language(language)
    ids = [c.claim_id for i in found if i.published for c in i.published.claim.conflicts]
    others = public.published_claims(ids) if ids else {}
    for item in found:
        item.others = others
    return found


def _conflicts(claim: ClaimData, others: dict[int, ClaimData]) -> list[dict]:
    return [
        schema.dump(conflict)
        | {
            "claim": {
                "id": other.id,
                "slug": other.slug,
                "short": other.short,
                "text": other.text,
                "language": other.language,
                "url": public_url(other),
            }
        }
        for conflict, other in public.visible_conflicts(claim, others)
    ]


def public_url(claim: ClaimData) -> str:
    return verdict_url(claim.slug, "")  # the site's default language


def figure_part(published: PublishedVerdict) -> dict | None:
    figure = published.claim.figure
    if figure is None:
        return None
    data = schema.dump(figure)
    # Named for what it qualifies; snapshots from before figures had a zone showed `as_of` in
    # the events' zone, as the site still does.
    data["as_of_time_zone"] = data.pop("time_zone") or published.time_zone
    return data


def claim_part(published: PublishedVerdict, others: dict[int, ClaimData]) -> dict:
    return schema.dump(published.claim) | {
        "figure": figure_part(published),
        "conflicts": _conflicts(published.claim, others),
    }


def evidence(published: PublishedVerdict) -> list[dict]:
    """The citations grouped by independent origin, each with its stance."""
    return [
        {
            "origin": schema.dump(group.origin),
            "citations": [
                {"id": c.id, "stance": c.stance, "weight": c.weight} for c in group.citations
            ],
        }
        for group in published.origin_groups()
    ]


def verdict_item(verdict: Verdict | Item) -> dict:
    """The feed item of a released verdict, from its row and its public revision's snapshot."""
    item = verdict if isinstance(verdict, Item) else items([verdict])[0]
    verdict, published = item.verdict, item.published
    revision = verdict.public_revision
    head = {
        "id": verdict.pk,
        "revision": revision.number,
        "status": "retracted" if verdict.state == Verdict.State.RETRACTED else "published",
        "updated_at": _iso(verdict.released_at),
        "first_published_at": _iso(verdict.first_published_at),
        "published_at": _iso(revision.published_at),
    }
    if published is None:
        # A tombstone: the reason, and nothing of the content, which partners must take down.
        return head | {
            "url": url_of(schema.read(revision.snapshot)),
            "retraction": {
                "reason": verdict.retraction_reason,
                "retracted_at": _iso(verdict.retracted_at),
            },
            "headline": None,
            "conclusion": None,
            "explanation": None,
            "language": None,
            "languages": [],
            "author": None,
            "rating": None,
            "claim": None,
            "citations": [],
            "evidence": [],
            "origin_count": None,
            "supporting_origins": None,
            "contradicting_origins": None,
            "events": [],
            "corrections": [],
        }
    text = published.verdict
    return head | {
        "url": url_of(published),
        "retraction": None,
        "headline": text.headline,
        "conclusion": text.conclusion,
        "explanation": text.explanation,
        "language": text.language,
        # Every language the verdict can be read in (its own first): ask with `lang`.
        "languages": published.languages,
        "author": text.author,
        "rating": schema.dump(published.rating),
        "claim": claim_part(published, item.others),
        "citations": schema.dump(published.citations),
        "evidence": evidence(published),
        "origin_count": published.origin_count,
        "supporting_origins": published.supporting_origins,
        "contradicting_origins": published.contradicting_origins,
        "events": schema.dump(published.events),
        "corrections": schema.dump(published.corrections),
    }


def claim_item(verdict: Verdict | Item) -> dict:
    item = verdict if isinstance(verdict, Item) else items([verdict])[0]
    verdict, published = item.verdict, item.published
    return claim_part(published, item.others) | {
        "citations": schema.dump(published.citations),
        "evidence": evidence(published),
        "origin_count": published.origin_count,
        "supporting_origins": published.supporting_origins,
        "contradicting_origins": published.contradicting_origins,
        "events": schema.dump(published.events),
        "verdict": {
            "id": verdict.pk,
            "revision": verdict.public_revision.number,
            "headline": published.verdict.headline,
            "language": published.verdict.language,
            "languages": published.languages,
            "rating": published.rating.slug,
            "url": url_of(published),
            "updated_at": _iso(verdict.released_at),
        },
    }


def review_element(published: PublishedVerdict) -> dict:
    """The ClaimReview DataFeed's element of a published verdict: a ClaimReview per language
    version, each presented in its language (its page under /en/ or /ru/, its `inLanguage`, its
    rating's label in that language)."""
    return data_feed_item(
        published, url_of=lambda language: verdict_url(published.claim.slug, language)
    )


# --- the items as stored text ------------------------------------------------------------------

# Bump when verdict_item's output changes for the same snapshot and row, with
# factcheck.api.conditional.REPRESENTATION: items stored under an older version are then no longer
# served (made per request) until `manage.py store_feed_items` writes them again.
# 2: ClaimReview's author url is the who-we-are page (transparency, issue 12), not the home page;
# ClaimReview per language version, items say their languages (issue 11).
ITEM_VERSION = "2"

# The API's encoder (compact, UTF-8, U+2028/U+2029 escaped): a stored item is byte for byte what
# the serializer path renders.
_renderer = JSONRenderer()


def encode(data) -> bytes:
    return _renderer.render(data)


def item_key() -> str:
    """What stored items depend on besides their verdict: their format, the URLs they carry and
    the desk's name (which the ClaimReview items name as their author, in each language).

    The URL of a verdict's page is absolute (SITE_URL) and language-prefixed (LANGUAGES), so a
    verdict URL in each language stands for all of them.
    """
    from django.conf import settings
    from django.utils import translation

    parts = [ITEM_VERSION]
    for code, _name in settings.LANGUAGES:
        with translation.override(verdict_language(code)):
            parts += [verdict_url("-", code), site_name()]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


# The texts stored with each release, besides the key they were made under.
STORED_TEXTS = ("feed_item", "claim_item", "review_item")


def stored_texts(
    verdict, published: schema.PublishedVerdict | None = None
) -> dict[str, str | None]:
    """The feed item, the claim item and the ClaimReview element of a released verdict as the
    texts to store (STORED_TEXTS), each None where it must not be stored.

    `verdict` needs the fields of FEED_COLUMNS (a historical model's row will do: the migration
    and bench/generate.py call this per row). The feed and claim items are None for an item
    naming conflicts (see above); the claim item and the ClaimReview element are None for a
    tombstone, which neither list shows. `published`: the public revision's snapshot already
    read (bench/generate.py holds it, as assembled, and skips reading back a million snapshots);
    read from the row otherwise.
    """
    if verdict.state == Verdict.State.RETRACTED:
        published = None
    elif published is None:
        published = schema.read(verdict.public_revision.snapshot)
    if published is None:
        return {"feed_item": encode(verdict_item(Item(verdict, None))).decode()} | dict.fromkeys(
            ("claim_item", "review_item")
        )
    review = encode(review_element(published)).decode()
    if published.claim.conflicts:
        return {"feed_item": None, "claim_item": None, "review_item": review}
    item = Item(verdict, published)
    return {
        "feed_item": encode(verdict_item(item)).decode(),
        "claim_item": encode(claim_item(item)).decode(),
        "review_item": review,
    }


def stored_text(verdict, published: schema.PublishedVerdict | None = None) -> str | None:
    """The feed item of a released verdict as the text to store, or None (see stored_texts)."""
    return stored_texts(verdict, published)["feed_item"]


class Releases:
    """How many releases this process has stored (store_item), counted at the release and again
    when its transaction commits: what the feed's fast path (factcheck.api.feed) remembers of
    the feed's position is forgotten as soon as this changes, so the process that released
    serves the release at once (other processes within FEED_STATE_SECONDS)."""

    count = 0

    @classmethod
    def note(cls) -> None:
        cls.count += 1


def store_item(verdict, key: str | None = None, published=None) -> list[str]:
    """Set the released verdict's stored texts (after its release fields); the fields to save.

    Called by factcheck.services at each release, after _stamp_release, in the same save.
    `published`: as for stored_text.
    """
    from django.db import transaction

    Releases.note()
    transaction.on_commit(Releases.note)
    texts = stored_texts(verdict, published)
    for name, text in texts.items():
        setattr(verdict, name, text)
    stored = any(text is not None for text in texts.values())
    verdict.feed_item_key = (key or item_key()) if stored else ""
    return [*STORED_TEXTS, "feed_item_key"]


def store_items(queryset, *, batch: int = 1000) -> int:
    """Write the stored item of every released verdict in `queryset`; returns how many.

    For existing archives (the migration that added the column, `manage.py store_feed_items`
    after a change of SITE_URL or ITEM_VERSION); works on historical models too. The desk may be
    publishing meanwhile: a row is written only if it is still at the release it was read at, so
    a newer item stored by a release is never overwritten with an older one.
    """
    from django.db import transaction

    key, done, pending = item_key(), 0, []
    model = queryset.model
    # A historical model (an earlier migration's) may hold only some of the texts.
    texts = [name for name in STORED_TEXTS if name in {f.name for f in model._meta.fields}]
    rows = (
        queryset.filter(public_revision__isnull=False)
        .select_related("public_revision")
        .only(*FEED_COLUMNS, *texts, "feed_item_key")
        .order_by("pk")
    )

    def write():
        with transaction.atomic():
            for verdict in pending:
                model.objects.filter(pk=verdict.pk, feed_seq=verdict.feed_seq).update(
                    feed_item_key=verdict.feed_item_key,
                    **{name: getattr(verdict, name) for name in texts},
                )

    for verdict in rows.iterator(chunk_size=batch):
        store_item(verdict, key)
        pending.append(verdict)
        if len(pending) >= batch:
            write()
            done, pending = done + len(pending), []
    write()
    return done + len(pending)


def feed_rows(queryset, keys=("feed_seq",), text: str = "feed_item", language: str | None = None):
    """The feed's rows as (pk, *keys, stored_item) tuples, named: `stored_item` is the item's text
    when it is stored under the current key, else None. `keys` are the fields the page is ordered
    by (for its cursor); `text` is which of STORED_TEXTS the page serves. One query that reads no
    snapshot and makes no model object.

    `language` (the API's `lang`): the stored texts are in the verdict's own language, so they
    serve only the verdicts written in it; the others are made in that language (or in their
    own, if they have no version in it) by feed_page_items. (ClaimReview elements carry every
    version: `language` is not given for them.)"""
    usable = Q(feed_item_key=item_key())
    if language:
        usable &= Q(public_revision__language=language)
    stored = Case(When(usable, then=F(text)), default=Value(None), output_field=TextField())
    fields = dict.fromkeys(["pk", *keys])
    return queryset.annotate(stored_item=stored).values_list(*fields, "stored_item", named=True)


def feed_page_items(rows, make=verdict_item, language: str | None = None) -> list[str]:
    """The items of feed_rows, as JSON texts in the rows' order.

    The stored ones as they are; the others made now by `make` (verdict_item, claim_item, or
    review_page_element for the stored text it stands for), as the serializer path makes them:
    one query for their rows and, as there, one for the published claims their conflicts name.
    """
    missing = [row.pk for row in rows if row.stored_item is None]
    made = {}
    if missing:
        verdicts = released_verdicts().in_bulk(missing)
        made = {
            item.verdict.pk: encode(make(item)).decode()
            for item in items([verdicts[pk] for pk in missing], language)
        }
    return [row.stored_item if row.stored_item is not None else made[row.pk] for row in rows]


def review_page_element(item: Item) -> dict:
    """review_element for an Item, as feed_page_items makes the ClaimReview elements not stored."""
    return review_element(item.published)
