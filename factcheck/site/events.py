"""Events: the index, an event's page (a timeline when it is an umbrella), and its figures.

Which events are public, and which of them have a page of their own, is defined once in
factcheck.published.public: an event a published snapshot names, and the umbrellas above it, have
pages; an event an editor put on a public umbrella's timeline (Event.on_timeline) appears on that
timeline and in the index without a page of its own. Any other event is a 404 for readers, and
staff see it marked "not public".

A public umbrella's timeline is its chronology as the desk has checked it, in time order, with the
links between public events, so readers can follow the story from Zhanaozen to the CSTO's arrival,
and the airport's recapture stands beside its seizure; an event a reporter has just typed in
reaches nobody until an editor shows it or a verdict naming it is published. Staff see them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events.models import Event, EventLink
from factcheck.models import Figure
from factcheck.published import public
from factcheck.site import selectors
from factcheck.site.conditional import is_staff, respond
from factcheck.site.presenters import Bilingual, Card, FigureRef, SourceRef, name
from factcheck.site.seo import page_meta
from factcheck.site.verdicts import last_release

INVERSE_LINK_LABELS = public.INVERSE_LINK_LABELS

# A timeline shows TIMELINE_PAGE events a page (in time order, "earlier"/"later" between pages)
# and the latest CARDS_PER_EVENT fact-checks of each, with a link to the rest (the home page
# filtered by the event, paged): what one request reads and renders stays bounded however many
# events a story has and however many fact-checks name them.
TIMELINE_PAGE = 30
CARDS_PER_EVENT = 5
# The figures page compares the figures of the latest FIGURES_SHOWN fact-checks giving one about
# the event or its children.
FIGURES_SHOWN = 30


@dataclass
class LinkView:
    label: str
    event: Event
    title: Bilingual
    note: str
    href: str


@dataclass
class EntryView:
    event: Event
    title: Bilingual
    place: Bilingual | None
    description: Bilingual | None
    public: bool  # has a page of its own: a published claim names it
    cards: list[Card] = field(default_factory=list)
    links: list[LinkView] = field(default_factory=list)
    more: bool = False  # more fact-checks name it than the timeline shows


def _event_texts(event: Event):
    place = name(event.place, event.place_en) if (event.place or event.place_en) else None
    description = None
    if event.description or event.description_en:
        description = name(event.description, event.description_en)
    return name(event.title, event.title_en), place, description


def _event(slug: str) -> Event:
    """The event (with its parent), marked `is_public` and `has_page`: one query, which reads
    only what is below and above it (factcheck.published.public.with_visibility)."""
    event = public.with_visibility(
        Event.objects.select_related("parent").filter(slug=slug),
        within=Event.objects.filter(slug=slug).values("pk"),
    ).first()
    if event is None:
        raise Http404(_("No such event."))
    return event


def _children(event: Event, *, staff: bool, page: int) -> tuple[list[Event], bool]:
    """The `page`th TIMELINE_PAGE children of `event` in time order (readers: the public ones),
    each marked `is_public` and `has_page`, and whether there are more: one query."""
    children = Event.objects.filter(parent=event)
    # A child has a page when something below it is named; it is public when it has one, or
    # when it is on the timeline of its parent, this event, and this event is public (known).
    has_page = Q(pk__in=public.event_page_ids(within=children.values("pk")))
    is_public = has_page | Q(on_timeline=True) if event.is_public else has_page
    children = children.annotate(has_page=_flag(has_page), is_public=_flag(is_public))
    if not staff:
        children = children.filter(is_public)
    start = (page - 1) * TIMELINE_PAGE
    rows = list(children.order_by("starts_at", "pk")[start : start + TIMELINE_PAGE + 1])
    return rows[:TIMELINE_PAGE], len(rows) > TIMELINE_PAGE


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _event_fingerprint(events):
    return [
        (
            e.pk,
            e.slug,
            e.title,
            e.title_en,
            e.description,
            e.description_en,
            e.place,
            e.place_en,
            e.starts_at,
            e.start_precision,
            e.ends_at,
            e.end_precision,
            e.time_zone,
            e.parent_id,
            e.on_timeline,
        )
        for e in events
    ]


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


@require_safe
def event(request: HttpRequest, slug: str) -> HttpResponse:
    # Queries, whatever the number of events, links and claims: 1. the event (with its parent),
    # 2. a page of its children (each marked public), 3. the links touching any of them (with
    # both ends, each end marked public or not), 4. the latest published verdicts naming each of
    # those events (at most CARDS_PER_EVENT + 1 each, through the mentions' index), 5. the
    # newest release. Whether an event is public is decided from the events concerned (what
    # is below them, the timelines above them), never over every event (public.with_visibility).
    event = _event(slug)
    staff = is_staff(request)
    public_page = event.has_page
    if not public_page and not staff:
        raise Http404(_("No such event."))
    page = _page_number(request.GET.get("page"))
    children, more_children = _children(event, staff=staff, page=page)
    family = [event, *children]
    family_ids = [e.pk for e in family]
    touching = Q(from_event__in=family_ids) | Q(to_event__in=family_ids)
    # Both ends of every link touching the family: their flags are decided from them alone. A
    # UNION of the links' two columns, so that PostgreSQL estimates as many ends as links (a
    # filter over every event would be estimated at a share of the events, and the recursions
    # above them at a hundred times that: enough to JIT-compile the query).
    ends = (
        EventLink.objects.filter(touching)
        .values("to_event")
        .union(EventLink.objects.filter(touching).values("from_event"))
    )
    shown, paged = public.public_event_ids(within=ends), public.event_page_ids(within=ends)
    links = list(
        EventLink.objects.filter(touching)
        .select_related("from_event__parent", "to_event__parent")
        .annotate(
            both_public=_flag(Q(from_event__in=shown) & Q(to_event__in=shown)),
            from_page=_flag(Q(from_event__in=paged)),
            to_page=_flag(Q(to_event__in=paged)),
        )
        .order_by("pk")
    )
    if not staff:
        # Only links whose both ends are public, as public.event_links() defines them.
        links = [link for link in links if link.both_public]
    latest = public.latest_mentioning(public.FacetKind.EVENT, family_ids, CARDS_PER_EVENT + 1)
    rows = list(selectors.card_rows(selectors.latest_published().filter(latest)))
    cards = [Card.from_row(row) for row in rows]
    named = set().union(*(card.event_ids for card in cards)) if cards else set()
    last_modified = last_release()
    fingerprint = (
        _event_fingerprint(family),
        [(e.pk, e.has_page) for e in family],
        [
            (
                link.pk,
                link.kind,
                link.note,
                link.from_event_id,
                link.to_event_id,
                link.from_event.slug,
                link.from_event.title,
                link.from_event.title_en,
                link.to_event.slug,
                link.to_event.title,
                link.to_event.title_en,
                link.from_page,
                link.to_page,
                link.from_event.parent.slug if link.from_event.parent else None,
                link.to_event.parent.slug if link.to_event.parent else None,
            )
            for link in links
        ],
        [(row["pk"], row["revision_id"]) for row in rows],
        more_children,
    )

    def has_page(e: Event) -> bool:
        return getattr(e, "has_page", False) or e.pk in named or e.pk == event.pk

    listed = children
    # Events on this page of the timeline are linked by their anchor; those on other pages, by
    # their own page (or, without one, their umbrella's timeline).
    timeline_ids = {event.pk, *(c.pk for c in listed)} if event.parent_id is None else set()

    def href(other: Event, other_has_page: bool) -> str:
        """Where a link to (public) `other` goes from this page."""
        if other.pk in timeline_ids and other.pk != event.pk:
            return f"#event-{other.slug}"  # on this timeline
        if other_has_page or other.parent_id is None:
            return reverse("site:event", kwargs={"slug": other.slug})
        # On its (public) umbrella's timeline, without a page of its own.
        return reverse("site:event", kwargs={"slug": other.parent.slug}) + f"#event-{other.slug}"

    def entry(e: Event) -> EntryView:
        title, place, description = _event_texts(e)
        view = EntryView(e, title, place, description, public=has_page(e))
        # The cards come newest first, and each event's latest CARDS_PER_EVENT + 1 are among
        # them: the first ones naming it are its latest.
        mine = [card for card in cards if e.pk in card.event_ids]
        view.cards, view.more = mine[:CARDS_PER_EVENT], len(mine) > CARDS_PER_EVENT
        for link in links:
            if link.from_event_id == e.pk:
                other, label, page = link.to_event, link.get_kind_display(), link.to_page
            elif link.to_event_id == e.pk:
                other, label = link.from_event, INVERSE_LINK_LABELS[link.kind]
                page = link.from_page
            else:
                continue
            target = href(other, page or staff)
            title = name(other.title, other.title_en)
            view.links.append(LinkView(str(label), other, title, link.note, target))
        return view

    def render_page():
        head = entry(event)
        timeline = [entry(child) for child in listed]
        has_figures = any(card.figure_data for card in cards if card.event_ids & set(family_ids))
        parent = event.parent
        context = {
            "event": event,
            "head": head,
            "timeline": timeline,
            "timeline_page": {
                "number": page,
                "previous": page - 1 if page > 1 else None,
                "next": page + 1 if more_children else None,
            },
            "parent": (parent, name(parent.title, parent.title_en)) if parent else None,
            "public": public_page,
            "staff": staff,
            "has_figures": has_figures,
            "meta": page_meta(
                request,
                title=str(head.title),
                description=str(head.description or ""),
                query={"page": page} if page > 1 else None,
                noindex=not public_page or not children and page > 1,
            ),
        }
        return render(request, "site/event.html", context)

    return respond(
        request, fingerprint=fingerprint, last_modified=last_modified, render=render_page
    )


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    # Queries: 1. the public events (factcheck.published.public.events: named by a published
    # snapshot, their umbrellas, and what editors put on those timelines), 2. the newest release.
    events = list(public.events().order_by("starts_at", "pk"))
    last_modified = last_release()
    fingerprint = _event_fingerprint(events)

    def render_page():
        known = {e.pk for e in events}
        tops = [e for e in events if e.parent_id is None or e.parent_id not in known]
        groups = [
            (
                top,
                name(top.title, top.title_en),
                [(c, name(c.title, c.title_en)) for c in events if c.parent_id == top.pk],
            )
            for top in tops
        ]
        context = {
            "groups": groups,
            "meta": page_meta(
                request,
                title=_("Events"),
                description=_("The events our fact-checks concern, each with its timeline."),
            ),
        }
        return render(request, "site/events.html", context)

    return respond(
        request, fingerprint=fingerprint, last_modified=last_modified, render=render_page
    )


# --- Figures side by side --------------------------------------------------------------------


@dataclass
class FigureRow:
    rank: int
    figure: FigureRef
    card: Card
    claimant: SourceRef | None
    figure_id: int
    successor_id: int | None = None
    successor_rank: int | None = None


@require_safe
def figures(request: HttpRequest, slug: str) -> HttpResponse:
    # Queries, whatever the number of figures: 1. the event (marked public or not), 2. the
    # latest FIGURES_SHOWN published verdicts giving a figure about it or its children (through
    # the mentions' index), 3. the live figure rows of those claims (which figure supersedes
    # which, and whether that successor is published), 4. the newest release.
    event = _event(slug)
    if not event.has_page and not is_staff(request):
        raise Http404(_("No such event."))
    family = Event.objects.filter(Q(pk=event.pk) | Q(parent_id=event.pk)).values("pk")
    latest = public.latest_with_figure(public.FacetKind.EVENT, family, FIGURES_SHOWN)
    rows = list(selectors.card_rows(selectors.latest_published().filter(latest)))
    cards = [card for card in map(Card.from_row, rows) if card.figure_data]
    claim_ids = [card.claim_id for card in cards]
    live = {
        f["claim_id"]: f
        for f in public.figures()
        .filter(claim_id__in=claim_ids or [0])
        .values("claim_id", "id", "superseded_by_id", "successor_public")
    }
    last_modified = last_release()
    fingerprint = (
        _event_fingerprint([event]),
        [(row["pk"], row["revision_id"]) for row in rows],
        sorted(
            (f["id"], f["superseded_by_id"] if f["successor_public"] else None)
            for f in live.values()
        ),
    )

    def render_page():
        by_measure: dict[str, list[FigureRow]] = {}
        for card in cards:
            figure_row = live.get(card.claim_id, {})
            # "As of" in the zone it was entered in (this event's, for snapshots without one).
            figure = FigureRef.from_data(card.figure_data, time_zone=event.time_zone)
            # Superseded when its snapshot says so, or since by a published figure; an
            # unpublished successor stays unmentioned. A superseded figure is never "current".
            successor = (
                figure_row.get("superseded_by_id") if figure_row.get("successor_public") else None
            )
            figure.superseded = figure.superseded or successor is not None
            row = FigureRow(0, figure, card, card.claimant, figure_row.get("id", 0))
            row.successor_id = successor
            by_measure.setdefault(figure.measure, []).append(row)
        tables = []
        for measure in Figure.Measure.values:
            rows_ = by_measure.get(measure)
            if not rows_:
                continue

            # Figures of one measure may count different people ("16 security officers" and
            # "at least 26 protesters" are both deaths): they are ranked only against figures of
            # the same count, which sit together, current first, then newest.
            def count_of(row):
                return str(row.figure.counted).casefold()

            rows_.sort(
                key=lambda r: (
                    count_of(r),
                    r.figure.superseded,
                    -(r.figure.as_of_at.timestamp() if r.figure.as_of_at else 0),
                )
            )
            ranks = {}
            previous, rank = None, 0
            for row in rows_:
                rank = rank + 1 if count_of(row) == previous else 1
                previous = count_of(row)
                row.rank = rank
                ranks[row.figure_id] = rank
            for row in rows_:
                row.successor_rank = ranks.get(row.successor_id)
            tables.append((rows_[0].figure.measure_label, rows_))
        title = name(event.title, event.title_en)
        context = {
            "event": event,
            "title": title,
            "tables": tables,
            "meta": page_meta(
                request,
                title=_("Figures: %(event)s") % {"event": title},
                description=_(
                    "Every published figure for the same count, side by side: who gave it, as of "
                    "when, and how we rated it."
                ),
                noindex=not rows,
            ),
        }
        return render(request, "site/figures.html", context)

    return respond(
        request, fingerprint=fingerprint, last_modified=last_modified, render=render_page
    )
