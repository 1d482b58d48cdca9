"""Full-text search over published snapshots: the one search document and match, for the site and
the API.

PostgreSQL: the public revision's snapshot as one weighted tsvector (the claim as made, in Russian,
through the 'russian' configuration; its English translation, short form and the verdict through
'english'), matched against the reader's words parsed by both configurations, so "аэропорта" finds
"аэропорт" and "seized" finds "seize". The GIN index `verdictrevision_search_idx` (migration
0004_site) is built on exactly DOCUMENT_SQL, so the match is an index scan.

SQLite has no full-text search in Django: words in ASCII go to icontains in SQL (SQLite lower-
cases ASCII only); words with other letters are matched in Python with str.casefold over the
published documents, so "АЭРОПОРТ" finds "аэропорт".
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Func, Q, QuerySet

from factcheck.models import Verdict
from factcheck.published import public
from factcheck.published.sql import SnapshotText

MAX_QUERY = 200

# The search document of a revision; {s} is its snapshot column. Keep it identical to the index
# in factcheck/migrations/0004_site.py.
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


def words_of(query: str) -> str:
    return " ".join(query.split())[:MAX_QUERY]


class SearchDocument(Func):
    def __init__(self, snapshot, **extra):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(F(snapshot), output_field=SearchVectorField(), **extra)

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        return DOCUMENT_SQL.format(s=column), params


def _query(words: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(words, config="russian", search_type="websearch") | SearchQuery(
        words, config="english", search_type="websearch"
    )


def ranked(words: str) -> QuerySet:
    """PostgreSQL only: the published verdicts matching `words`, best first (one query)."""
    from django.contrib.postgres.search import SearchRank

    query = _query(words)
    document = SearchDocument("public_revision__snapshot")
    return (
        public.verdicts()
        .annotate(document=document, rank=SearchRank(document, query))
        .filter(document=query)
        .order_by("-rank", "-public_revision__published_at", "-pk")
    )


def matching(queryset: QuerySet, words: str) -> QuerySet:
    """`queryset` (of verdicts) narrowed to the published ones whose texts match every word.

    PostgreSQL: the match against the indexed document. SQLite: ASCII words in SQL; words in
    other alphabets need one more query, over the published documents, matched in Python.
    """
    queryset = queryset.exclude(state=Verdict.State.RETRACTED)  # tombstones have no text left
    if connection.vendor == "postgresql":
        return queryset.alias(document=SearchDocument("public_revision__snapshot")).filter(
            document=_query(words)
        )
    texts = {
        f"text{i}": SnapshotText("public_revision__snapshot", *path)
        for i, path in enumerate(FALLBACK_PATHS)
    }
    split = words.split()
    if all(word.isascii() for word in split):
        condition = Q()
        for word in split:
            condition &= Q(*[Q(**{f"{name}__icontains": word}) for name in texts], _connector=Q.OR)
        return queryset.alias(**texts).filter(condition)
    folded = [word.casefold() for word in split]
    rows = public.verdicts().annotate(**texts).values_list("pk", *texts)
    found = [
        pk
        for pk, *texts_found in rows
        if all(word in " ".join(str(t) for t in texts_found if t).casefold() for word in folded)
    ]
    return queryset.filter(pk__in=found)
