"""The reads behind the public pages. Each function is one query (or a fixed few), whatever the size
of the desk, and each starts from `Verdict.objects.published()` or `.released()`.

Claims, events and figures are read from the frozen snapshot on the verdict's public revision, so
a claim being edited in the desk never shows through. The queries look inside the snapshot's JSON
with expressions that work on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.db import NotSupportedError
from django.db.models import BooleanField, F, Func, Q, QuerySet, TextField

from factcheck.models import Verdict, VerdictRevision


class SnapshotArrayHas(Func):
    """True when the JSON array `array` of a snapshot holds an element whose `key` (a dotted path
    inside the element, e.g. "source.id") is one of `values`.

    `SnapshotArrayHas("public_revision__snapshot", array="events", key="id", values=[3, 4])` finds
    the verdicts whose published claim concerns event 3 or 4. An empty `values` matches nothing but
    still runs the query, so a page's query count never depends on its data.
    """

    output_field = BooleanField()

    def __init__(self, snapshot, *, array: str, key: str, values):
        self.array = array
        self.key = key.split(".")
        self.values = [int(value) for value in values]
        super().__init__(F(snapshot) if isinstance(snapshot, str) else snapshot)

    def _in(self):
        return ", ".join(["%s"] * len(self.values)) or "NULL"

    def as_sqlite(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        sql = (
            f"EXISTS (SELECT 1 FROM json_each({column}, %s) AS element "
            f"WHERE json_extract(element.value, %s) IN ({self._in()}))"
        )
        path = "$." + ".".join(f'"{part}"' for part in self.key)
        return sql, (*params, f'$."{self.array}"', path, *self.values)

    def as_postgresql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        sql = (
            f"EXISTS (SELECT 1 FROM jsonb_array_elements({column} -> %s) AS element "
            f"WHERE (element #>> %s::text[])::bigint IN ({self._in()}))"
        )
        path = "{" + ",".join(self.key) + "}"
        return sql, (*params, self.array, path, *self.values)

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError(f"SnapshotArrayHas does not support {connection.vendor}.")


class SnapshotText(Func):
    """The text at a fixed path of a snapshot, e.g. ("claim", "slug"), as plain SQL text.

    Written out by hand rather than through Django's key transforms so that on PostgreSQL it is
    exactly the expression of the index `verdictrevision_claim_slug_idx` (migration 0004_site).
    """

    output_field = TextField()

    def __init__(self, snapshot, *path: str, **extra):
        self.path = path
        super().__init__(F(snapshot) if isinstance(snapshot, str) else snapshot, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        path = "$." + ".".join(f'"{part}"' for part in self.path)
        return f"json_extract({column}, %s)", (*params, path)

    def as_postgresql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        # A literal, not a parameter: the index expression has the literal path in it.
        literal = "{" + ",".join(self.path) + "}"
        if not all(part.isidentifier() for part in self.path):
            raise ValueError(f"unexpected snapshot path {self.path!r}")
        return f"({column} #>> '{literal}')", params


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
}
CARD_FIELDS = ("pk", "state", "first_published_at", "retracted_at", "retraction_reason")


def card_rows(queryset: QuerySet) -> QuerySet:
    """`queryset` (of published or released verdicts) as card dictionaries."""
    return queryset.values(*CARD_FIELDS, **CARD_VALUES)


def latest_published() -> QuerySet:
    return Verdict.objects.published().order_by("-public_revision__published_at", "-pk")


def with_claim_slug(queryset: QuerySet, slug: str) -> QuerySet:
    return queryset.alias(
        public_slug=SnapshotText("public_revision__snapshot", "claim", "slug")
    ).filter(public_slug=slug)


def verdict_for_slug(slug: str) -> Verdict | None:
    """The released verdict whose public revision has this claim slug, with what its page needs.

    One query: the verdict, its public revision (with the snapshot) and the rating that revision
    was published with (for what the rating means). Should two released verdicts share a slug (a
    claim renamed after publication, its old slug since taken), the latest publication wins.
    """
    return (
        with_claim_slug(Verdict.objects.released(), slug)
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
        .filter(slug=slug, verdict__in=Verdict.objects.released())
        .annotate(current=SnapshotText("verdict__public_revision__snapshot", "claim", "slug"))
        .order_by("-published_at")
        .values_list("current", flat=True)
        .first()
    )
    return revision if revision and revision != slug else None


def mentioning_events(queryset: QuerySet, event_ids) -> QuerySet:
    return queryset.filter(
        SnapshotArrayHas("public_revision__snapshot", array="events", key="id", values=event_ids)
    )


def citing_source(queryset: QuerySet, source_id: int) -> QuerySet:
    """Verdicts whose evidence includes a citation published or relayed from this source."""
    return queryset.filter(
        SnapshotArrayHas(
            "public_revision__snapshot", array="citations", key="source.id", values=[source_id]
        )
        | SnapshotArrayHas(
            "public_revision__snapshot", array="citations", key="relays.id", values=[source_id]
        )
    )


def claimed_by(queryset: QuerySet, source_id: int) -> QuerySet:
    return queryset.filter(public_revision__snapshot__claim__claimant__id=source_id)


def public_facets() -> tuple[set[int], set[int]]:
    """(claimant ids, event ids) named by any published snapshot: what may be listed publicly.

    One query reading two small parts of every published snapshot. Events and sources have no
    workflow of their own; they are public exactly while a published claim names them.
    """
    claimants, events = set(), set()
    rows = Verdict.objects.published().values_list(
        "public_revision__snapshot__claim__claimant__id", "public_revision__snapshot__events"
    )
    for claimant, event_list in rows:
        if claimant is not None:
            claimants.add(int(claimant))
        events.update(int(event["id"]) for event in event_list or ())
    return claimants, events


def published_filter(*, rating: str = "", event_ids=None, source_id: int | None = None) -> Q:
    condition = Q()
    if rating:
        condition &= Q(public_revision__rating__slug=rating)
    if source_id is not None:
        condition &= Q(public_revision__snapshot__claim__claimant__id=source_id)
    if event_ids is not None:
        condition &= Q(
            SnapshotArrayHas(
                "public_revision__snapshot", array="events", key="id", values=event_ids
            )
        )
    return condition
