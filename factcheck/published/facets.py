"""What published verdicts name, maintained at each release: the one writer of the counts
(factcheck.models.PublicFacet) and the mentions (PublicMention).

The home page's filters and page counts, the sources index and the public events and sources
(factcheck.published.public) read the counts, so their cost follows the number of claimants,
events and sources, not the number of verdicts; "the published verdicts naming X" (timelines,
figures, source pages, the event filter) is found through the mentions' index. Both follow the
one definition of published (`public.verdicts()`): a verdict counts, at its public revision, from
its publication until its retraction.

- `record_release(verdict_id, before=..., after=...)`: called by factcheck.services in the
  transaction of each publication (first or republication: `before` is the revision that was
  public) and retraction (`after=None`), after the feed lock is taken (services._stamp_release),
  so two releases never update a count at the same time.
- `rebuild()`: recomputes everything from the published snapshots; for bulk loaders that insert
  published verdicts without the services (bench/feed.py, bench/generate.py): call it once after
  the load. A loader that writes the counts itself calls `rebuild_totals()` after them.
- The claimants' totals (ClaimantTotal, all ratings together: the sources index's order) follow
  the counts of kind claimant: kept by `record_release`, recomputed by `rebuild_totals()`. The migration that creates the tables fills them the same way (`named`).
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.db.models import F, Q, Sum

from factcheck.models import ClaimantTotal, PublicFacet, PublicMention, VerdictRevision
from factcheck.published import schema

Kind = PublicFacet.Kind


def named(snapshot: dict) -> set[tuple[str, int]]:
    """(kind, id) of what one published snapshot names: its claimant, its events, and the
    sources its citations were published by or relay."""
    return names_of(schema.read(snapshot))


def names_of(data: schema.PublishedVerdict) -> set[tuple[str, int]]:
    """`named` of a snapshot already read (bench/generate.py has it in memory, unwritten)."""
    found = {(Kind.EVENT, event.id) for event in data.events}
    if data.claim.claimant is not None:
        found.add((Kind.CLAIMANT, data.claim.claimant.id))
    for citation in data.citations:
        found.add((Kind.CITED, citation.source.id))
        if citation.relays is not None:
            found.add((Kind.CITED, citation.relays.id))
    return found


def counts_of(rating_id: int, names: set[tuple[str, int]]) -> set[tuple[str, int, int]]:
    """The counts (kind, id, rating id) one published revision adds one to: what it names, and
    the totals (Kind.ALL, 0), each under its rating."""
    return {(kind, object_id, rating_id) for kind, object_id in names | {(Kind.ALL, 0)}}


def _counts(revision: VerdictRevision | None) -> tuple[set, set]:
    if revision is None:
        return set(), set()
    names = named(revision.snapshot)
    return names, counts_of(revision.rating_id, names)


def record_release(
    verdict_id: int,
    *,
    before: VerdictRevision | None,
    after: VerdictRevision | None,
    released_at=None,
) -> None:
    """Move one verdict from the revision readers saw (`before`, None if none) to the one they
    see now (`after`, None on retraction), released at `released_at` (the verdict's new
    released_at, needed with `after`). Call inside the release's transaction.

    A few statements per count the two revisions do not share, none for those they share.
    """
    old_names, old = _counts(before)
    new_names, new = _counts(after)
    for kind, object_id, rating_id in sorted(old - new):
        row = PublicFacet.objects.filter(kind=kind, object_id=object_id, rating_id=rating_id)
        # A row lives only while its count is above zero (publicfacet_positive).
        if not row.filter(verdicts__gt=1).update(verdicts=F("verdicts") - 1):
            row.delete()
    for kind, object_id, rating_id in sorted(new - old):
        row = PublicFacet.objects.filter(kind=kind, object_id=object_id, rating_id=rating_id)
        if not row.update(verdicts=F("verdicts") + 1):
            PublicFacet.objects.create(
                kind=kind, object_id=object_id, rating_id=rating_id, verdicts=1
            )
    gone = old_names - new_names
    for kind, source_id in sorted(gone):
        if kind == Kind.CLAIMANT:
            total = ClaimantTotal.objects.filter(source_id=source_id)
            if not total.filter(verdicts__gt=1).update(verdicts=F("verdicts") - 1):
                total.delete()
    for kind, source_id in sorted(new_names - old_names):
        if kind == Kind.CLAIMANT:
            total = ClaimantTotal.objects.filter(source_id=source_id)
            if not total.update(verdicts=F("verdicts") + 1):
                ClaimantTotal.objects.create(source_id=source_id, verdicts=1)
    if gone:
        which = Q()
        for kind in {kind for kind, _id in gone}:
            which |= Q(kind=kind, object_id__in=[i for k, i in gone if k == kind])
        PublicMention.objects.filter(which, verdict_id=verdict_id).delete()
    if after is not None:
        PublicMention.objects.filter(verdict_id=verdict_id).update(released_at=released_at)
    PublicMention.objects.bulk_create(
        PublicMention(
            verdict_id=verdict_id, kind=kind, object_id=object_id, released_at=released_at
        )
        for kind, object_id in sorted(new_names - old_names)
    )


@transaction.atomic
def rebuild() -> tuple[int, int]:
    """Recompute every count and mention from the published snapshots (O(archive)); returns
    the numbers of count and mention rows."""
    from factcheck.published import public

    PublicFacet.objects.all().delete()
    PublicMention.objects.all().delete()
    counts: Counter = Counter()
    mentions = 0
    batch: list[PublicMention] = []
    rows = public.verdicts().values_list(
        "pk", "released_at", "public_revision__rating_id", "public_revision__snapshot"
    )
    for verdict_id, released_at, rating_id, snapshot in rows.iterator(chunk_size=2000):
        names = named(snapshot)
        counts.update(counts_of(rating_id, names))
        batch += [
            PublicMention(verdict_id=verdict_id, kind=k, object_id=i, released_at=released_at)
            for k, i in names
        ]
        if len(batch) >= 5000:
            mentions += len(PublicMention.objects.bulk_create(batch))
            batch = []
    mentions += len(PublicMention.objects.bulk_create(batch))
    PublicFacet.objects.bulk_create(
        (
            PublicFacet(kind=kind, object_id=object_id, rating_id=rating_id, verdicts=n)
            for (kind, object_id, rating_id), n in counts.items()
        ),
        batch_size=2000,
    )
    rebuild_totals()
    return len(counts), mentions


@transaction.atomic
def rebuild_totals() -> int:
    """Recompute the claimants' totals from the counts (O(claimants)); returns their number."""
    ClaimantTotal.objects.all().delete()
    rows = (
        PublicFacet.objects.filter(kind=Kind.CLAIMANT)
        .values("object_id")
        .annotate(n=Sum("verdicts"))
        .values_list("object_id", "n")
    )
    return len(
        ClaimantTotal.objects.bulk_create(
            (ClaimantTotal(source_id=source_id, verdicts=n) for source_id, n in rows),
            batch_size=2000,
        )
    )
