"""What machines read: ClaimReview JSON-LD, Open Graph and Twitter cards, canonical and hreflang
links, the Atom feed, sitemap.xml and robots.txt."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from factcheck.models import Verdict
from sources.models import Citation
from tests.factories import build_desk, make_claim, publish, republish, source

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def desk(db):
    return build_desk(2)


def json_ld(page: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def meta(page: str, key: str) -> list[str]:
    return re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', page)


def test_claimreview_field_by_field(client, desk):
    claim = desk.verdicts[0].claim
    appearance = Citation.objects.get(
        claim_citations__claim=claim, claim_citations__stance="appearance"
    )
    page = client.get("/en/verdicts/claim-1/").content.decode()
    [review] = json_ld(page)
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == "http://127.0.0.1:8000/en/verdicts/claim-1/"
    assert review["claimReviewed"] == "10 people died in the unrest, number 1"
    assert len(review["claimReviewed"]) <= 75
    assert datetime.fromisoformat(review["datePublished"]) == desk.verdicts[0].first_published_at
    assert review["author"] == {
        "@type": "Organization",
        "name": "Fact-check desk",
        # The organisation's "who we are" page (IFCN transparency), absolute.
        "url": "http://127.0.0.1:8000/en/about/",
    }
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Half true",
        "ratingValue": 3,
        "bestRating": 5,
        "worstRating": 1,
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {
        "@type": "Organization",
        "name": "Kazakhstan's Interior Ministry",
        "sameAs": "https://www.gov.kz/memleket/entities/qriim",
    }
    assert item["datePublished"] == "2022-01-02"
    assert item["firstAppearance"]["@type"] == "CreativeWork"
    assert item["firstAppearance"]["url"] == appearance.url
    assert item["firstAppearance"]["author"]["name"] == "Orda.kz"
    assert "appearance" not in item  # only one appearance, and it is the first


def test_claimreview_lists_further_appearances(client, desk):
    claim = make_claim(
        "two-appearances",
        text="Аэропорт захвачен",
        text_en="The airport was seized",
        claimant=source("tokayev", "Касым-Жомарт Токаев", "Kassym-Jomart Tokayev", "official"),
        citations=[
            (desk.orda, "appearance", "впервые", None, "https://orda.kz/first"),
            (desk.magazine, "appearance", "потом", None, "https://pravilamag.ru/later"),
        ],
    )
    Citation.objects.filter(url="https://pravilamag.ru/later").update(
        published_at=datetime.fromisoformat("2022-01-06T00:00:00+00:00")
    )
    Citation.objects.filter(url="https://orda.kz/first").update(
        published_at=datetime.fromisoformat("2022-01-05T18:00:00+00:00")
    )
    # With a Russian version, the Russian page is that version's, and so is its ClaimReview.
    ru = {"headline": "Не доказано", "conclusion": "Вывод.", "explanation": "Объяснение."}
    publish(claim, rating="unproven", translations={"ru": ru})
    [review] = json_ld(client.get("/ru/verdicts/two-appearances/").content.decode())
    assert review["inLanguage"] == "ru"
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Касым-Жомарт Токаев"}
    assert item["firstAppearance"]["url"] == "https://orda.kz/first"
    assert [work["url"] for work in item["appearance"]] == ["https://pravilamag.ru/later"]
    # "Unproven" is off the numeric axis: a label only, in the page's language.
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Не доказано"}
    assert review["url"] == "http://127.0.0.1:8000/ru/verdicts/two-appearances/"


def test_open_graph_twitter_canonical_and_alternates(client, desk):
    page = client.get("/en/verdicts/claim-1/").content.decode()
    url = "http://127.0.0.1:8000/en/verdicts/claim-1/"
    assert f'<link rel="canonical" href="{url}">' in page
    # The verdict exists in English only: its alternates name that language alone (issue 11;
    # tests/test_verdict_pages_languages.py has one in both), x-default its English page.
    assert '<link rel="alternate" hreflang="ru"' not in page
    assert f'<link rel="alternate" hreflang="x-default" href="{url}">' in page
    assert meta(page, "og:type") == ["article"]
    assert meta(page, "og:title") == ["Verdict 1 on the death toll"]
    assert meta(page, "og:url") == [url]
    assert meta(page, "og:locale") == ["en_US"] and meta(page, "og:locale:alternate") == []
    assert meta(page, "og:description") == ["What we found, in two sentences."]
    assert meta(page, "twitter:card") == ["summary"]
    assert meta(page, "twitter:title") == ["Verdict 1 on the death toll"]
    assert meta(page, "article:published_time")
    feed = '<link rel="alternate" type="application/atom+xml"'
    for url in ("/en/", "/en/events/january-2022-unrest/", "/en/methodology/", "/en/sources/mvd/"):
        assert feed in client.get(url).content.decode(), url
    assert 'href="/ru/feed/"' in client.get("/ru/").content.decode()


def test_the_unprefixed_address_follows_the_browser(client, desk):
    response = client.get("/verdicts/claim-1/", headers={"accept-language": "ru"})
    assert response.status_code == 302 and response["Location"] == "/ru/verdicts/claim-1/"


def test_atom_feed(client, desk):
    republish(
        desk.verdicts[0],
        note_kind=Verdict.NoteKind.CORRECTION,
        note="An earlier version misdated the figure.",
    )
    response = client.get("/en/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}title").text == "Fact-check desk"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://127.0.0.1:8000/en/feed/"
    assert feed.find(f"{ATOM}id").text
    assert feed.find(f"{ATOM}updated").text
    entries = feed.findall(f"{ATOM}entry")
    by_title = {entry.find(f"{ATOM}title").text: entry for entry in entries}
    assert set(by_title) == {
        "Verdict 1 on the death toll",
        "Verdict 2 on the death toll",
        "Correction: Verdict 1 on the death toll",
        "Retracted: RETRACTED-HEADLINE was wrong",
    }
    verdict = by_title["Verdict 1 on the death toll"]
    assert verdict.find(f"{ATOM}link").get("href") == "http://127.0.0.1:8000/en/verdicts/claim-1/"
    assert verdict.find(f"{ATOM}id").text.startswith("tag:127.0.0.1,2022:verdict/")
    assert verdict.find(f"{ATOM}category").get("term") == "Half true"
    summary = verdict.find(f"{ATOM}summary")
    assert summary.get("type") == "html" and "Погибли 10 человек" in summary.text
    note = by_title["Correction: Verdict 1 on the death toll"]
    assert "misdated the figure" in note.find(f"{ATOM}summary").text
    assert note.find(f"{ATOM}link").get("href").endswith("/en/verdicts/claim-1/#corrections")
    tombstone = by_title["Retracted: RETRACTED-HEADLINE was wrong"]
    assert "fabricated" in tombstone.find(f"{ATOM}summary").text
    assert "RETRACTED-CONCLUSION" not in response.content.decode()
    # Newest first, and every entry has its dates.
    updated = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert updated == sorted(updated, reverse=True)
    assert all(entry.find(f"{ATOM}published") is not None for entry in entries)
    russian = ET.fromstring(client.get("/ru/feed/").content)
    titles = {e.find(f"{ATOM}title").text for e in russian.findall(f"{ATOM}entry")}
    assert "Исправление: Verdict 1 on the death toll" in titles


def test_sitemap(client, desk):
    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)
    locations = [url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")]
    base = "http://127.0.0.1:8000"
    for path in (
        "/en/",
        "/ru/",
        "/en/verdicts/claim-1/",
        "/ru/verdicts/claim-2/",
        "/en/events/january-2022-unrest/",
        "/en/events/event-1/",
        "/en/sources/mvd/",
        "/en/methodology/",
        "/en/corrections/",
    ):
        assert base + path in locations, path
    assert not any("retracted-claim" in loc or "secret-draft" in loc for loc in locations)
    # Its only claim was retracted, but published verdicts cite its reports: its page is public
    # (factcheck.published.public.sources), so the sitemap offers it like any public page.
    assert base + "/en/sources/orda/" in locations
    assert client.get("/en/sources/orda/").status_code == 200
    # Claimants' records: only for a claimant of a published verdict, as the page itself decides.
    claimant = Verdict.objects.get(claim__slug="claim-1").claim.claimant.slug
    assert base + f"/ru/sources/{claimant}/record/" in locations
    assert client.get(f"/ru/sources/{claimant}/record/").status_code == 200
    assert base + "/en/sources/orda/record/" not in locations
    assert client.get("/en/sources/orda/record/").status_code == 404
    verdict = next(
        url
        for url in root.findall(f"{SITEMAP}url")
        if url.find(f"{SITEMAP}loc").text == base + "/en/verdicts/claim-1/"
    )
    # The last time readers' view of the verdict changed (its release), not the clock's year.
    released = Verdict.objects.get(claim__slug="claim-1").released_at
    assert verdict.find(f"{SITEMAP}lastmod").text == released.date().isoformat()
    alternates = {
        link.get("hreflang"): link.get("href") for link in verdict.findall(f"{XHTML}link")
    }
    assert alternates["ru"] == base + "/ru/verdicts/claim-1/"
    assert alternates["x-default"] == base + "/verdicts/claim-1/"


def test_robots_txt(client, desk):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines and "Disallow: /en/search/" in lines
    assert "Disallow: /ru/search/" in lines
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in lines
