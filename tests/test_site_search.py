"""Full-text search over published claims and verdicts, on SQLite and on PostgreSQL."""

import importlib
import re

import pytest
from django.db import connection

from factcheck import services
from factcheck.models import Verdict
from tests.factories import build_desk, desk_users, make_claim, publish, source

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
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
    # Weighted: a claim naming the word ranks above one that merely mentions it in a verdict.
    other = make_claim(
        "other",
        text="Что-то другое",
        text_en="Something else",
        claimant=source("other", "Другой", "Other"),
        citations=[(desk.orda, "appearance", "другое"), (desk.magazine, "supports", "да")],
    )
    publish(other, explanation="Nothing about the airport itself, only context.")
    assert headlines(client, "airport")[0] == "The airport was seized, but by whom is disputed"


# Whether the planner picks these indexes depends on the table's size and statistics: on the
# test desk's few rows a primary-key scan with a filter may rightly win. The plans are measured on
# a realistic archive by bench/plans.py; here, deterministically, each query must write out exactly
# its index's expression (PostgreSQL can use an expression index only for an equal expression),
# and the index must exist on a migrated database.


def _squeezed(sql: str) -> str:
    return re.sub(r"\s+", "", sql)


def test_the_search_writes_out_the_gin_index_expression():
    from factcheck.published.search import DOCUMENT_SQL

    migration = importlib.import_module("factcheck.migrations.0004_site")

    indexed = _squeezed(migration.SEARCH_INDEX)
    assert indexed.endswith(f"USINGGIN({_squeezed(DOCUMENT_SQL.format(s='snapshot'))})"), indexed


@on_postgresql
def test_the_search_query_uses_the_indexed_expression(desk):
    from factcheck.published.search import DOCUMENT_SQL, ranked

    sql = str(ranked("аэропорт").query)
    assert _squeezed(DOCUMENT_SQL.format(s='"factcheck_verdictrevision"."snapshot"')) in (
        _squeezed(sql)
    )


@on_postgresql
def test_the_slug_lookup_uses_the_indexed_expression(desk):
    from factcheck.published.public import with_claim_slug

    sql = str(with_claim_slug(Verdict.objects.released(), "claim-1").query)
    assert _squeezed(
        """("factcheck_verdictrevision"."snapshot" #>> '{claim,slug}') = claim-1"""
    ) in (_squeezed(sql))


@on_postgresql
@pytest.mark.parametrize(
    "index, expression",
    [
        ("verdictrevision_search_idx", "to_tsvector('russian'::regconfig"),
        ("verdictrevision_claim_slug_idx", "(snapshot #>> '{claim,slug}'::text[])"),
    ],
)
def test_the_expression_indexes_exist(db, index, expression):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_indexdef(i.indexrelid), i.indisvalid FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = %s",
            [index],
        )
        definition, valid = cursor.fetchone()
    assert valid and expression in definition, definition
