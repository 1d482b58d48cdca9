"""Events: the index, an event's page (a timeline when it is an umbrella), and its figures.

An event's page is public while a published snapshot names it (an umbrella's, while one of its
children is named); otherwise it is a 404 for readers, and staff see it marked "not public".

A public umbrella's timeline is its chronology as the desk has checked it: every child event that
a published claim names, and every child an editor has put on the timeline (Event.on_timeline),
in time order, with the links between them. A child that no published claim names yet appears
without a page of its own, so readers can follow the story from Zhanaozen to the CSTO's arrival,
and the airport's recapture stands beside its seizure; an event a reporter has just typed in
reaches nobody until an editor shows it or a verdict naming it is published. Staff see them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from events.models import Event, EventLink
from factcheck.models import Figure
from factcheck.site import selectors
from factcheck.site.conditional import is_staff, respond
from factcheck.site.presenters import Bilingual, Card, FigureRef, SourceRef, name
from factcheck.site.seo import page_meta
from factcheck.site.verdicts import last_release

# How a link reads from its other end: "the recapture reverses the seizure" shows on the
# seizure as "reversed by: the recapture".
INVERSE_LINK_LABELS = {
    EventLink.Kind.FOLLOWS: gettext_lazy("followed by"),
    EventLink.Kind.CAUSED_BY: gettext_lazy("caused"),
    EventLink.Kind.RESPONDS_TO: gettext_lazy("prompted"),
    EventLink.Kind.REVERSES: gettext_lazy("reversed by"),
    EventLink.Kind.ESCALATES: gettext_lazy("escalated by"),
}


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


def _event_texts(event: Event):
    place = name(event.place, event.place_en) if (event.place or event.place_en) else None
    description = None
    if event.description or event.description_en:
        description = name(event.description, event.description_en)
    return name(event.title, event.title_en), place, description


def _family(slug: str):
    """The event, its children in time order: two queries."""
    event = Event.objects.select_related("parent").filter(slug=slug).first()
    if event is None:
        raise Http404(_("No such event."))
    children = list(Event.objects.filter(parent=event).order_by("starts_at", "pk"))
    return event, children


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


@require_safe
def event(request: HttpRequest, slug: str) -> HttpResponse:
    # Queries, whatever the number of events, links and claims: 1. the event (with its parent),
    # 2. its children, 3. the links touching any of them (with both ends), 4. the published
    # verdicts whose snapshots name any of those events, 5. the newest release (Last-Modified).
    event, children = _family(slug)
    family = [event, *children]
    family_ids = [e.pk for e in family]
    links = list(
        EventLink.objects.filter(Q(from_event__in=family_ids) | Q(to_event__in=family_ids))
        .select_related("from_event", "to_event")
        .order_by("pk")
    )
    linked_ids = {link.from_event_id for link in links} | {link.to_event_id for link in links}
    rows = list(
        selectors.card_rows(
            selectors.mentioning_events(
                selectors.latest_published(), sorted(set(family_ids) | linked_ids)
            )
        )
    )
    cards = [Card.from_row(row) for row in rows]
    named = set().union(*(card.event_ids for card in cards)) if cards else set()
    public = event.pk in named or any(child.pk in named for child in children)
    staff = is_staff(request)
    if not public and not staff:
        raise Http404(_("No such event."))
    last_modified = last_release()
    fingerprint = (
        _event_fingerprint(family),
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
                link.from_event.on_timeline,
                link.to_event.on_timeline,
            )
            for link in links
        ],
        [(row["pk"], row["revision_id"]) for row in rows],
    )

    def shown(e: Event) -> bool:
        return e.pk in named or e.on_timeline

    listed = [child for child in children if staff or shown(child)]
    timeline_ids = {event.pk, *(c.pk for c in listed)} if event.parent_id is None else set()

    def href(other: Event) -> str | None:
        """Where a link to `other` goes from this page, or None when readers may not follow it."""
        if other.pk in timeline_ids and other.pk != event.pk:
            return f"#event-{other.slug}"  # on this timeline
        if other.pk in named:
            return reverse("site:event", kwargs={"slug": other.slug})
        if event.parent_id and other.parent_id == event.parent_id and shown(other):
            # A sibling on the (public) umbrella's timeline, without a page of its own.
            return (
                reverse("site:event", kwargs={"slug": event.parent.slug}) + f"#event-{other.slug}"
            )
        return None

    def entry(e: Event) -> EntryView:
        title, place, description = _event_texts(e)
        view = EntryView(e, title, place, description, public=e.pk in named)
        view.cards = [card for card in cards if e.pk in card.event_ids]
        for link in links:
            if link.from_event_id == e.pk:
                other, label = link.to_event, link.get_kind_display()
            elif link.to_event_id == e.pk:
                other, label = link.from_event, INVERSE_LINK_LABELS[link.kind]
            else:
                continue
            target = href(other)
            if target is None and staff:
                target = reverse("site:event", kwargs={"slug": other.slug})
            if target is not None:
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
            "parent": (parent, name(parent.title, parent.title_en)) if parent else None,
            "public": public,
            "staff": staff,
            "has_figures": has_figures,
            "meta": page_meta(
                request,
                title=str(head.title),
                description=str(head.description or ""),
                noindex=not public,
            ),
        }
        return render(request, "site/event.html", context)

    return respond(
        request, fingerprint=fingerprint, last_modified=last_modified, render=render_page
    )


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    # Queries: 1. the events that published snapshots name, 2. those events, their umbrellas
    # and the umbrellas' other children (the whole timeline), 3. the newest release.
    _claimants, event_ids = selectors.public_facets()
    ids = event_ids or [0]
    events = list(
        Event.objects.filter(
            Q(pk__in=ids)
            | Q(children__pk__in=ids)
            | Q(parent__in=ids)
            | Q(parent__children__in=ids)
        )
        .distinct()
        .order_by("starts_at", "pk")
    )
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
    # Queries, whatever the number of figures: 1. the event, 2. its children, 3. the published
    # verdicts naming any of them, 4. the live figure rows of those claims (precision of the
    # point in time, and which figure supersedes which), 5. the newest release (Last-Modified).
    event, children = _family(slug)
    family_ids = [e.pk for e in (event, *children)]
    rows = list(
        selectors.card_rows(selectors.mentioning_events(selectors.latest_published(), family_ids))
    )
    cards = [card for card in map(Card.from_row, rows) if card.figure_data]
    claim_ids = [card.claim_id for card in cards]
    live = {
        f["claim_id"]: f
        for f in Figure.objects.filter(claim_id__in=claim_ids or [0]).values(
            "claim_id", "id", "as_of_precision", "superseded_by_id"
        )
    }
    if not rows and not is_staff(request):
        raise Http404(_("No such event."))
    last_modified = last_release()
    fingerprint = (
        _event_fingerprint([event]),
        [(row["pk"], row["revision_id"]) for row in rows],
        sorted((f["id"], f["as_of_precision"], f["superseded_by_id"]) for f in live.values()),
    )

    def render_page():
        published_figures = {f["id"] for f in live.values()}
        by_measure: dict[str, list[FigureRow]] = {}
        for card in cards:
            figure_row = live.get(card.claim_id, {})
            figure = FigureRef.from_snapshot(
                card.figure_data,
                precision=figure_row.get("as_of_precision", ""),
                time_zone=event.time_zone,
            )
            # Superseded only by a published figure: an unpublished successor stays unmentioned.
            successor = figure_row.get("superseded_by_id")
            figure.superseded = successor in published_figures
            row = FigureRow(0, figure, card, card.claimant, figure_row.get("id", 0))
            row.successor_id = successor if figure.superseded else None
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
