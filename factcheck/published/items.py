"""A released verdict as partners receive it, in the API's feed and in webhooks alike.

The partner representation (its fields are documented by factcheck.api.serializers and the
OpenAPI schema) made from the public revision's snapshot, read through the one reader
(schema.read) and written out with its `dump`: no joins, no serializer walk. The API's views and
the webhook deliveries (factcheck.partners.webhooks) both stand on this module, so neither imports
the other, and a partner gets the same item whichever way it arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from factcheck.models import Verdict
from factcheck.published import public, schema
from factcheck.published.links import verdict_url
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
    """The absolute URL of the verdict's public page, in the verdict's language."""
    return verdict_url(published.claim.slug, published.verdict.language)


def _iso(value):
    return value.isoformat() if value else None


@dataclass
class Item:
    """A released verdict with its public revision read, and the published claims its conflicts
    name (factcheck.published.public.published_claims)."""

    verdict: Verdict
    published: PublishedVerdict | None
    others: dict[int, ClaimData] = field(default_factory=dict)


def items(verdicts) -> list[Item]:
    """Released verdicts as Items: one more query, only when any of them records a conflict."""
    found = [
        Item(
            v,
            schema.read(v.public_revision.snapshot) if v.state != Verdict.State.RETRACTED else None,
        )
        for v in verdicts
    ]
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
            "rating": published.rating.slug,
            "url": url_of(published),
            "updated_at": _iso(verdict.released_at),
        },
    }
