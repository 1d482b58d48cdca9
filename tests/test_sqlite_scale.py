"""What keeps the embedded SQLite default flat as the archive grows (issue 10, bench/pages.py
--sqlite): query shapes SQLite's planner reads off an index, and SQLite's own indexes.

Plans and timings are checked in bench/ on archives of 2,000 and 20,000 verdicts; here, only what
they rest on: the compiled SQL and the index definitions.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck.models import Verdict
from factcheck.published import public
from tests.factories import build_desk, retract

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own index")


@pytest.mark.django_db
def test_the_release_mark_is_the_end_of_the_feed_keyset_not_two_maxima():
    # SQLite reads a maximum off an index only when it is the query's one aggregate: MAX(time),
    # MAX(position) together read every released verdict's row (every public page asks this).
    assert public.release_mark() == (None, None)
    assert public.last_change() is None
    build_desk(2)
    last = Verdict.objects.released().order_by("-feed_seq").first()
    with CaptureQueriesContext(connection) as queries:
        mark = public.release_mark()
    assert mark == (last.released_at, last.feed_seq)
    (query,) = queries.captured_queries
    sql = query["sql"]
    assert "MAX(" not in sql.upper()
    # Ordered by the position (the second column selected), the latest first, one row.
    assert re.search(r'ORDER BY (2|"factcheck_verdict"\."feed_seq") DESC LIMIT 1$', sql), sql
    # The feed index's condition, written out, so SQLite may use verdict_released_feed_idx.
    assert '"factcheck_verdict"."public_revision_id" IS NOT NULL' in sql

    retracted = retract(Verdict.objects.published().order_by("feed_seq").first())
    assert public.release_mark() == (retracted.released_at, retracted.feed_seq)
    assert public.last_change() == retracted.released_at


@pytest.mark.django_db
def test_public_figures_look_up_each_claims_verdict_instead_of_listing_every_published_one():
    # `claim__verdicts__in=verdicts()` made SQLite build the list of every published verdict
    # before reading a story's figures.
    sql = str(public.figures().query)
    assert "IN (SELECT" not in sql.upper()
    assert sql.count('U0."claim_id" = ("factcheck_figure"."claim_id")') == 1, sql


@on_sqlite
def test_sqlite_indexes_released_verdicts_in_feed_order(db):
    from factcheck.published.sql import SQLITE_INDEXES

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s",
            ["verdict_released_feed_idx"],
        )
        (definition,) = cursor.fetchone()
        cursor.execute("PRAGMA index_info('verdict_released_feed_idx')")
        columns = [row[2] for row in cursor.fetchall()]
    assert columns == ["feed_seq"]
    # Only released verdicts: SQLite sorts NULLs (unreleased work) first in an ascending index.
    assert " ".join(definition.split()).endswith("WHERE public_revision_id IS NOT NULL")
    assert "verdict_released_feed_idx" in SQLITE_INDEXES
    # SQLite uses a partial index only for a query that states its condition: released() does.
    released = str(Verdict.objects.released().order_by("feed_seq").query)
    assert '"factcheck_verdict"."public_revision_id" IS NOT NULL' in released
