"""What is public: one definition each, the querysets every page, feed and endpoint starts from.

Verdicts   `verdicts()`: Verdict.objects.published(); `released()` adds retraction tombstones.
Claims     `claims()`: claims whose verdict is published, as that verdict's snapshot froze them.
Events     An event is public when
             1. a published snapshot names it ("named"), or
             2. it is the umbrella (parent, at any depth) of a public event of kind 1: readers
                reach a named event through its umbrella's timeline, or
             3. an editor put it on its umbrella's timeline (Event.on_timeline) and that umbrella
                (its parent) is itself public (of any kind).
           Events of kinds 1 and 2 have a page of their own (`event_pages()`); events of kind 3
           appear on their umbrella's timeline, in the events index and in the API, but have no
           page until a published claim names them. Nothing else is public: not a sibling or
           a child that nobody showed, not an event only a draft names.
Links      `event_links()`: EventLinks whose both ends are public events.
Citations  `citation_is_public()`: a citation that a published snapshot cites (its archived
           copy is public).
Sources    `sources()`: the claimants, and the publishers and relayed sources of citations, that
           published snapshots name. Sources have no workflow of their own.
Figures    `figures()`: the live figure rows of published claims, for what snapshots cannot know
           (a successor published later); their values are read from the snapshots.
Changed    `last_change()`: when readers' view of any verdict last changed.
Counts     `facet_ids()`, `published_count()`, `claimant_ratings()`: how many published verdicts
           name each claimant, event or source, per rating, read from the counts that
           factcheck.published.facets maintains at each publication and retraction (the same
           definition: a verdict counts at its public revision while `verdicts()` holds it).

Events and sources are read from those counts (what published snapshots name), in one query each
(a recursive query over the event tree for events), so a page's query count never depends on
them, and their cost follows the number of events and sources, not the number of verdicts. Lists
that page through them in id order (the API's) test each row instead (`IsPublicEvent`,
`events_in_order()`, `links_of()`, and `sources()`'s probe), so that a page reads its own rows.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy

from events.models import Event, EventLink
from factcheck.models import Claim, ClaimantTotal, Figure, PublicFacet, PublicMention, Verdict
from factcheck.published.schema import ClaimData, ConflictData, read_claim
from factcheck.published.sql import SnapshotArrayHas, SnapshotText
from sources.models import Source

# What the maintained counts and mentions record (factcheck.published.facets).
FacetKind = PublicFacet.Kind

# --- verdicts and claims -------------------------------------------------------------------


def verdicts() -> QuerySet:
    """Published verdicts (not retracted): the one definition, Verdict.objects.published()."""
    return Verdict.objects.published()


def released() -> QuerySet:
    """Published verdicts and the tombstones of retracted ones."""
    return Verdict.objects.released()


def latest() -> QuerySet:
    """Published verdicts, the latest publication (or republication) first.

    released_at is the time of the verdict's last publication for every published verdict (a
    retraction, the other release, takes it out of `verdicts()`); ordered by it with the pk, so
    that `verdict_published_latest_idx` serves the order and a page reads only its rows.
    """
    return verdicts().order_by("-released_at", "-pk")


def last_change():
    """When readers' view of any verdict last changed: the last release's time (release_mark)."""
    return release_mark()[0]


def release_mark() -> tuple:
    """(time, feed position) of the last release: one query, one read of an index's end.

    The position is taken with the time under the feed lock and grows at every release, so it
    tells two releases apart even when the clock gave them the same time (released_at never goes
    backwards, so it may repeat): what a page may answer 304 from, before its work.

    Read as the row at the end of the feed's keyset (verdict_feed_seq_unique), whose time is the
    latest (services._stamp_release), not as MAX(released_at), MAX(feed_seq): SQLite reads a
    maximum off an index only when it is a query's one aggregate, and for two it read every
    released verdict's row (250 ms at 20,000 verdicts; bench/pages.py --sqlite). Served by
    verdict_feed_seq_unique on PostgreSQL, verdict_released_feed_idx on SQLite.
    """
    mark = (
        released()
        .filter(feed_seq__isnull=False)
        .order_by("-feed_seq")
        .values_list("released_at", "feed_seq")
        .first()
    )
    return mark or (None, None)


def claims() -> QuerySet:
    return Claim.objects.published()


def published_claims(ids) -> dict[int, ClaimData]:
    """The claims among `ids` that are published now, as their public snapshots froze them.

    One query. For conflicts: a conflict with a claim that is not (or no longer) published is
    never shown, so an unpublished claim's text cannot leak through it.
    """
    rows = (
        verdicts()
        .filter(claim_id__in=sorted(set(ids)) or [0])
        .values_list("claim_id", "public_revision__snapshot__claim")
    )
    return {claim_id: read_claim(data) for claim_id, data in rows}


def visible_conflicts(
    claim: ClaimData, published: dict[int, ClaimData]
) -> list[tuple[ConflictData, ClaimData]]:
    """The claim's recorded conflicts whose other claim is published, with that claim."""
    return [(c, published[c.claim_id]) for c in claim.conflicts if c.claim_id in published]


# --- filters over published snapshots ------------------------------------------------------


def with_claim_slug(queryset: QuerySet, slug: str) -> QuerySet:
    return queryset.alias(
        public_slug=SnapshotText("public_revision__snapshot", "claim", "slug")
    ).filter(public_slug=slug)


def mentioning(kind: str, ids) -> Q:
    """Verdicts whose public revision names one of `ids` (a list, or a queryset of ids) as
    `kind`: through the mentions' index (publicmention_unique), never by reading the snapshots.
    An empty `ids` matches nothing but still runs the query, so a page's query count never
    depends on its data."""
    if not isinstance(ids, QuerySet):  # else a subquery of ids, run as part of the page's query
        ids = [int(i) for i in ids]
    return Q(pk__in=PublicMention.objects.filter(kind=kind, object_id__in=ids).values("verdict"))


def latest_mentioning(kind: str, ids, per: int) -> Q:
    """Verdicts among the latest `per` published verdicts that name each of `ids` as `kind`: one
    query, a backward walk of publicmention_latest_idx per id (`per` rows each), so a page listing
    what names an event or a source reads a bounded number of rows however many there are."""
    table = PublicMention._meta.db_table
    part = (
        f"SELECT * FROM (SELECT verdict_id FROM {table} WHERE kind = %s AND object_id = %s "
        "ORDER BY released_at DESC, verdict_id DESC LIMIT %s) AS latest_{}"
    )
    ids = sorted({int(i) for i in ids})
    sql = " UNION ALL ".join(part.format(n) for n in range(len(ids)))
    params = [value for i in ids for value in (kind, i, int(per))]
    if not ids:  # still a query, so that a page's query count never depends on its data
        sql, params = f"SELECT verdict_id FROM {table} WHERE 1 = 0", []
    return Q(pk__in=RawSQL(sql, params))


def latest_with_figure(kind: str, ids: QuerySet, limit: int) -> Q:
    """The latest `limit` published verdicts naming one of `ids` (a queryset of ids) as `kind`
    whose claim has a figure: one subquery over the mentions of those ids
    (publicmention_latest_idx), each joined to its claim's figure row (by its unique claim_id),
    so that a figures page reads the verdicts it shows, not every verdict about the story. The figure shown is
    the snapshot's: a claim whose figure row was added since its publication is then left out by
    the page (its snapshot has none), and one whose row was deleted since is not offered."""
    return Q(
        pk__in=PublicMention.objects.filter(
            kind=kind, object_id__in=ids, verdict__claim__figure__isnull=False
        )
        .order_by("-released_at", "-verdict_id")
        .values("verdict")[: int(limit)]
    )


# The three filters below read the snapshots of `queryset` (any released verdicts, tombstones
# included: the partner API filters those too), row by row. The site lists published verdicts
# only, through the maintained mentions' index: `mentioning()` and `latest_mentioning()`.


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


def citation_is_public(citation_id: int) -> bool:
    """Whether a published verdict cites this citation as readers see it (its public snapshot),
    so that its archived copy may be shown (sources.archiving.views). One query: the claims that
    cite it now (claimcitation's index) narrow the snapshots read; a citation that only a
    snapshot still names (removed from the claim since) is not reachable, which errs on the
    safe side until the next publication."""
    return (
        verdicts()
        .filter(claim__claim_citations__citation_id=citation_id)
        .filter(
            SnapshotArrayHas(
                "public_revision__snapshot", array="citations", key="id", values=[citation_id]
            )
        )
        .exists()
    )


def claimed_by(queryset: QuerySet, source_id: int) -> QuerySet:
    return queryset.filter(public_revision__snapshot__claim__claimant__id=source_id)


# --- counts ------------------------------------------------------------------------------


def facet_ids(*kinds: str) -> QuerySet:
    """The ids of the claimants (FacetKind.CLAIMANT), events (EVENT) or cited sources (CITED)
    that published snapshots name, as a subquery: rows of the maintained counts, once each
    (DISTINCT: one row per rating otherwise, which PostgreSQL multiplies in its estimate of the
    recursive query over the event tree, enough to JIT-compile a query of a millisecond)."""
    return PublicFacet.objects.filter(kind__in=kinds).values("object_id").distinct()


def published_count(
    kind: str = FacetKind.ALL, object_id: int = 0, rating_id: int | None = None
) -> int:
    """How many published verdicts name `object_id` as `kind` (FacetKind.ALL: all of them), with
    this rating if given. Exact, and one query reading a few rows of the maintained counts (one
    per rating at most), never the verdicts."""
    rows = PublicFacet.objects.filter(kind=kind, object_id=object_id)
    if rating_id is not None:
        rows = rows.filter(rating_id=rating_id)
    return rows.aggregate(n=Sum("verdicts"))["n"] or 0


def claimant_totals() -> QuerySet:
    """Each claimant of a published verdict with its number of published verdicts, most first
    (ClaimantTotal, kept at each release beside the counts): read from claimanttotal_order_idx,
    so a page of claimants reads its own rows."""
    return ClaimantTotal.objects.order_by("-verdicts", "source_id")


def top_claimants(limit: int) -> QuerySet:
    """Ids of the `limit` claimants with the most published verdicts, as a subquery: the first
    entries of the totals' index, however many claimants there are."""
    return claimant_totals().values("source_id")[: int(limit)]


def claimant_ratings() -> QuerySet:
    """(claimant id, rating slug, published verdicts) for every claimant of a published verdict."""
    return PublicFacet.objects.filter(kind=FacetKind.CLAIMANT).values_list(
        "object_id", "rating__slug", "verdicts"
    )


# --- events --------------------------------------------------------------------------------


def _events_sql(final: str, within: QuerySet | None = None) -> tuple[str, list]:
    """The public events (see the module's docstring) as SQL; `final` is "paged" (kinds 1 and
    2) or "shown" (all three kinds). With `within`, see _events_within_sql.

    `shown` adds to `paged` the events editors put on a public timeline (`extra`), rather than
    recursing from `paged` itself: PostgreSQL estimates a recursive query at ten times its
    starting rows per step, so starting from the few events on a timeline keeps its estimate
    (and the pages' plans) small as the archive grows, where starting from every public event
    made it large enough to JIT-compile a query of a millisecond.
    """
    if within is not None:
        return _events_within_sql(final, within)
    named, params = facet_ids(FacetKind.EVENT).query.sql_with_params()
    table = Event._meta.db_table
    sql = (
        f"WITH RECURSIVE named(id) AS ({named}), "
        f"paged(id) AS (SELECT id FROM named UNION SELECT e.parent_id FROM {table} e "
        "JOIN paged p ON e.id = p.id WHERE e.parent_id IS NOT NULL), "
        f"extra(id) AS (SELECT e.id FROM {table} e WHERE e.on_timeline "
        "AND e.parent_id IN (SELECT id FROM paged) "
        f"UNION SELECT e.id FROM {table} e JOIN extra x ON e.parent_id = x.id "
        "WHERE e.on_timeline) "
        + (
            "SELECT id FROM paged"
            if final == "paged"
            else "SELECT id FROM paged UNION SELECT id FROM extra"
        )
    )
    return sql, list(params)


def _events_within_sql(final: str, within: QuerySet) -> tuple[str, list]:
    """Which of the events `within` (a queryset of event ids) are public ("shown") or have a
    page ("paged"), reading only what is below them (and, for "shown", above them): the same
    definition, decided from a story rather than from every named event.

    An event has a page when a published snapshot names it or an event below it. It is public
    when it has a page, or when it is on its parent's timeline and that parent is public: so
    when one of the events met going up from it, as long as each is on its parent's timeline
    (`chain`), has a page, that is when something below one of them is named. A published
    snapshot naming something is read from the counts' index (publicfacet_unique), probed once
    per event below (a scalar subquery with LIMIT: the planner cannot turn it into a scan of
    every event's counts, as it may an IN or EXISTS). Two short recursions, each starting from
    the given events, keep PostgreSQL's estimates (and so its plan) small.

    On PostgreSQL each step down reads the children of the events met so far through the
    parent's index (events_event_parent_id), in a LATERAL subquery that OFFSET 0 keeps apart: as
    a plain join, the recursion's estimate (ten times its starting rows per step) made PostgreSQL
    hash every event instead, a scan of the whole table on each home page, timeline and figures
    page (22,000 events at 1M verdicts: 10 ms of a query that now takes 2-3 ms, for any number of
    events). SQLite has no LATERAL and walks the index for the plain join.
    """
    seed, params = within.query.sql_with_params()
    vendor = connections[within.db].vendor
    table, facets = Event._meta.db_table, PublicFacet._meta.db_table
    climb = (
        f"UNION SELECT c.origin, e.id, e.parent_id, e.on_timeline FROM {table} e "
        "JOIN chain c ON e.id = c.parent_id WHERE c.on_timeline "
        if final == "shown"
        else ""
    )
    sql = (
        "WITH RECURSIVE "
        f"chain(origin, id, parent_id, on_timeline) AS (SELECT id, id, parent_id, on_timeline "
        f"FROM {table} WHERE id IN ({seed}) {climb}), "
        f"below(origin, id) AS (SELECT origin, id FROM chain UNION {_children(table, vendor)}) "
        f"SELECT b.origin FROM below b WHERE (SELECT 1 FROM {facets} f WHERE f.kind = %s "
        "AND f.object_id = b.id LIMIT 1) IS NOT NULL"
    )
    return sql, [*params, FacetKind.EVENT]


def _children(table: str, vendor: str, carry: str = "b.origin, ") -> str:
    """The recursive step of a `below` walk (_events_within_sql, IsPublicEvent): the children of
    the events met, with the `carry` columns of their parent's row."""
    if vendor == "postgresql":
        return (
            f"SELECT {carry}e.id FROM below b CROSS JOIN LATERAL "
            f"(SELECT e.id FROM {table} e WHERE e.parent_id = b.id OFFSET 0) e"
        )
    return f"SELECT {carry}e.id FROM {table} e JOIN below b ON e.parent_id = b.id"


class IsPublicEvent(Func):
    """True when the event whose id is the given expression is public (kinds 1 to 3): the same
    definition as `_events_within_sql("shown", ...)`, decided for one event at a time from what is
    above and below it, as a correlated EXISTS.

    For lists in id order (the API's events, `events_in_order()`): PostgreSQL walks the events'
    primary key and tests each row until the page is full, and the test stops at the first named
    event it meets (the recursions are read lazily), so a page costs its rows' trees, not the
    archive (every public event was computed for each page before: 185 ms at 1M verdicts, 20k
    events). The test is not pulled up into a join (a sublink holding a WITH stays a subplan).
    It suits reading a few events; to read every public event, `public_event_ids()` computes them
    at once.

    On PostgreSQL the recursive steps are written as LATERAL subqueries with OFFSET 0, so that
    each is an index probe (events_event's parent_id index, its primary key) per event met:
    PostgreSQL estimates a recursion's rows at ten times its start per step, and with a plain
    join it hashed every event (10 ms at 22,000 events) to descend from one. SQLite has no
    LATERAL and walks its indexes for a plain join.
    """

    output_field = BooleanField()

    def __init__(self, event):
        super().__init__(F(event) if isinstance(event, str) else event)

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        table, facets = Event._meta.db_table, PublicFacet._meta.db_table
        if connection.vendor == "postgresql":
            up = (
                f"chain c, LATERAL (SELECT p.id, p.parent_id, p.on_timeline FROM {table} p "
                "WHERE p.id = c.parent_id OFFSET 0) e"
            )
        else:
            up = f"chain c JOIN {table} e ON e.id = c.parent_id"
        sql = (
            "EXISTS (WITH RECURSIVE "
            "chain(id, parent_id, on_timeline) AS (SELECT s.id, s.parent_id, s.on_timeline "
            f"FROM {table} s WHERE s.id = {column} "
            f"UNION SELECT e.id, e.parent_id, e.on_timeline FROM {up} WHERE c.on_timeline), "
            f"below(id) AS (SELECT id FROM chain UNION "
            f"{_children(table, connection.vendor, carry='')}) "
            f"SELECT 1 FROM below b WHERE EXISTS (SELECT 1 FROM {facets} f "
            "WHERE f.kind = %s AND f.object_id = b.id))"
        )
        return sql, (*params, FacetKind.EVENT)


def events_in_order() -> QuerySet:
    """Public events (kinds 1 to 3), each tested on its own (IsPublicEvent): for a page of them
    in id order, which then reads its own rows, however many events the archive holds. The
    walk tests the events it passes, public or not: it stays short while most events are
    public (a desk's drafts are a few stories among many published ones)."""
    return Event.objects.filter(IsPublicEvent("pk"))


def public_event_ids(within: QuerySet | None = None) -> RawSQL:
    """Ids of the public events (kinds 1 to 3); with `within` (a queryset of event ids), those
    of them that are public, decided from what is below and above them only."""
    return RawSQL(*_events_sql("shown", within))


def event_page_ids(within: QuerySet | None = None) -> RawSQL:
    """Ids of the public events with a page of their own (kinds 1 and 2); `within` as above,
    decided from what is below them only."""
    return RawSQL(*_events_sql("paged", within))


def events() -> QuerySet:
    """Public events (kinds 1 to 3)."""
    return Event.objects.filter(pk__in=public_event_ids())


def event_pages() -> QuerySet:
    """Public events with a page of their own (kinds 1 and 2)."""
    return Event.objects.filter(pk__in=event_page_ids())


def with_visibility(queryset: QuerySet, within: QuerySet | None = None) -> QuerySet:
    """Events annotated `is_public` and `has_page`, for pages that staff also see (marked).

    With `within` (a queryset of event ids including every event of `queryset`), the flags are
    decided from those events' surroundings alone: a page about one story reads that story."""
    return queryset.annotate(
        is_public=ExpressionWrapper(
            Q(pk__in=public_event_ids(within)), output_field=BooleanField()
        ),
        has_page=ExpressionWrapper(Q(pk__in=event_page_ids(within)), output_field=BooleanField()),
    )


def latest_stories(limit: int, candidates: int) -> QuerySet:
    """The `limit` newest (by start) public stories, top-level events with a page, as a
    subquery of ids.

    Only the `candidates` newest top-level events are looked at (the timelines' index,
    event_timeline_idx, walked from its end), and whether each is public is decided from its
    own tree (`event_page_ids(within=...)`): bounded by those trees, whatever the number of
    events. A story newer than every public one but itself without a published claim (one being
    prepared) takes a candidate's place; the events index lists every public event.
    """
    newest = Event.objects.filter(parent=None).order_by("-starts_at", "-pk")
    seed = newest.values("pk")[: int(candidates)]
    return (
        newest.filter(pk__in=seed)
        .filter(pk__in=event_page_ids(within=seed))
        .values("pk")[: int(limit)]
    )


# How a link reads from its other end: "the recapture reverses the seizure" shows on the
# seizure as "reversed by: the recapture".
INVERSE_LINK_LABELS = {
    EventLink.Kind.FOLLOWS: gettext_lazy("followed by"),
    EventLink.Kind.CAUSED_BY: gettext_lazy("caused"),
    EventLink.Kind.RESPONDS_TO: gettext_lazy("prompted"),
    EventLink.Kind.REVERSES: gettext_lazy("reversed by"),
    EventLink.Kind.ESCALATES: gettext_lazy("escalated by"),
}


def event_links() -> QuerySet:
    """Links whose both ends are public events."""
    return EventLink.objects.filter(
        from_event__in=public_event_ids(), to_event__in=public_event_ids()
    )


def links_of(event_ids) -> QuerySet:
    """The links from or to one of `event_ids` (a list) whose both ends are public: each end
    tested on its own (IsPublicEvent), so that a page of events reads its links' ends, not
    every public event (`event_links()` computes those, twice: 216 ms at 1M verdicts)."""
    ids = [int(i) for i in event_ids] or [0]
    return EventLink.objects.filter(Q(from_event__in=ids) | Q(to_event__in=ids)).filter(
        IsPublicEvent("from_event"), IsPublicEvent("to_event")
    )


# --- sources and figures -------------------------------------------------------------------


def sources() -> QuerySet:
    """Sources that published snapshots name: claimants, publishers and relayed sources.

    Each source is tested on its own: a probe of the counts' index (publicfacet_unique) per
    source, as a scalar subquery with LIMIT, which PostgreSQL cannot turn into a join over every
    count. So a page in id order (the API's sources) reads its own rows: the set of every named
    source, hashed, cost 9 ms at 1M verdicts (17,000 count rows) against 0.4 ms at 10k."""
    probe = PublicFacet.objects.filter(
        kind__in=[FacetKind.CLAIMANT, FacetKind.CITED], object_id=OuterRef("pk")
    ).values("pk")[:1]
    return Source.objects.alias(named_by=Subquery(probe)).filter(named_by__isnull=False)


def figures() -> QuerySet:
    """Live figure rows of published claims, annotated `successor_public`: whether the figure
    that supersedes this one is itself published (an unpublished successor stays unmentioned)."""
    # A correlated EXISTS, one lookup of each figure's claim's verdict, rather than
    # `claim__verdicts__in=verdicts()`: SQLite builds that IN list from every published verdict
    # first (37 ms at 20,000 verdicts for a story's 16 figures, against 0.04 ms this way).
    return Figure.objects.filter(Exists(verdicts().filter(claim_id=OuterRef("claim_id")))).annotate(
        successor_public=Exists(verdicts().filter(claim_id=OuterRef("superseded_by__claim_id")))
    )
