"""A claimant's record (issue 12): the public page with its checked claims, paged, the SVG chart of
their ratings and what the record covers; the same figures in the API."""

import re

import pytest
import yaml
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from factcheck.models import Verdict
from factcheck.site import verdicts as site_verdicts
from tests.factories import sample


def _checked(n: int, claimant, rating: str) -> Verdict:
    outlets = (sample.source("orda"), sample.source("vlast"), sample.source("tengri"))
    stance = "contradicts" if rating in ("false", "mostly-false") else "supports"
    return sample.publish(
        sample.claim(n, claimant=claimant, cites=outlets, stance=stance),
        rating=rating,
        explanation="Vlast and Tengri say otherwise.",
    )


@pytest.fixture
def mvd(db):
    mvd = sample.source("mvd", kind="government", name="МВД Казахстана", name_en="Kazakh MVD")
    _checked(1, mvd, "false")
    _checked(2, mvd, "false")
    _checked(3, mvd, "true")
    sample.retract(_checked(4, mvd, "true"))  # retracted: not in the record
    sample.claim(5, claimant=mvd)  # never checked: not in the record
    _checked(6, sample.source("tokayev", kind="official", name="Токаев"), "true")
    return mvd


def url(slug: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse("site:claimant", kwargs={"slug": slug})


def test_the_record_lists_the_published_checks_and_draws_their_ratings(client, mvd):
    page = client.get(url("mvd")).content.decode()
    # The chart: an image with a name and a description in words, labels and counts as text.
    svg = re.search(r"<svg role=\"img\".*?</svg>", page, re.S).group(0)
    assert 'aria-labelledby="record-chart-title record-chart-desc"' in svg
    assert re.search(r"<title id=\"record-chart-title\">Ratings of the 3 claims by", svg)
    assert '<desc id="record-chart-desc">True: 1; False: 2</desc>' in svg
    assert ">False</text>" in svg and ">2 (67%)</text>" in svg and ">1 (33%)</text>" in svg
    assert "<script" not in svg
    # The scope: only what the desk chose to check.
    assert "Only the claims by this source that the desk chose to check" in page
    # The claims: published ones only, none retracted, none unchecked, nobody else's.
    for n in (1, 2, 3):
        assert f"Sample claim {n}<" in page or f"Verdict on Sample claim {n}" in page
    for n in (4, 5, 6):
        assert f"Sample claim {n}<" not in page and f"Verdict on Sample claim {n}<" not in page


def test_the_record_in_russian(client, mvd):
    page = client.get(url("mvd", "ru")).content.decode()
    assert "Только те утверждения этого источника" in page
    assert '<desc id="record-chart-desc">Верно: 1; Неверно: 2</desc>' in page


def test_the_record_is_paged(client, mvd, monkeypatch):
    monkeypatch.setattr(site_verdicts, "PAGE_SIZE", 2)
    first = client.get(url("mvd")).content.decode()
    second = client.get(url("mvd"), {"page": 2}).content.decode()
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    cards = lambda page: set(re.findall(r"Verdict on Sample claim (\d)", page))  # noqa: E731
    assert len(cards(first)) == 2 and len(cards(second)) == 1
    assert cards(first) | cards(second) == {"1", "2", "3"}
    assert client.get(url("mvd"), {"page": "x"}).status_code == 200


def test_a_source_without_published_claims_has_no_record(client, mvd):
    sample.source("nobody")
    assert client.get(url("nobody")).status_code == 404
    assert client.get(url("no-such-source")).status_code == 404
    assert (
        reverse("site:claimant", kwargs={"slug": "mvd"})
        in client.get(reverse("site:source", kwargs={"slug": "mvd"})).content.decode()
    )


@pytest.mark.parametrize("extra", [0, 6])
def test_the_record_costs_the_same_queries_at_any_size(
    client, mvd, extra, django_assert_num_queries
):
    for n in range(extra):
        _checked(100 + n, mvd, "true")
    cache.clear()
    # 1. the source, 2. the ratings, 3. its counts per rating, 4. the last release,
    # 5. the page of cards.
    with django_assert_num_queries(5):
        response = client.get(url("mvd"))
    assert response.status_code == 200
    assert f"Ratings of the {3 + extra} claims by" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 6])
def test_the_api_gives_the_same_figures(client, mvd, partner_key, extra, django_assert_num_queries):
    for n in range(extra):
        _checked(100 + n, mvd, "true")
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {partner_key}"}
    path = f"/api/v1/sources/{mvd.pk}/record/"
    client.get(path, **headers)  # the key's last use is written on the first request only
    # 1. the API key, 2. the source (if a published verdict's claimant), 3. its counts per
    # rating with the ratings.
    with django_assert_num_queries(3):
        body = client.get(path, **headers).json()
    assert body["source"]["slug"] == "mvd"
    assert body["checked"] == 3 + extra
    assert [(r["slug"], r["count"]) for r in body["ratings"]] == [
        ("true", 1 + extra),
        ("false", 2),
    ] or [(r["slug"], r["count"]) for r in body["ratings"]] == [("false", 2), ("true", 1 + extra)]
    assert "chose to check" in body["scope"]
    nobody = sample.source("nobody")
    assert client.get(f"/api/v1/sources/{nobody.pk}/record/", **headers).status_code == 404
    assert client.get("/api/v1/sources/abc/record/", **headers).status_code == 404


def test_the_record_is_in_the_openapi_schema(client, db):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    operation = schema["paths"]["/api/v1/sources/{id}/record/"]["get"]
    assert operation["summary"] == "A claimant's record"
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
    assert {"source", "checked", "ratings", "scope"} <= set(fields)
