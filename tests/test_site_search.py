"""Full-text search over published claims and verdicts, on SQLite and on PostgreSQL."""

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
        citations=[(desk.magazine, "appearance", "захватили аэропорт")],
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
        citations=[(desk.orda, "appearance", "другое")],
    )
    publish(other, explanation="Nothing about the airport itself, only context.")
    assert headlines(client, "airport")[0] == "The airport was seized, but by whom is disputed"


@on_postgresql
def test_the_gin_index_serves_the_search(desk):
    from factcheck.site.search import _postgresql

    queryset = _postgresql("аэропорт")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            plan = queryset.explain()
        finally:
            cursor.execute("RESET enable_seqscan")
    assert "verdictrevision_search_idx" in plan, plan


@on_postgresql
def test_the_slug_index_serves_the_verdict_page(desk):
    from factcheck.site.selectors import with_claim_slug

    queryset = with_claim_slug(Verdict.objects.released(), "claim-1")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            plan = queryset.explain()
        finally:
            cursor.execute("RESET enable_seqscan")
    assert "verdictrevision_claim_slug_idx" in plan, plan
