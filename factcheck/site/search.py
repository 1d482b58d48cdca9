"""Full-text search over published claims and verdicts: the page. The search document and the
match are the read model's (factcheck.published.search), shared with the partner API.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from factcheck.published import search as documents
from factcheck.site import selectors
from factcheck.site.conditional import respond
from factcheck.site.presenters import Card
from factcheck.site.seo import page_meta
from factcheck.site.verdicts import last_release

MAX_RESULTS = 50


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    # Queries: 1. the matching published verdicts as cards, best of the newest matches first
    # (documents.ranked; only SQLite without FTS5 takes one more for words beyond ASCII),
    # 2. the newest release (Last-Modified). A search is never indexed by robots (robots.txt,
    # noindex below).
    words = documents.words_of(request.GET.get("q", ""))
    rows = []
    if words:
        # One more than shown, to say "more than 50" without counting every match.
        rows = list(
            selectors.card_rows(documents.ranked(words, MAX_RESULTS + 1))[: MAX_RESULTS + 1]
        )
    limited = len(rows) > MAX_RESULTS
    rows = rows[:MAX_RESULTS]
    last_modified = last_release()
    fingerprint = [limited, *((row["pk"], row["revision_id"]) for row in rows)]

    def render_page():
        context = {
            "q": words,
            "cards": [Card.from_row(row) for row in rows],
            "limited": limited,
            "max_results": MAX_RESULTS,
            "meta": page_meta(
                request,
                title=_("Search: %(q)s") % {"q": words} if words else _("Search fact-checks"),
                noindex=True,
            ),
        }
        return render(request, "site/search.html", context)

    return respond(
        request, fingerprint=fingerprint, last_modified=last_modified, render=render_page
    )
