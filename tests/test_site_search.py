"""Full-text search over published claims and verdicts, on SQLite and on PostgreSQL."""

import re

import pytest
from django.db import connection

from factcheck import services
from factcheck.models import Verdict
from factcheck.published import fts
from factcheck.published import search as documents
from tests.factories import build_desk, desk_users, make_claim, publish, republish, retract, source

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own index")
on_sqlite_fts5 = pytest.mark.skipif(
    connection.vendor != "sqlite" or not fts.available(), reason="SQLite's FTS5"
)


@pytest.fixture
def desk(db):
    desk = build_desk(2)
    airport = make_claim(
        "airport-seized",
        text="Погромщики захватили АЭРОПОРТ Алматы",
        text_en="Rioters seized Almaty airport",
        short="Rioters seized Almaty airport on 5 January",
        claimant=desk.magazine,
        citations=[
            (desk.magazine, "appearance", "захватили аэропорт"),
            (desk.orda, "supports", "да"),
        ],
    )
    publish(airport, headline="The airport was seized, but by whom is disputed")
    return desk


def headlines(client, words: str) -> list[str]:
    response = client.get("/en/search/", {"q": words})
    assert response.status_code == 200
    return re.findall(r'<h3 class="card__headline"><a [^>]*>([^<]*)</a>', response.content.decode())


def test_finds_cyrillic_whatever_the_case(client, desk):
    assert headlines(client, "аэропорт") == ["The airport was seized, but by whom is disputed"]
    assert headlines(client, "Аэропорт") == ["The airport was seized, but by whom is disputed"]
    assert headlines(client, "АЛМАТЫ") == ["The airport was seized, but by whom is disputed"]


def test_finds_english_words_in_the_translation_and_the_verdict(client, desk):
    assert headlines(client, "airport") == ["The airport was seized, but by whom is disputed"]
    assert headlines(client, "Disputed") == ["The airport was seized, but by whom is disputed"]
    assert sorted(headlines(client, "people died")) == [
        "Verdict 1 on the death toll",
        "Verdict 2 on the death toll",
    ]


def test_all_words_must_match(client, desk):
    assert headlines(client, "airport toll") == []


def test_only_published_revisions_are_searched(client, desk):
    assert headlines(client, "UNPUBLISHED-DRAFT") == []
    assert headlines(client, "RETRACTED-CONCLUSION") == []
    verdict = Verdict.objects.get(claim__slug="airport-seized")
    _reporter, editor = desk_users()
    services.verdict_update(
        verdict=verdict, by=editor, version=verdict.version, conclusion="Zanzibar pending edit"
    )
    assert headlines(client, "Zanzibar") == []
    assert headlines(client, "airport") == ["The airport was seized, but by whom is disputed"]


def test_an_empty_query_shows_the_form(client, desk):
    response = client.get("/en/search/")
    assert response.status_code == 200 and 'name="q"' in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()


@on_postgresql
def test_russian_and_english_stemming(client, desk):
    # "аэропорта" (genitive) finds "АЭРОПОРТ"; "seizing" finds "seized".
    assert headlines(client, "аэропорта") == ["The airport was seized, but by whom is disputed"]
    assert headlines(client, "seizing") == ["The airport was seized, but by whom is disputed"]


def test_a_claim_naming_the_word_ranks_above_a_verdict_mentioning_it(client, desk):
    other = make_claim(
        "other",
        text="Что-то другое",
        text_en="Something else",
        claimant=source("other", "Другой", "Other"),
        citations=[(desk.orda, "appearance", "другое"), (desk.magazine, "supports", "да")],
    )
    publish(other, explanation="Nothing about the airport itself, only context.")
    assert headlines(client, "airport")[0] == "The airport was seized, but by whom is disputed"


AIRPORT = "The airport was seized, but by whom is disputed"


def test_a_correction_is_searchable_once_published_and_its_old_text_no_longer(client, desk):
    verdict = Verdict.objects.get(claim__slug="airport-seized")
    republish(verdict, conclusion="Zanzibar was never involved.", headline="Seized by Zanzibar")
    assert headlines(client, "Zanzibar") == ["Seized by Zanzibar"]
    # The superseded revision's headline stays stored, but only the public revision is searched.
    assert headlines(client, "disputed") == []


def test_a_retraction_removes_the_verdict_from_search(client, desk):
    retract(Verdict.objects.get(claim__slug="airport-seized"))
    assert headlines(client, "airport") == []
    assert headlines(client, "аэропорт") == []


def test_a_draft_never_matches_even_beside_a_published_verdict_of_the_same_claim(client, desk):
    # The claim's own text is public only as frozen in a published revision.
    draft = make_claim("draft-only", text="Квазимодо в аэропорту", claimant=desk.magazine)
    reporter, _editor = desk_users()
    services.verdict_create(
        claim=draft, by=reporter, headline="Quasimodo draft", conclusion="Quasimodo"
    )
    assert headlines(client, "Квазимодо") == []
    assert headlines(client, "Quasimodo") == []


def test_only_the_newest_matches_are_ranked(client, desk, monkeypatch):
    # Bounded ranking: of the verdicts matching "died" (two, published in turn), with room to rank
    # one only the newest is ranked and shown; with room for all, both are.
    monkeypatch.setattr(documents, "CANDIDATES", 1)
    assert headlines(client, "died") == ["Verdict 2 on the death toll"]
    monkeypatch.setattr(documents, "CANDIDATES", 500)
    assert sorted(headlines(client, "died")) == [
        "Verdict 1 on the death toll",
        "Verdict 2 on the death toll",
    ]


def test_the_api_search_matches_only_public_texts_too(desk):
    verdict = Verdict.objects.get(claim__slug="airport-seized")
    _reporter, editor = desk_users()
    services.verdict_update(
        verdict=verdict, by=editor, version=verdict.version, conclusion="Zanzibar pending edit"
    )
    assert list(documents.matching(Verdict.objects.all(), "Zanzibar")) == []
    assert list(documents.matching(Verdict.objects.all(), "АЭРОПОРТ")) == [verdict]


# --- PostgreSQL: the stored document and its index --------------------------------------------
# Whether the planner picks the GIN index or walks the newest revisions depends on the table's
# size and statistics: on the test desk's few rows a scan may rightly win. The plans are measured
# on a realistic archive by bench/plans.py; here, deterministically, the column must be generated
# by the database, indexed, and the one the queries read.


def _squeezed(sql: str) -> str:
    return re.sub(r"\s+", "", sql)


@on_postgresql
def test_the_search_document_is_a_stored_generated_column_with_a_gin_index(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attgenerated, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a "
            "JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            "WHERE a.attrelid = 'factcheck_verdictrevision'::regclass "
            "AND a.attname = 'search_document'"
        )
        generated, expression = cursor.fetchone()
        cursor.execute(
            "SELECT pg_get_indexdef(i.indexrelid), i.indisvalid FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = %s",
            ["verdictrevision_search_document_idx"],
        )
        definition, valid = cursor.fetchone()
        cursor.execute("SELECT 1 FROM pg_class WHERE relname = 'verdictrevision_search_idx'")
        old_index = cursor.fetchone()
    assert generated == "s"  # stored: computed on write, for bulk inserts too
    assert "to_tsvector('russian'::regconfig" in expression
    assert valid and definition.endswith("USING gin (search_document)"), definition
    assert old_index is None  # 0004's expression index, replaced by the column's


@on_postgresql
def test_the_search_reads_the_stored_column_and_ranks_a_bounded_set(desk):
    sql = _squeezed(str(documents.ranked("аэропорт").query))
    assert '"search_document"@@(websearch_to_tsquery' in sql
    assert f"LIMIT{documents.CANDIDATES})" in sql  # the candidates, newest first
    assert "ts_rank(" in sql and "to_tsvector" not in sql  # never recomputed from the JSON
    matching = _squeezed(str(documents.matching(Verdict.objects.all(), "аэропорт").query))
    assert '"search_document"@@(websearch_to_tsquery' in matching


@on_postgresql
def test_ranking_reads_at_most_the_candidates_whatever_the_number_of_matches(desk):
    # Each branch (the GIN index and a sort, the walk newest first) stops at CANDIDATES public
    # revisions, ordered by the revision's key, before anything is ranked; ts_rank is computed
    # only in the outer query, over the rows that subquery returns. So a rare word in a few
    # hundred revisions of a big archive ranks what a common word ranks, never all its matches.
    sql = _squeezed(str(documents.ranked("аэропорт").query))
    inner = sql[sql.index('"public_revision_id"IN(WITHprobe') :]
    assert inner.count(f"LIMIT{documents.CANDIDATES})") == 2  # both branches, bounded
    assert "ts_rank(" not in inner.split("ORDERBYts_rank(")[0]  # nothing ranked inside
    assert sql.count("ts_rank(") == 1
    # With a limit (the page's 51), the candidates are ranked on their keys and only the best
    # rows are read whole: the outer query ranks again just those (its IN list is LIMITed).
    limited = _squeezed(str(documents.ranked("аэропорт", 51).query))
    outer, inner = limited.split('"id"IN(', 1)
    assert "LIMIT51)" in inner and inner.count(f"LIMIT{documents.CANDIDATES})") == 2
    assert "->" not in inner  # no part of a snapshot read for the candidates
    assert '"snapshot"' not in inner


@on_postgresql
def test_revisions_are_never_scanned_in_parallel(db):
    # A rare word's GIN branch was planned as a parallel bitmap scan (PostgreSQL estimates a
    # word's matches from the query, thousands for a word in two hundred revisions), and starting
    # the workers cost more than the search (migration 0026).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'factcheck_verdictrevision'"
        )
        (options,) = cursor.fetchone()
    assert "parallel_workers=0" in (options or [])


@on_postgresql
def test_the_plan_follows_the_words_frequency_in_a_probe_of_the_newest_revisions(desk):
    # One query; the probe (a CTE read once) decides which branch runs: the GIN index and a sort
    # for a rare word, the walk newest first for a common one. Both give the same matches.
    sql = _squeezed(str(documents.ranked("аэропорт").query))
    assert "WITHprobeASMATERIALIZED" in sql and "UNIONALL" in sql
    assert f"LIMIT{documents.PROBE_REVISIONS}" in sql
    for word in ("аэропорт", "verdict", "seized"):
        found = {}
        for common_from in (0, 10**9):  # every word common, then every word rare
            documents.COMMON_IN_PROBE, saved = common_from, documents.COMMON_IN_PROBE
            try:
                found[common_from] = list(documents.ranked(word).values_list("pk", flat=True))
            finally:
                documents.COMMON_IN_PROBE = saved
        assert found[0] == found[10**9] and found[0], word


@on_postgresql
def test_a_bulk_insert_is_searchable_without_any_call(desk):
    # bench/generate.py inserts revisions in bulk: the database fills the column itself.
    from factcheck.models import VerdictRevision

    revision = Verdict.objects.get(claim__slug="airport-seized").public_revision
    snapshot = revision.snapshot | {"claim": revision.snapshot["claim"] | {"text": "Бегемот"}}
    VerdictRevision.objects.filter(pk=revision.pk).update(snapshot=snapshot)
    assert list(documents.ranked("бегемот").values_list("public_revision_id", flat=True)) == [
        revision.pk
    ]


@on_postgresql
def test_the_slug_lookup_uses_the_indexed_expression(desk):
    from factcheck.published.public import with_claim_slug

    sql = str(with_claim_slug(Verdict.objects.released(), "claim-1").query)
    assert _squeezed(
        """("factcheck_verdictrevision"."snapshot" #>> '{claim,slug}') = claim-1"""
    ) in (_squeezed(sql))


@on_postgresql
def test_the_slug_index_exists(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_indexdef(i.indexrelid), i.indisvalid FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = %s",
            ["verdictrevision_claim_slug_idx"],
        )
        definition, valid = cursor.fetchone()
    assert valid and "(snapshot #>> '{claim,slug}'::text[])" in definition, definition


@on_sqlite
def test_the_slug_lookup_writes_out_the_sqlite_index_expression(desk):
    """SQLite uses an index on an expression only for a query that writes out the same expression,
    its literal JSON path included (a bound parameter would not match)."""
    from factcheck.published.public import with_claim_slug
    from factcheck.published.sql import SQLITE_SLUG_INDEX

    expression = 'json_extract(snapshot, \'$."claim"."slug"\')'
    assert expression in SQLITE_SLUG_INDEX
    sql = str(with_claim_slug(Verdict.objects.released(), "claim-1").query)
    assert (
        """json_extract("factcheck_verdictrevision"."snapshot", '$."claim"."slug"') = claim-1"""
        in sql
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s",
            ["verdictrevision_claim_slug_idx"],
        )
        (definition,) = cursor.fetchone()
    assert expression in definition, definition


# --- SQLite: the FTS5 table the database keeps in step ----------------------------------------


def _fts_rows() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {fts.TABLE}")
        return {row[0] for row in cursor.fetchall()}


def _public_revisions() -> set[int]:
    return set(Verdict.objects.published().values_list("public_revision_id", flat=True))


@on_sqlite_fts5
def test_the_fts_table_holds_exactly_the_public_revisions(desk):
    assert _fts_rows() == _public_revisions() and len(_fts_rows()) == 3
    verdict = Verdict.objects.get(claim__slug="airport-seized")
    old = verdict.public_revision_id
    _reporter, editor = desk_users()
    services.verdict_update(  # the working copy: readers' view unchanged
        verdict=verdict, by=editor, version=verdict.version, conclusion="Zanzibar pending edit"
    )
    assert _fts_rows() == _public_revisions() and old in _fts_rows()
    verdict = republish(verdict, headline="Seized by Zanzibar")
    assert old not in _fts_rows() and verdict.public_revision_id in _fts_rows()
    assert _fts_rows() == _public_revisions()
    retract(verdict)
    assert verdict.public_revision_id not in _fts_rows()
    assert _fts_rows() == _public_revisions()


@on_sqlite_fts5
def test_a_missing_trigger_is_put_back_and_the_table_refilled_after_migrate(desk):
    from django.apps import apps
    from django.db.models.signals import post_migrate

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER factcheck_published_search_verdict_update")
        cursor.execute(f"DELETE FROM {fts.TABLE}")
    config = apps.get_app_config("factcheck")
    post_migrate.send(sender=config, app_config=config, using="default", verbosity=0)
    assert _fts_rows() == _public_revisions() and len(_fts_rows()) == 3
    retract(Verdict.objects.get(claim__slug="airport-seized"))
    assert _fts_rows() == _public_revisions() and len(_fts_rows()) == 2


@on_sqlite_fts5
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_migration_that_rebuilds_both_tables_runs_and_search_stays_whole():
    # Django alters a SQLite table by rebuilding it; with the triggers in place the rename fails
    # ("error in trigger ...: no such table"). migrate takes them down first and puts them back.
    from django.apps import apps
    from django.db.models.signals import post_migrate, pre_migrate

    from factcheck.models import VerdictRevision

    build_desk(2)
    config = apps.get_app_config("factcheck")
    pre_migrate.send(sender=config, app_config=config, using="default", plan=[("0014", False)])
    for model in (VerdictRevision, Verdict):
        with connection.schema_editor() as editor:
            editor._remake_table(model)
    post_migrate.send(sender=config, app_config=config, using="default", verbosity=0)
    assert _fts_rows() == _public_revisions() and len(_fts_rows()) == 2
    with connection.cursor() as cursor:  # the rebuild dropped them; migrate's end put them back
        for name in ("verdictrevision_claim_slug_idx", "verdict_released_feed_idx"):
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = %s", [name])
            assert cursor.fetchone() == (1,), name
    verdict = republish(Verdict.objects.published().first(), headline="Seized by Zanzibar")
    assert _fts_rows() == _public_revisions() and verdict.public_revision_id in _fts_rows()


@on_sqlite_fts5
def test_the_sqlite_search_matches_in_fts5_and_ranks_a_bounded_set(desk):
    sql = str(documents.ranked("аэропорт").query)
    assert "MATCH" in sql and "bm25(" in sql
    assert f"ORDER BY rowid DESC LIMIT {documents.CANDIDATES}" in sql
    assert "LIKE" not in sql


@on_sqlite_fts5
def test_words_are_quoted_so_no_character_is_fts5_syntax(client, desk):
    assert documents.fts_query('a" OR b* NEAR(') == '"a"""* "OR"* "b*"* "NEAR("*'
    for words in ['"', "NOT", "*", "a OR", "(", "^x"]:
        assert client.get("/en/search/", {"q": words}).status_code == 200


def test_more_matches_than_shown_are_not_counted_but_said(client, desk, monkeypatch):
    from factcheck.site import search as page

    monkeypatch.setattr(page, "MAX_RESULTS", 1)
    response = client.get("/en/search/", {"q": "died"}).content.decode()
    assert "More than 1 fact-checks match “died”" in response
    assert response.count('class="card__headline"') == 1
    monkeypatch.setattr(page, "MAX_RESULTS", 2)
    response = client.get("/en/search/", {"q": "died"}).content.decode()
    assert "2 fact-checks match “died”." in response and "More than" not in response


def test_without_fts5_sqlite_says_so_and_still_finds(client, desk, monkeypatch):
    # A Python whose SQLite lacks FTS5: a system check warns, search scans (correctly).
    monkeypatch.setattr(fts, "available", lambda: False)
    warnings = fts.check()
    if connection.vendor == "sqlite":
        assert [w.id for w in warnings] == ["factcheck.W001"]
        assert headlines(client, "Аэропорт") == [AIRPORT]
        assert headlines(client, "UNPUBLISHED-DRAFT") == []
    else:
        assert warnings == []
