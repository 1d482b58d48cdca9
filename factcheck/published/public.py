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
Sources    `sources()`: the claimants, and the publishers and relayed sources of citations, that
           published snapshots name. Sources have no workflow of their own.
Figures    `figures()`: the live figure rows of published claims, for what snapshots cannot know
           (a successor published later); their values are read from the snapshots.
Changed    `last_change()`: when readers' view of any verdict last changed.

Events and sources are computed from the published snapshots in SQL, in one query each (a
recursive query over the event tree for events), so a page's query count never depends on them.
"""

from __future__ import annotations

from django.db.models import BooleanField, Exists, ExpressionWrapper, Max, OuterRef, Q, QuerySet
from django.db.models import F as Field
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy

from events.models import Event, EventLink
from factcheck.models import Claim, Figure, Verdict
from factcheck.published.schema import ClaimData, ConflictData, read_claim
from factcheck.published.sql import SnapshotArrayHas, SnapshotText, referenced_ids_sql
from sources.models import Source

# --- verdicts and claims -------------------------------------------------------------------


def verdicts() -> QuerySet:
    """Published verdicts (not retracted): the one definition, Verdict.objects.published()."""
    return Verdict.objects.published()


def released() -> QuerySet:
    """Published verdicts and the tombstones of retracted ones."""
    return Verdict.objects.released()


def latest() -> QuerySet:
    return verdicts().order_by("-public_revision__published_at", "-pk")


def last_change():
    """When readers' view of any verdict last changed: one read of an indexed maximum."""
    return released().aggregate(at=Max("released_at"))["at"]


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


def facets() -> tuple[set[int], set[int]]:
    """(claimant ids, named event ids) of the published snapshots: what list filters offer.

    One query reading two small parts of every published snapshot.
    """
    claimants, events = set(), set()
    rows = verdicts().values_list(
        "public_revision__snapshot__claim__claimant__id", "public_revision__snapshot__events"
    )
    for claimant, event_list in rows:
        if claimant is not None:
            claimants.add(int(claimant))
        events.update(int(event["id"]) for event in event_list or ())
    return claimants, events


# --- events --------------------------------------------------------------------------------


def _published_snapshots_sql() -> tuple[str, list]:
    inner, params = (
        verdicts()
        .order_by()
        .values(snap=Field("public_revision__snapshot"))
        .query.sql_with_params()
    )
    return inner, list(params)


def _events_sql(final: str) -> tuple[str, list]:
    """The public events (see the module's docstring) as SQL; `final` selects from the CTEs
    `paged` (kinds 1 and 2) or `shown` (all three kinds)."""
    named, params = referenced_ids_sql("events", *_published_snapshots_sql())
    table = Event._meta.db_table
    sql = (
        f"WITH RECURSIVE named(id) AS ({named}), "
        f"paged(id) AS (SELECT id FROM named UNION SELECT e.parent_id FROM {table} e "
        "JOIN paged p ON e.id = p.id WHERE e.parent_id IS NOT NULL), "
        f"shown(id) AS (SELECT id FROM paged UNION SELECT e.id FROM {table} e "
        "JOIN shown s ON e.parent_id = s.id WHERE e.on_timeline) "
        f"SELECT id FROM {final}"
    )
    return sql, params


def public_event_ids() -> RawSQL:
    return RawSQL(*_events_sql("shown"))


def event_page_ids() -> RawSQL:
    return RawSQL(*_events_sql("paged"))


def events() -> QuerySet:
    """Public events (kinds 1 to 3)."""
    return Event.objects.filter(pk__in=public_event_ids())


def event_pages() -> QuerySet:
    """Public events with a page of their own (kinds 1 and 2)."""
    return Event.objects.filter(pk__in=event_page_ids())


def with_visibility(queryset: QuerySet) -> QuerySet:
    """Events annotated `is_public` and `has_page`, for pages that staff also see (marked)."""
    return queryset.annotate(
        is_public=ExpressionWrapper(Q(pk__in=public_event_ids()), output_field=BooleanField()),
        has_page=ExpressionWrapper(Q(pk__in=event_page_ids()), output_field=BooleanField()),
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


# --- sources and figures -------------------------------------------------------------------


def source_ids() -> RawSQL:
    return RawSQL(*referenced_ids_sql("sources", *_published_snapshots_sql()))


def sources() -> QuerySet:
    return Source.objects.filter(pk__in=source_ids())


def figures() -> QuerySet:
    """Live figure rows of published claims, annotated `successor_public`: whether the figure
    that supersedes this one is itself published (an unpublished successor stays unmentioned)."""
    return Figure.objects.filter(claim__verdicts__in=verdicts()).annotate(
        successor_public=Exists(verdicts().filter(claim_id=OuterRef("superseded_by__claim_id")))
    )
