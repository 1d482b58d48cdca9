"""The home page (latest verdicts, with filters) and the verdict page (with the staff preview)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, Value
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events.models import Event
from factcheck import cdn
from factcheck.models import Rating, RatingScale, Verdict
from factcheck.published import claimreview, mediareview, public, schema
from factcheck.published.links import verdict_url
from factcheck.published.schema import PublishedVerdict
from factcheck.site import selectors
from factcheck.site.conditional import is_staff, newest, private, respond
from factcheck.site.markup import plain_text
from factcheck.site.presenters import (
    Card,
    RatingRef,
    SourceRef,
    VerdictDetail,
    name,
    only_in_name,
    ui_language,
)
from factcheck.site.seo import absolute, page_meta
from sources.archiving.services import archived_citation_ids
from sources.models import Source

PAGE_SIZE = 20
# What the home page's filters offer, so that the page's size follows these numbers, not the
# archive's events and claimants: the STORY_CHOICES newest public stories (also its "Follow a
# story" links; see public.latest_stories for STORY_CANDIDATES), and the CLAIMANT_CHOICES claimants
# with the most published verdicts. The events and sources indexes list the rest.
STORY_CHOICES = 10
STORY_CANDIDATES = 50
CLAIMANT_CHOICES = 40


# List pages' Last-Modified: a publication or a retraction anywhere may add a verdict to a list
# or take one off it.
last_release = public.last_change


@dataclass
class CardPage:
    """One page of cards. `num_pages` is None when the matching verdicts are not counted (an
    event filter: no maintained count covers an umbrella with its children), and the page then
    offers "newer" and "older" only, which the one extra row fetched decides."""

    number: int
    object_list: list
    num_pages: int | None
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _page_number(value: str | None, total: int | None) -> int:
    """The requested page, as Paginator.get_page reads it: not a number, the first page; past the
    end (when counted), the last."""
    try:
        number = max(1, int(value or 1))
    except ValueError:
        number = 1
    if total is not None:
        number = min(number, max(1, -(-total // PAGE_SIZE)))
    return number


def card_page(queryset, value: str | None, total: int | None) -> CardPage:
    """The page `value` of `queryset`'s cards: one query. The offset is walked on the verdicts'
    index alone (ids), and only the page's rows are joined to their snapshots, so a deep page
    costs a narrow index walk, not a join of every row before it."""
    number = _page_number(value, total)
    start = (number - 1) * PAGE_SIZE
    ids = queryset.values("pk")[start : start + PAGE_SIZE + 1]
    rows = list(selectors.card_rows(queryset.filter(pk__in=ids))[: PAGE_SIZE + 1])
    num_pages = None if total is None else max(1, -(-total // PAGE_SIZE))
    return CardPage(number, rows[:PAGE_SIZE], num_pages, len(rows) > PAGE_SIZE)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    # Queries, whatever the number of verdicts, events and claimants: 1. the ratings (filter),
    # 2. the claimants offered (those of the most published verdicts, from the maintained
    # counts, and the one chosen), 3. the stories offered (the newest public ones) and the event
    # chosen, 4. the newest release. A 304 is decided from these alone, before the work:
    # 5. the number of matching verdicts (maintained counts; not run with an event filter),
    # 6. the page of verdicts (an index walk, see public.latest).
    chosen = {key: request.GET.get(key, "") for key in ("rating", "event", "source")}
    ratings = list(Rating.objects.select_related("scale").order_by("scale", "position", "pk"))
    # The top claimants are claimants of published verdicts already, read by key; only a source
    # chosen in the URL is checked against the claimants' counts. (Read as "every claimant, then
    # the top ones or the chosen slug", every source and every claimant's counts were read: 3 ms
    # at 1M verdicts, 786 claimants, growing with them.)
    offered = Q(pk__in=public.top_claimants(CLAIMANT_CHOICES))
    if chosen["source"]:
        claimants = public.facet_ids(public.FacetKind.CLAIMANT)
        offered |= Q(slug=chosen["source"]) & Q(pk__in=claimants)
    sources = list(Source.objects.filter(offered).order_by("name", "pk"))
    # The filter offers stories (top-level events) only, the newest first and capped; any event
    # with a page still filters when its slug is in the URL (a timeline's "all fact-checks on
    # this event"), and shows as chosen. The events index lists them all. One statement (a
    # UNION), each part reading only its own trees.
    stories = Event.objects.filter(
        pk__in=public.latest_stories(STORY_CHOICES, STORY_CANDIDATES)
    ).annotate(recent=Value(True))
    named_in_url = Event.objects.filter(slug=chosen["event"])
    picked_page = public.event_page_ids(within=named_in_url.values("pk"))
    picked_part = named_in_url.filter(pk__in=picked_page).annotate(recent=Value(False))
    events = list(
        stories.order_by()  # no ORDER BY inside a UNION's parts (SQLite refuses it)
        .union(picked_part.order_by(), all=True)
        .order_by("-starts_at", "-id")
    )
    mark = public.release_mark()

    rating = next((r for r in ratings if r.slug == chosen["rating"]), None)
    event_filter = None
    picked = None
    if chosen["event"]:
        # The UNION's second part: the event named in the URL, if it has a page.
        picked = next((e for e in events if not e.recent), None)
        # The chosen event and its children, as a subquery of the page's query.
        event_filter = (
            Event.objects.filter(Q(pk=picked.pk) | Q(parent_id=picked.pk)).values("pk")
            if picked
            else []
        )
    source_id = None
    if chosen["source"]:
        picked_source = next((s for s in sources if s.slug == chosen["source"]), None)
        source_id = picked_source.pk if picked_source else 0
    if chosen["rating"] and not rating:
        source_id = 0  # an unknown rating matches nothing, like an unknown source or event
    # Everything the page shows follows from these rows, the releases (which change the cards
    # and the counts) and the URL (filters, page), which respond() adds with the language.
    fingerprint = (
        [(r.pk, r.slug, r.label, r.label_en, r.position) for r in ratings],
        [(s.pk, s.slug, s.name, s.name_en) for s in sources],
        [(e.pk, e.slug, e.title, e.title_en, e.parent_id, e.recent) for e in events],
        mark,
    )

    def render_page():
        if event_filter is not None:
            total = None
        elif source_id is not None:
            total = public.published_count(
                public.FacetKind.CLAIMANT, source_id, rating.pk if rating else None
            )
        else:
            total = public.published_count(rating_id=rating.pk if rating else None)
        queryset = selectors.latest_published().filter(
            selectors.published_filter(
                rating=rating.slug if rating else "", event_ids=event_filter, source_id=source_id
            )
        )
        page = card_page(queryset, request.GET.get("page"), total)
        stories = [e for e in events if e.recent]
        picked_is_story = picked is not None and any(e.pk == picked.pk for e in stories)
        filtered = any(chosen.values())
        # The chosen event, when the stories offered do not include it, is offered first.
        event_choices = ([picked] if picked and not picked_is_story else []) + stories
        context = {
            "cards": [Card.from_row(row) for row in page.object_list],
            "page": page,
            "ratings": [(r.slug, RatingRef.from_rating(r).display) for r in ratings],
            "sources": [(s.slug, SourceRef.from_source(s).name) for s in sources],
            "event_choices": [(e.slug, name(e.title, e.title_en)) for e in event_choices],
            "chosen": chosen,
            "filtered": filtered,
            "umbrellas": [(u, name(u.title, u.title_en)) for u in stories],
            "meta": page_meta(
                request,
                title=_("Latest fact-checks"),
                description=_(
                    "Claims about public events checked against their evidence, with every source "
                    "quoted and every correction in public."
                ),
                query={"page": page.number} if page.number > 1 else None,
                noindex=filtered,
            ),
        }
        return render(request, "site/home.html", context)

    return respond(request, fingerprint=fingerprint, last_modified=mark[0], render=render_page)


# --- The verdict page ------------------------------------------------------------------------


def _live_events(snapshot: PublishedVerdict) -> dict[int, Event]:
    ids = [event.id for event in snapshot.events]
    # `or [0]` keeps the query even for a claim with no events: the count never varies.
    return {event.pk: event for event in Event.objects.filter(pk__in=ids or [0])}


@require_safe
def verdict(request: HttpRequest, slug: str) -> HttpResponse:
    # Queries: 1. the verdict with its public revision (snapshot) and that revision's rating,
    # 2. the events it concerns (local time zones, current titles and slugs), 3. which of its
    # cited pages have an archived copy (sources.archiving), 4. only when the claim records
    # conflicts: which of the other claims are published now. On a miss: the old
    # slugs in earlier revisions' snapshots, for a permanent redirect.
    found = selectors.verdict_for_slug(slug)
    if found is None:
        target = selectors.moved_slug_target(slug)
        if target:
            return HttpResponsePermanentRedirect(reverse("site:verdict", kwargs={"slug": target}))
        working = _previewable(request, slug)
        if working is None:
            raise Http404(_("No published fact-check has this address."))
        return _preview(request, working)
    if request.GET.get("preview") and _may_preview(request):
        return _preview(request, found)

    cdn.depends_on(request, f"verdict-{found.pk}")  # the key a release of it purges
    revision = found.public_revision
    # The revision as readers of this page's language get it: its version in that language, or,
    # when it has none, its own language (the page then says so: _render_detail).
    snapshot = schema.read(revision.snapshot).in_language(ui_language())
    live_events = _live_events(snapshot)
    others = _published_conflicts(snapshot)
    detail = VerdictDetail(
        snapshot,
        verdict=found,
        live_events=live_events,
        live_rating=revision.rating,
        published_claims=others,
    )
    # Which cited pages the desk holds an archived copy of (issue 13): captured after publishing,
    # so read live, and part of the validators below.
    detail.archived = archived_citation_ids(c.id for c in detail.data.citations)
    rating = revision.rating
    fingerprint = (
        found.pk,
        revision.pk,
        found.state,
        found.retracted_at,
        found.retraction_reason,
        (rating.label, rating.label_en, rating.description, rating.description_en),
        [
            (
                e.pk,
                e.slug,
                e.title,
                e.title_en,
                e.starts_at,
                e.start_precision,
                e.ends_at,
                e.end_precision,
                e.time_zone,
            )
            for e in live_events.values()
        ],
        # The conflicting claims shown: which are published, at which public revision's text.
        sorted((pk, repr(claim)) for pk, claim in others.items()),
        sorted(detail.archived),
    )
    last_modified = newest(found.released_at, revision.published_at, found.retracted_at)

    def render_page():
        return _render_detail(request, detail, preview=False)

    return respond(
        request, fingerprint=fingerprint, last_modified=last_modified, render=render_page
    )


def _published_conflicts(snapshot: PublishedVerdict) -> dict:
    """The claims this one conflicts with that are published now; no query when there are none."""
    ids = [c.claim_id for c in snapshot.claim.conflicts]
    return public.published_claims(ids) if ids else {}


def _render_detail(request, detail: VerdictDetail, *, preview: bool) -> HttpResponse:
    retracted = detail.retracted
    # The languages the verdict can be read in (its own first) and the one shown here, which is
    # the page's unless the verdict has no version in it yet.
    languages = detail.data.languages
    shown = detail.data.verdict.language
    missing = ui_language() not in languages
    # The page of the version shown: this page, or, for a missing language, the verdict's own.
    url = verdict_url(detail.slug, shown) if missing else absolute(request.path)
    jsonld = None
    if not preview and not retracted:
        # One ClaimReview per language version, each on its own page, saying its language; a
        # page standing in for a missing language carries the shown version's, as its page does.
        with translation.override(shown if missing else ui_language()):
            jsonld = claimreview.embed(claimreview.claim_review(detail.data, url=url))
            # MediaReview beside it for each image or video the verdict rules on (issue 13).
            for review in mediareview.media_reviews(detail.data, url=url):
                jsonld += claimreview.embed(review)
    meta = page_meta(
        request,
        title=(_("Retracted: %(headline)s") % {"headline": detail.headline})
        if retracted
        else detail.headline,
        description=detail.retraction_reason if retracted else plain_text(detail.conclusion),
        og_type="article",
        noindex=preview or retracted,
        published=detail.first_published_at,
        modified=detail.published_at,
        jsonld=jsonld,
        languages=languages,
        canonical=url if missing else None,
    )
    only_in = None
    if missing:
        only_in = {"language": only_in_name(shown), "url": url, "code": shown}
    context = {"v": detail, "meta": meta, "preview": preview, "only_in": only_in}
    template = "site/verdict_retracted.html" if retracted and not preview else "site/verdict.html"
    return render(request, template, context)


def _may_preview(request) -> bool:
    return is_staff(request) and request.user.has_perm("factcheck.view_verdict")


def _previewable(request, slug: str) -> Verdict | None:
    if not _may_preview(request):
        return None
    return (
        Verdict.objects.select_related("claim", "rating__scale", "author")
        .filter(claim__slug=slug)
        .first()
    )


def _preview(request, working: Verdict) -> HttpResponse:
    """The working copy as it would be published now: for staff only, marked, never cached."""
    if working.rating is None:
        # build_snapshot needs a rating; an unrated draft previews with a placeholder, unsaved.
        working.rating = Rating(
            slug="", label="—", label_en="—", scale=RatingScale(best_value=5, worst_value=1)
        )
    snapshot = schema.compose(working, number=0, published_at=timezone.now()).in_language(
        ui_language()
    )
    detail = VerdictDetail(
        snapshot,
        verdict=working,
        live_events=_live_events(snapshot),
        live_rating=working.rating if working.rating.pk else None,
        published_claims=_published_conflicts(snapshot),
    )
    return private(_render_detail(request, detail, preview=True))
