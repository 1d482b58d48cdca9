"""Sources: who said what, and how we rated it; and where a source's reporting served as evidence."""

from __future__ import annotations

from collections import Counter

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from factcheck.models import Rating
from factcheck.published import public
from factcheck.published.schema import read_citation
from factcheck.site import selectors
from factcheck.site.conditional import is_staff, respond
from factcheck.site.presenters import Card, CitationRef, RatingRef, SourceRef
from factcheck.site.seo import page_meta
from factcheck.site.verdicts import CardPage, last_release
from sources.models import Source

# A source's page shows its latest checked claims (and links to the rest: the home page filtered
# by the source, paged) and the latest verdicts citing it: bounded, however many there are.
CARDS = 20
# Claimants per page of the sources index.
SOURCES_PAGE = 50


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _breakdown(counts: Counter, ratings: list[Rating]):
    """How many of a source's claims got each rating, in the scale's order, with bar widths."""
    total = sum(counts.values()) or 1
    return [
        {
            "rating": RatingRef.from_rating(rating),
            "count": counts[rating.slug],
            "percent": round(100 * counts[rating.slug] / total),
        }
        for rating in ratings
        if counts[rating.slug]
    ]


def claimant_ratings(slug: str) -> tuple[Source, list[Rating], Counter]:
    """The source, the ratings in the scale's order, and how many of its claims got each (the
    maintained counts): three queries, the head of the source page and of its record."""
    found = Source.objects.filter(slug=slug).first()
    if found is None:
        raise Http404(_("No such source."))
    ratings = list(Rating.objects.select_related("scale").order_by("scale", "position", "pk"))
    counts = Counter(
        dict(
            public.claimant_ratings()
            .filter(object_id=found.pk)
            .values_list("rating__slug", "verdicts")
        )
    )
    return found, ratings, counts


@require_safe
def source(request: HttpRequest, slug: str) -> HttpResponse:
    # Queries, whatever the number of claims and citations: 1. the source, 2. the ratings (for
    # the breakdown's order), 3. how many of its claims got each rating (maintained counts),
    # 4. the latest published verdicts on claims it made, 5. the latest published verdicts whose
    # evidence cites or relays it (4 and 5: CARDS + 1 at most, through the mentions' index),
    # 6. the newest release (Last-Modified).
    found, ratings, counts = claimant_ratings(slug)
    latest = selectors.latest_published()
    claimed = list(
        selectors.card_rows(
            latest.filter(
                public.latest_mentioning(public.FacetKind.CLAIMANT, [found.pk], CARDS + 1)
            )
        )
    )
    cited = list(
        latest.filter(public.latest_mentioning(public.FacetKind.CITED, [found.pk], CARDS)).values(
            *selectors.CARD_FIELDS,
            **selectors.CARD_VALUES,
            citations=selectors.F("public_revision__snapshot__citations"),
        )
    )
    if not claimed and not cited and not is_staff(request):
        raise Http404(_("No such source."))
    last_modified = last_release()
    fingerprint = (
        (
            found.pk,
            found.slug,
            found.name,
            found.name_en,
            found.kind,
            found.url,
            found.description,
            found.country,
            found.language,
        ),
        [(r.pk, r.slug, r.label, r.label_en, r.position) for r in ratings],
        sorted(counts.items()),
        [(row["pk"], row["revision_id"]) for row in claimed],
        [(row["pk"], row["revision_id"]) for row in cited],
    )

    def render_page():
        cards = [Card.from_row(row) for row in claimed[:CARDS]]
        evidence = []
        for row in cited:
            card = Card.from_row(row)
            used = [
                CitationRef.from_data(c)
                for c in map(read_citation, row["citations"] or [])
                if c.source.id == found.pk or (c.relays is not None and c.relays.id == found.pk)
            ]
            evidence.append((card, used))
        ref = SourceRef.from_source(found)
        context = {
            "source": found,
            "ref": ref,
            "cards": cards,
            "evidence": evidence,
            "breakdown": _breakdown(counts, ratings),
            "more_claims": len(claimed) > CARDS,
            "public": bool(claimed or cited),
            "meta": page_meta(
                request,
                title=str(ref.name),
                description=found.description
                or _("What %(source)s claimed, and how we rated it.") % {"source": ref.name},
                noindex=not (claimed or cited),
            ),
        }
        return render(request, "site/source.html", context)

    return respond(
        request, fingerprint=fingerprint, last_modified=last_modified, render=render_page
    )


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    # Queries, whatever the number of claimants and verdicts: 1. how many claimants there are
    # (the page numbers: a count of the totals' index), 2. the page's claimants, most published
    # verdicts first (ClaimantTotal, read from claimanttotal_order_idx's start: its rows only),
    # 3. their published verdicts per rating (the maintained counts: a few rows each), 4. the
    # ratings, 5. the newest release (Last-Modified).
    totals = public.claimant_totals()
    num_pages = max(1, -(-totals.count() // SOURCES_PAGE))
    number = min(_page_number(request.GET.get("page")), num_pages)
    start = (number - 1) * SOURCES_PAGE
    shown = list(
        totals.select_related("source").order_by("-verdicts", "source__name", "source_id")[
            start : start + SOURCES_PAGE
        ]
    )
    counted = sorted(
        public.claimant_ratings().filter(object_id__in=[t.source_id for t in shown] or [0])
    )
    ratings = list(Rating.objects.select_related("scale").order_by("scale", "position", "pk"))
    last_modified = last_release()
    fingerprint = (
        num_pages,
        counted,
        [
            (t.verdicts, t.source.pk, t.source.slug, t.source.name, t.source.name_en, t.source.kind)
            for t in shown
        ],
        [(r.pk, r.slug, r.label, r.label_en, r.position) for r in ratings],
    )

    def render_page():
        per_source: dict[int, Counter] = {}
        for claimant, rating, verdicts in counted:
            per_source.setdefault(claimant, Counter())[rating] += verdicts
        refs = {r.slug: RatingRef.from_rating(r) for r in ratings}
        page = CardPage(number, shown, num_pages, number < num_pages)
        rows = []
        for total in shown:
            counts = per_source.get(total.source_id, Counter())
            rows.append(
                {
                    "ref": SourceRef.from_source(total.source),
                    "total": total.verdicts,
                    "bars": [
                        {
                            "rating": refs[slug],
                            "count": counts[slug],
                            "percent": round(100 * counts[slug] / total.verdicts),
                        }
                        for slug in refs
                        if counts[slug]
                    ],
                }
            )
        context = {
            "rows": rows,
            "page": page,
            "chosen": {},
            "meta": page_meta(
                request,
                title=_("Sources"),
                description=_("Who made the claims we checked, and how those claims were rated."),
                query={"page": page.number} if page.number > 1 else None,
            ),
        }
        return render(request, "site/sources.html", context)

    return respond(
        request, fingerprint=fingerprint, last_modified=last_modified, render=render_page
    )
