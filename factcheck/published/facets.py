"""Maintained counts of what published verdicts name (factcheck.models.PublicFacet): the one
writer.

The home page's filters and page counts, the sources index and the public events and sources
(factcheck.published.public) read these rows, so their cost follows the number of claimants,
events and sources, not the number of verdicts. The counts follow the one definition of
published (`public.verdicts()`): a verdict counts, at its public revision, from its publication
until its retraction.

- `record_release(before=..., after=...)`: called by factcheck.services in the transaction of
  each publication (first or republication: `before` is the revision that was public, if the
  verdict was published and not retracted) and retraction (`after=None`), after the feed lock is
  taken (services._stamp_release), so two releases never update a count at the same time.
- `rebuild()`: recomputes every count from the published snapshots; for the migration that
  creates the table and for bulk loaders that insert published verdicts without the services
  (bench/feed.py, bench/generate.py): call it once after the load.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from factcheck.models import PublicFacet, VerdictRevision
from factcheck.published import schema

Kind = PublicFacet.Kind
Key = tuple[str, int, int]  # (kind, object id, rating id)


def keys(rating_id: int, snapshot: dict) -> set[Key]:
    """The counts one published revision adds to: the totals, its claimant, the events it
    names, and every source it names in any role (claimant, publisher, relayed source)."""
    data = schema.read(snapshot)
    found: set[tuple[str, int]] = {(Kind.ALL, 0)}
    claimant = data.claim.claimant
    if claimant is not None:
        found |= {(Kind.CLAIMANT, claimant.id), (Kind.SOURCE, claimant.id)}
    found |= {(Kind.EVENT, event.id) for event in data.events}
    for citation in data.citations:
        found.add((Kind.SOURCE, citation.source.id))
        if citation.relays is not None:
            found.add((Kind.SOURCE, citation.relays.id))
    return {(kind, object_id, rating_id) for kind, object_id in found}


def _of(revision: VerdictRevision | None) -> set[Key]:
    return keys(revision.rating_id, revision.snapshot) if revision is not None else set()


def record_release(*, before: VerdictRevision | None, after: VerdictRevision | None) -> None:
    """Move one verdict's counts from the revision readers saw (`before`, None if none) to the
    one they see now (`after`, None on retraction). Call inside the release's transaction.

    A few statements per key the two revisions do not share; none for the keys they share.
    """
    old, new = _of(before), _of(after)
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


def counted() -> Counter:
    """Every count as it should be, computed from the published snapshots (O(archive))."""
    from factcheck.published import public

    counts: Counter = Counter()
    rows = public.verdicts().values_list("public_revision__rating_id", "public_revision__snapshot")
    for rating_id, snapshot in rows.iterator(chunk_size=2000):
        counts.update(keys(rating_id, snapshot))
    return counts


def _rows(counts: Counter) -> Iterable[PublicFacet]:
    for (kind, object_id, rating_id), verdicts in counts.items():
        yield PublicFacet(kind=kind, object_id=object_id, rating_id=rating_id, verdicts=verdicts)


@transaction.atomic
def rebuild() -> int:
    """Recompute every count from the published snapshots; returns the number of rows."""
    PublicFacet.objects.all().delete()
    return len(PublicFacet.objects.bulk_create(_rows(counted()), batch_size=2000))
