"""A claimant's record (issue 12): the claims of theirs the desk checked and published, paged, and
how they were rated, drawn as a chart the server renders (SVG: no script, readable by a screen
reader, each bar labelled with its rating and count so that colour is never the only carrier).

The record covers only what the desk chose to check, and the page says so: a claimant whose
record is all "false" is one the desk looked at for false claims, not a proven liar.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from factcheck.models import Rating
from factcheck.site import selectors
from factcheck.site.conditional import is_staff, respond
from factcheck.site.presenters import Card, RatingRef, SourceRef
from factcheck.site.seo import page_meta
from factcheck.site.sources import claimant_ratings
from factcheck.site.verdicts import card_page, last_release

# The chart's geometry, in SVG user units (it scales with the page's width).
CHART_WIDTH = 640
LABEL_WIDTH = 210  # the rating's name, left of its bar
COUNT_WIDTH = 90  # "12 (34%)", right of its bar
BAR_HEIGHT = 24
BAR_GAP = 10


@dataclass(frozen=True)
class Bar:
    rating: RatingRef
    count: int
    percent: int
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2 + 5

    @property
    def count_x(self) -> int:
        return LABEL_WIDTH + self.width + 8


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    total: int
    height: int
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def summary(self) -> str:
        """The chart in words, for its <desc> (and anyone who cannot see it)."""
        parts = [
            _("%(rating)s: %(count)s") % {"rating": bar.rating.display, "count": bar.count}
            for bar in self.bars
        ]
        return "; ".join(parts)


def rating_chart(counts: Counter, ratings: list[Rating]) -> Chart:
    """One bar per rating of the scale that the claimant's claims got, in the scale's order,
    bars scaled to the largest count."""
    shown = [r for r in ratings if counts[r.slug]]
    total = sum(counts[r.slug] for r in shown)
    largest = max((counts[r.slug] for r in shown), default=1)
    room = CHART_WIDTH - LABEL_WIDTH - COUNT_WIDTH
    bars = [
        Bar(
            rating=RatingRef.from_rating(rating),
            count=counts[rating.slug],
            percent=round(100 * counts[rating.slug] / total) if total else 0,
            y=n * (BAR_HEIGHT + BAR_GAP),
            width=max(2, round(room * counts[rating.slug] / largest)),
        )
        for n, rating in enumerate(shown)
    ]
    height = max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP)
    return Chart(bars=bars, total=total, height=height)


@require_safe
def claimant(request: HttpRequest, slug: str) -> HttpResponse:
    # Queries, whatever the number of claims: 1. the source, 2. the ratings (the chart's order),
    # 3. its published verdicts per rating (the maintained counts, a few rows), 4. the newest
    # release (Last-Modified); then 5. the page of cards (an index walk of the mentions'
    # index, publicmention_unique, joined to the page's snapshots only).
    found, ratings, counts = claimant_ratings(slug)
    total = sum(counts.values())
    if not total and not is_staff(request):
        raise Http404(_("No such source."))
    last_modified = last_release()
    fingerprint = (
        (found.pk, found.slug, found.name, found.name_en, found.kind, found.description),
        [(r.pk, r.slug, r.label, r.label_en, r.position) for r in ratings],
        sorted(counts.items()),
    )

    def render_page():
        queryset = selectors.latest_published().filter(
            selectors.published_filter(source_id=found.pk)
        )
        page = card_page(queryset, request.GET.get("page"), total)
        ref = SourceRef.from_source(found)
        context = {
            "source": found,
            "ref": ref,
            "chart": rating_chart(counts, ratings),
            "total": total,
            "cards": [Card.from_row(row) for row in page.object_list],
            "page": page,
            "chosen": {},
            "meta": page_meta(
                request,
                title=_("%(source)s: the record") % {"source": ref.name.primary.text},
                description=_("The claims by %(source)s that we checked, and how they were rated.")
                % {"source": ref.name.primary.text},
                query={"page": page.number} if page.number > 1 else None,
                noindex=not total,
            ),
        }
        return render(request, "site/claimant.html", context)

    return respond(
        request, fingerprint=fingerprint, last_modified=last_modified, render=render_page
    )
