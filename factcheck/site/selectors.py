"""The site's reads: verdict cards and the verdict page's lookups, on the read model
(factcheck.published). Each function is one query (or a fixed few), whatever the size of the desk.

What is public is decided in factcheck.published.public; this module only shapes the rows the
site's pages render.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet

from factcheck.models import Verdict, VerdictRevision
from factcheck.published import public
from factcheck.published.sql import SnapshotText

# What a verdict card needs: the public revision's columns and the small parts of its snapshot
# (the claim with its claimant and figure, the rating, the events), never the whole document with
# its citations and explanation.
CARD_VALUES = {
    "revision_id": F("public_revision_id"),
    "revision_number": F("public_revision__number"),
    "revision_published_at": F("public_revision__published_at"),
    "revision_headline": F("public_revision__headline"),
    "revision_conclusion": F("public_revision__conclusion"),
    "revision_language": F("public_revision__language"),
    "snapshot_claim": F("public_revision__snapshot__claim"),
    "snapshot_rating": F("public_revision__snapshot__rating"),
    "snapshot_events": F("public_revision__snapshot__events"),
    # The verdict's versions in other languages (format 3): a card shows the reader's.
    "snapshot_translations": F("public_revision__snapshot__translations"),
}
CARD_FIELDS = ("pk", "state", "first_published_at", "retracted_at", "retraction_reason")

latest_published = public.latest
with_claim_slug = public.with_claim_slug


def card_rows(queryset: QuerySet) -> QuerySet:
    """`queryset` (of published or released verdicts) as card dictionaries."""
    return queryset.values(*CARD_FIELDS, **CARD_VALUES)


def verdict_for_slug(slug: str) -> Verdict | None:
    """The released verdict whose public revision has this claim slug, with what its page needs.

    One query: the verdict, its public revision (with the snapshot) and the rating that revision
    was published with (for what the rating means). Should two released verdicts share a slug (a
    claim renamed after publication, its old slug since taken), the latest publication wins.
    """
    return (
        public.with_claim_slug(public.released(), slug)
        .select_related("public_revision__rating__scale")
        .order_by("-public_revision__published_at")
        .first()
    )


def moved_slug_target(slug: str) -> str | None:
    """The current public slug of the released verdict that was once published under `slug`.

    Old slugs are not stored anywhere else: every revision's snapshot keeps the slug it was
    published under, so a slug changed at a republication still redirects for good.
    """
    revision = (
        VerdictRevision.objects.alias(slug=SnapshotText("snapshot", "claim", "slug"))
        .filter(slug=slug, verdict__in=public.released())
        .annotate(current=SnapshotText("verdict__public_revision__snapshot", "claim", "slug"))
        .order_by("-published_at")
        .values_list("current", flat=True)
        .first()
    )
    return revision if revision and revision != slug else None


def published_filter(*, rating: str = "", event_ids=None, source_id: int | None = None) -> Q:
    condition = Q()
    if rating:
        condition &= Q(public_revision__rating__slug=rating)
    if source_id is not None:
        condition &= public.mentioning(public.FacetKind.CLAIMANT, [source_id])
    if event_ids is not None:
        condition &= public.mentioning(public.FacetKind.EVENT, event_ids)
    return condition
