"""Readers and partners get a verdict in their language (issue 11): the page, hreflang, ClaimReview,
the cards, the Atom feed and the partner API, all from the published snapshot."""

import json
import re

import pytest
from django.core.cache import cache

from factcheck.models import Verdict, VerdictTranslation
from tests.factories.desk import build_desk, make_claim
from tests.factories.sample import publish, source

SITE = "http://127.0.0.1:8000"
API = "/api/v1"
RU = {
    "headline": "Да, аэропорт захватили вечером 5 января",
    "conclusion": "Захват подтверждают два независимых источника.",
    "explanation": "Оба сообщения опираются на очевидцев в аэропорту.",
}


@pytest.fixture
def both(db):
    """Two published verdicts: one in English and Russian, one in English only."""
    desk = build_desk(n=1)
    vlast = source("vlast", "Власть", "Vlast.kz", "outlet", url="https://vlast.kz/")
    citations = [
        (desk.orda, "appearance", "захватили"),
        (desk.magazine, "supports", "захват"),
        (vlast, "supports", "аэропорт"),
    ]
    seized = make_claim(
        "airport-seized",
        text="Аэропорт захвачен",
        text_en="The airport was seized",
        claimant=desk.mvd,
        citations=citations,
    )
    troops = make_claim(
        "troops-arrived",
        text="Войска прибыли",
        text_en="Troops arrived",
        claimant=desk.mvd,
        citations=citations,
    )
    return (
        publish(seized, headline="Yes, the airport was seized", translations={"ru": RU}),
        publish(troops, headline="Troops did arrive"),
    )


@pytest.fixture
def api(client, partner_key):
    cache.clear()

    def get(path, data=None):
        return client.get(path, data or {}, headers={"authorization": f"Api-Key {partner_key}"})

    return get


def json_ld(page: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]


def alternates(page: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))


def test_the_russian_page_shows_the_russian_version(client, both):
    page = client.get("/ru/verdicts/airport-seized/").content.decode()
    assert f'<h1 lang="ru" dir="auto">{RU["headline"]}</h1>' in page
    assert RU["conclusion"] in page and RU["explanation"] in page
    assert "Yes, the airport was seized" not in page
    assert alternates(page) == {
        "en": f"{SITE}/en/verdicts/airport-seized/",
        "ru": f"{SITE}/ru/verdicts/airport-seized/",
        "x-default": f"{SITE}/en/verdicts/airport-seized/",
    }
    [review] = json_ld(page)
    assert review["inLanguage"] == "ru"
    assert review["url"] == f"{SITE}/ru/verdicts/airport-seized/"
    assert "пока доступен только" not in page
    # The English page is the English version, with its own ClaimReview.
    english = client.get("/en/verdicts/airport-seized/").content.decode()
    assert '<h1 lang="en" dir="auto">Yes, the airport was seized</h1>' in english
    assert json_ld(english)[0]["inLanguage"] == "en"


def test_a_missing_language_is_said_plainly_and_linked(client, both):
    page = client.get("/ru/verdicts/troops-arrived/").content.decode()
    assert "Этот вердикт пока доступен только на английском." in page
    english = f"{SITE}/en/verdicts/troops-arrived/"
    assert f'href="{english}" hreflang="en"' in page
    # Only the language that exists is an alternate; this page stands in for it.
    assert alternates(page) == {"en": english, "x-default": english}
    assert f'<link rel="canonical" href="{english}">' in page
    [review] = json_ld(page)
    assert review["inLanguage"] == "en" and review["url"] == english


def test_the_russian_home_page_cards_carry_the_russian_headline(client, both):
    page = client.get("/ru/").content.decode()
    assert RU["headline"] in page
    assert "Troops did arrive" in page  # no Russian version: its own
    assert RU["headline"] not in client.get("/en/").content.decode()


def test_the_partner_api_serves_the_language_asked_for(api, both):
    seized, troops = both
    items = {item["id"]: item for item in api(f"{API}/verdicts/", {"lang": "ru"}).json()["results"]}
    assert items[seized.pk]["headline"] == RU["headline"]
    assert items[seized.pk]["language"] == "ru"
    assert items[seized.pk]["languages"] == ["en", "ru"]
    assert items[seized.pk]["url"] == f"{SITE}/ru/verdicts/airport-seized/"
    # No Russian version: served in its own language, and the item says which.
    assert items[troops.pk]["headline"] == "Troops did arrive"
    assert items[troops.pk]["language"] == "en"
    # Without `lang`: each verdict in its own language (the stored items).
    plain = {item["id"]: item for item in api(f"{API}/verdicts/").json()["results"]}
    assert plain[seized.pk]["headline"] == "Yes, the airport was seized"
    one = api(f"{API}/verdicts/{seized.pk}/", {"lang": "ru"}).json()
    assert one["headline"] == RU["headline"]
    claims = api(f"{API}/claims/", {"lang": "ru"}).json()["results"]
    headlines = {c["verdict"]["id"]: c["verdict"]["headline"] for c in claims}
    assert (headlines[seized.pk], headlines[troops.pk]) == (RU["headline"], "Troops did arrive")
    claim = api(f"{API}/claims/{seized.claim_id}/", {"lang": "ru"}).json()
    assert claim["verdict"]["language"] == "ru"


@pytest.mark.parametrize("path", ["/verdicts/", "/claims/", "/claimreview/", "/verdicts/{pk}/"])
def test_an_unknown_language_is_a_400_naming_lang(api, both, path):
    response = api(API + path.format(pk=both[0].pk), {"lang": "xx"})
    assert response.status_code == 400
    assert "lang" in response.json()


def test_the_claimreview_feed_has_a_review_per_language_version(api, both):
    seized, troops = both
    feed = api(f"{API}/claimreview/").json()
    by_url = {}
    for element in feed["dataFeedElement"]:
        for review in element["item"]:
            by_url[review["url"]] = review["inLanguage"]
    assert by_url[f"{SITE}/en/verdicts/airport-seized/"] == "en"
    assert by_url[f"{SITE}/ru/verdicts/airport-seized/"] == "ru"
    assert by_url[f"{SITE}/en/verdicts/troops-arrived/"] == "en"
    assert f"{SITE}/ru/verdicts/troops-arrived/" not in by_url  # no Russian version
    # The stored element (written at the release) is what is served.
    stored = Verdict.objects.get(pk=seized.pk).review_item
    assert '"inLanguage":"ru"' in stored


def test_the_atom_feed_in_the_readers_language(client, both):
    russian = client.get("/en/feed/", {"lang": "ru"}).content.decode()
    assert RU["headline"] in russian
    assert '<feed xml:lang="ru"' in russian
    # The verdict with no Russian version is in English, and its entry says so.
    troops = next(e for e in russian.split("<entry") if "Troops did arrive" in e)
    assert troops.startswith(' xml:lang="en">')
    assert RU["headline"] in client.get("/ru/feed/").content.decode()
    assert RU["headline"] not in client.get("/en/feed/").content.decode()
    refused = client.get("/en/feed/", {"lang": "zz"})
    assert refused.status_code == 400 and "lang" in refused.json()


def test_an_unreviewed_version_never_reaches_readers(client, both):
    seized, _troops = both
    # The Russian text changed behind the services' back: readers keep the reviewed snapshot.
    verdict = Verdict.objects.get(pk=seized.pk)
    VerdictTranslation.objects.filter(verdict=verdict).update(headline="Непроверенный заголовок")
    page = client.get("/ru/verdicts/airport-seized/").content.decode()
    assert RU["headline"] in page and "Непроверенный" not in page
