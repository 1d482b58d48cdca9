"""Full-text search over published claims and verdicts.

PostgreSQL: the public revision's snapshot as one weighted tsvector (the claim as made, in Russian,
through the 'russian' configuration; its English translation, short form and the verdict through
'english'), matched against the reader's words parsed by both configurations, so "аэропорта" finds
"аэропорт" and "seized" finds "seize". The GIN index `verdictrevision_search_idx` (migration
0004_site) is built on exactly DOCUMENT_SQL, so the WHERE clause below is an index scan.

SQLite has no full-text search in Django: words in ASCII go to icontains in SQL (SQLite lower-
cases ASCII only); words with other letters are matched in Python with str.casefold over the
published documents, so "АЭРОПОРТ" finds "аэропорт".
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Func, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from factcheck.models import Verdict
from factcheck.site import selectors
from factcheck.site.conditional import respond
from factcheck.site.presenters import Card
from factcheck.site.seo import page_meta
from factcheck.site.verdicts import last_release

MAX_RESULTS = 50
MAX_QUERY = 200

# The search document of a revision; {s} is its snapshot column. Keep it identical to the index
# in factcheck/migrations/0004_site.py (tests/test_site_search.py checks the index is used).
DOCUMENT_SQL = (
    "(setweight(to_tsvector('russian'::regconfig, "
    "coalesce({s} #>> '{{claim,text}}', '') || ' ' || "
    "coalesce({s} #>> '{{claim,claimant,name}}', '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, "
    "coalesce({s} #>> '{{claim,text_en}}', '') || ' ' || "
    "coalesce({s} #>> '{{claim,short}}', '') || ' ' || "
    "coalesce({s} #>> '{{verdict,headline}}', '') || ' ' || "
    "coalesce({s} #>> '{{claim,claimant,name_en}}', '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, "
    "coalesce({s} #>> '{{verdict,conclusion}}', '') || ' ' || "
    "coalesce({s} #>> '{{verdict,explanation}}', '')), 'B'))"
)

# The snapshot texts the SQLite fallback looks in.
FALLBACK_PATHS = [
    ("claim", "text"),
    ("claim", "text_en"),
    ("claim", "short"),
    ("claim", "claimant", "name"),
    ("claim", "claimant", "name_en"),
    ("verdict", "headline"),
    ("verdict", "conclusion"),
    ("verdict", "explanation"),
]


class SearchDocument(Func):
    def __init__(self, snapshot, **extra):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(F(snapshot), output_field=SearchVectorField(), **extra)

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        return DOCUMENT_SQL.format(s=column), params


def _postgresql(words: str):
    from django.contrib.postgres.search import SearchQuery, SearchRank

    query = SearchQuery(words, config="russian", search_type="websearch") | SearchQuery(
        words, config="english", search_type="websearch"
    )
    document = SearchDocument("public_revision__snapshot")
    return (
        Verdict.objects.published()
        .annotate(document=document, rank=SearchRank(document, query))
        .filter(document=query)
        .order_by("-rank", "-public_revision__published_at", "-pk")
    )


def _snapshot_text(*path: str):
    return selectors.SnapshotText("public_revision__snapshot", *path)


def _sqlite_ids(words: list[str]) -> list[int]:
    """Ids of published verdicts whose texts contain every word, ignoring case in any alphabet."""
    published = Verdict.objects.published()
    if all(word.isascii() for word in words):
        annotations = {f"t{i}": _snapshot_text(*path) for i, path in enumerate(FALLBACK_PATHS)}
        condition = Q()
        for word in words:
            condition &= Q(
                *[Q(**{f"t{i}__icontains": word}) for i in range(len(FALLBACK_PATHS))],
                _connector=Q.OR,
            )
        return list(published.alias(**annotations).filter(condition).values_list("pk", flat=True))
    folded = [word.casefold() for word in words]
    rows = published.values_list(
        "pk", *[F("public_revision__snapshot__" + "__".join(path)) for path in FALLBACK_PATHS]
    )
    return [
        pk
        for pk, *texts in rows
        if all(word in " ".join(str(t) for t in texts if t).casefold() for word in folded)
    ]


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    # Queries: PostgreSQL 1. the ranked, matching published verdicts as cards; SQLite 1. the
    # matching ids, 2. their cards. Then the newest release (Last-Modified). A search is never
    # indexed by robots (see robots.txt and the noindex below).
    words = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    rows = []
    if words:
        if connection.vendor == "postgresql":
            rows = list(selectors.card_rows(_postgresql(words))[:MAX_RESULTS])
        else:
            ids = _sqlite_ids(words.split())
            queryset = selectors.latest_published().filter(pk__in=ids or [0])
            rows = list(selectors.card_rows(queryset)[:MAX_RESULTS])
    last_modified = last_release()
    fingerprint = [(row["pk"], row["revision_id"]) for row in rows]

    def render_page():
        context = {
            "q": words,
            "cards": [Card.from_row(row) for row in rows],
            "limited": len(rows) == MAX_RESULTS,
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
