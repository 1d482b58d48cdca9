"""Full-text search over published snapshots: the one search document and match, for the site and
the API, bounded so that a common word costs what a rare one does.

PostgreSQL: each revision's snapshot as one weighted tsvector, stored by the database itself in
the generated column `search_document` (migration 0013_published_search: the claim as made, in
Russian, through the 'russian' configuration; its English translation, short form and the verdict
through 'english'), matched against the reader's words parsed by both configurations, so
"аэропорта" finds "аэропорт" and "seized" finds "seize". Only the *public* revision of a published
verdict is looked at: the match goes through Verdict.public_revision, so a draft, a correction not
yet published (the working copy) and a superseded revision cannot match, and a retraction removes
the verdict. A rare word is found through the column's GIN index.

SQLite: its FTS5 table of published texts (factcheck.published.fts), which the database keeps
holding exactly the public revisions of published verdicts; each word matches as a word prefix,
case folded in every alphabet. Where SQLite was built without FTS5, words in ASCII go to
icontains in SQL and other words are matched in Python over every published document: correct,
but it grows with the archive (a system check says so).

Ranking is bounded on both: only the CANDIDATES most recently published matches are ranked (an
index walk that stops early), best first. A rare word or an exact phrase has fewer matches than
that, so all of them are ranked; for a word in thousands of fact-checks the best of the newest are
shown rather than sorting the whole archive on every request.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Expression, F, Func, Q, QuerySet
from django.db.models.expressions import RawSQL

from factcheck.models import Verdict
from factcheck.published import fts, public
from factcheck.published.sql import SnapshotText

MAX_QUERY = 200
# How many of the newest matches are ranked; the page shows at most 50 of them.
CANDIDATES = 200

# The snapshot texts the fallback without FTS5 looks in.
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


def uses_fts() -> bool:
    return connection.vendor == "sqlite" and fts.available()


# --- PostgreSQL ------------------------------------------------------------------------------


class StoredDocument(Expression):
    """The stored `search_document` of the revision reached through `revision` (a relation path,
    e.g. "public_revision"). A column the model leaves out (migration 0013 says why), so it is
    named here, on the join Django makes for that relation."""

    def __init__(self, revision: str):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())
        self.revision = revision

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, *a):
        resolved = self.copy()
        # Any column of the revision other than its key: that one Django reads off the verdict.
        resolved.column = F(f"{self.revision}__snapshot").resolve_expression(
            query, allow_joins, reuse, summarize
        )
        return resolved

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(self.column.alias)
        return f"{table}.{connection.ops.quote_name('search_document')}", []


def _query(words: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(words, config="russian", search_type="websearch") | SearchQuery(
        words, config="english", search_type="websearch"
    )


# How many of the newest revisions the probe reads (an index range, whatever the word), and how
# many matches among them make a word common enough to walk to.
PROBE_REVISIONS = 500
COMMON_IN_PROBE = 10  # 2%: the walk then tests about 10,000 revisions for its 200


def _newest_matches(query) -> RawSQL:
    """The public revisions of the CANDIDATES newest published matches, by a plan chosen from the
    word's frequency among the newest revisions rather than from PostgreSQL's estimate.

    Walking the revisions newest first and testing each stops early for a common word and is
    ruinous for a rare one: at 1M revisions a word in 234 of them was estimated at 7,238 matches,
    and the walk tested 1.19M rows (3.6 s). Reading a word's matches through the GIN index and
    sorting them is right for a rare word and costly for a common one. So a probe counts the
    word's matches among the PROBE_REVISIONS newest revisions (an index range: the same cost for
    every word); COMMON_IN_PROBE or more take the walk, which then finds its CANDIDATES within a
    few probes' length; fewer take the GIN index and a sort of the matches. The probe is a
    materialized CTE read by both branches' one-time filters, so it runs once and PostgreSQL runs
    only one branch.
    """
    from django.contrib.postgres.search import SearchVectorField
    from django.db.models import BooleanField, Value

    from factcheck.models import VerdictRevision

    newest = VerdictRevision.objects.order_by("-pk").values("pk")[:PROBE_REVISIONS]
    probe_sql, probe_params = (
        VerdictRevision.objects.filter(pk__in=newest)
        .alias(
            document=RawSQL(
                '"factcheck_verdictrevision"."search_document"',
                [],
                output_field=SearchVectorField(),
            )
        )
        .filter(document=query)
        .order_by()
        .values("pk")
        .query.sql_with_params()
    )
    branches = []
    for common, order in (
        (False, (F("public_revision_id") + Value(0)).desc()),  # no index gives it: GIN, then sort
        (True, F("public_revision_id").desc()),  # the walk, newest first
    ):
        frequency = RawSQL(
            "(SELECT n FROM probe) >= %s", [COMMON_IN_PROBE], output_field=BooleanField()
        )
        branch = (
            public.verdicts()
            .alias(document=StoredDocument("public_revision"), common=frequency)
            .filter(document=query, common=common)
            .order_by(order)
            .values("public_revision_id")[:CANDIDATES]
        )
        branches.append(branch.query.sql_with_params())
    union = " UNION ALL ".join(f"({branch_sql})" for branch_sql, _params in branches)
    sql = (
        f"WITH probe AS MATERIALIZED (SELECT count(*) AS n FROM ({probe_sql}) AS matched) "
        f"SELECT * FROM ({union}) AS newest"
    )
    return RawSQL(sql, [*probe_params, *(p for _sql, params in branches for p in params)])


# --- SQLite FTS5 -----------------------------------------------------------------------------


def fts_query(words: str) -> str:
    """The reader's words as an FTS5 query: every word must match, each as a word prefix (so
    "аэропорт" finds "аэропорта"); quoted, so that no character is FTS5 syntax."""
    return " ".join('"{}"*'.format(word.replace('"', '""')) for word in words.split())


class FtsRank(Func):
    """bm25 of the verdict's public revision among the `limit` newest matches: lower is better.
    The claim's and its English forms' columns weigh fully, the verdict's reasoning less
    (PostgreSQL's A and B).

    bm25 counts every match of each word once per FTS5 query, so the rank is read from one query
    over the candidates (SQLite materializes it once, with an automatic index on its rowid),
    never from one FTS5 query per row.
    """

    def __init__(self, match: str, limit: int):
        from django.db.models import FloatField

        self.match, self.limit = match, limit
        super().__init__(F("public_revision_id"), output_field=FloatField())

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        table = fts.TABLE
        sql = (
            f"(SELECT candidate.rank FROM (SELECT rowid AS id, bm25({table}, 1.0, 1.0, 0.4) AS rank "
            f"FROM {table} WHERE {table} MATCH %s ORDER BY rowid DESC LIMIT %s) AS candidate "
            f"WHERE candidate.id = {column})"
        )
        return sql, (self.match, self.limit, *params)


def _fts_rows(match: str, limit: int | None = None) -> RawSQL:
    # FTS5 returns rowids in order, so "newest first, the first N" stops after N.
    sql = f"SELECT rowid FROM {fts.TABLE} WHERE {fts.TABLE} MATCH %s"
    if limit is None:
        return RawSQL(sql, [match])
    return RawSQL(f"{sql} ORDER BY rowid DESC LIMIT %s", [match, limit])


# --- the two entry points --------------------------------------------------------------------


def ranked(words: str, limit: int | None = None) -> QuerySet:
    """The published verdicts matching `words`, best of the CANDIDATES newest matches first (one
    query). `limit` is the most the caller will show (it still slices).

    On PostgreSQL the limit is applied where the candidates are ranked, on their keys alone, so
    that what a page then reads of each row (a card's parts of the snapshot, each a detoasted
    JSON document) is read for the rows it shows, not for every candidate: at 1M verdicts a rare
    word's 158 candidates cost 7 ms that way, for 51 rows shown.
    """
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchRank

        query = _query(words)
        order = ("-rank", "-public_revision__published_at", "-pk")
        best = (
            public.verdicts()
            .filter(public_revision_id__in=_newest_matches(query))
            .annotate(rank=SearchRank(StoredDocument("public_revision"), query))
            .order_by(*order)
        )
        if limit is None:
            return best
        return (
            public.verdicts()
            .filter(pk__in=best.values("pk")[: int(limit)])
            .annotate(rank=SearchRank(StoredDocument("public_revision"), query))
            .order_by(*order)
        )
    if uses_fts():
        match = fts_query(words)
        return (
            public.verdicts()
            .filter(public_revision_id__in=_fts_rows(match, CANDIDATES))
            .annotate(rank=FtsRank(match, CANDIDATES))
            .order_by("rank", "-public_revision__published_at", "-pk")
        )
    return matching(public.latest(), words)


def matching(queryset: QuerySet, words: str) -> QuerySet:
    """`queryset` (of verdicts) narrowed to the published ones whose public texts match every word
    (for the API, which keeps its own order).

    Without FTS5 on SQLite, ASCII words are matched in SQL; words in other alphabets need one more
    query, over the published documents, matched in Python.
    """
    queryset = queryset.exclude(state=Verdict.State.RETRACTED)  # tombstones have no text left
    if connection.vendor == "postgresql":
        return queryset.alias(document=StoredDocument("public_revision")).filter(
            document=_query(words)
        )
    if uses_fts():
        return queryset.filter(public_revision_id__in=_fts_rows(fts_query(words)))
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
