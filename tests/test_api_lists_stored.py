"""The claims list and the ClaimReview DataFeed served from the texts stored with each release
(Verdict.claim_item, Verdict.review_item), as the verdict feed serves Verdict.feed_item: the same
bytes as made per request, kept with every release, nothing unpublished, a fixed number of
queries; and the events list made without DRF's per-field machinery, to the same JSON."""

import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from rest_framework.renderers import JSONRenderer

from events.models import Event, EventLink
from factcheck.api.serializers import ClaimSerializer, EventSerializer
from factcheck.models import Verdict
from factcheck.published import schema
from factcheck.published.claimreview import claim_review
from factcheck.published.items import (
    claim_item,
    item_key,
    items,
    published_verdicts,
    store_items,
    url_of,
)
from factcheck.published.links import site_name, verdict_language
from tests.factories import sample
from tests.factories.process import forget_process_memory
from tests.test_api_feed import desk_data  # noqa: F401  (a fixture)
from tests.test_api_feed_stored import conflicted  # noqa: F401  (a fixture)

CLAIMS = "/api/v1/claims/"
REVIEWS = "/api/v1/claimreview/"


@pytest.fixture
def get(client, partner_key):
    cache.clear()  # throttling history

    def get(path, data=None, **headers):
        return client.get(
            path, data or {}, headers={"authorization": f"Api-Key {partner_key}", **headers}
        )

    return get


def claims_body(response) -> bytes:
    """What the claims list sent before claim items were stored: the serializer's items of the
    page's verdicts in the envelope the response carries, rendered by the API's renderer."""
    envelope = json.loads(response.content)
    ids = [claim["verdict"]["id"] for claim in envelope["results"]]
    rows = published_verdicts().in_bulk(ids)
    results = ClaimSerializer(items([rows[pk] for pk in ids]), many=True).data
    return JSONRenderer().render({**envelope, "results": results})


def review_of(verdict: Verdict) -> dict:
    """The DataFeed element as it was made per request: the verdict page's ClaimReview markup in
    the verdict's language, without its @context."""
    published = schema.read(verdict.public_revision.snapshot)
    with translation.override(verdict_language(published.verdict.language)):
        review = claim_review(published, url=url_of(published))
    review.pop("@context")
    return {
        "@type": "DataFeedItem",
        "dateCreated": published.verdict.first_published_at.isoformat(),
        "dateModified": published.verdict.published_at.isoformat(),
        "item": [review],
    }


def reviews_body(response, verdict_ids) -> bytes:
    envelope = json.loads(response.content)
    rows = published_verdicts().in_bulk(verdict_ids)
    elements = [review_of(rows[pk]) for pk in verdict_ids]
    return JSONRenderer().render({**envelope, "dataFeedElement": elements})


def review_ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    by_url = {url_of(schema.read(v.public_revision.snapshot)): v.pk for v in published_verdicts()}
    return [by_url[e["item"][0]["url"]] for e in json.loads(response.content)["dataFeedElement"]]


# --- the same bytes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params", [{}, {"page_size": 1}, {"ordering": "-published", "page_size": 2}, {"q": "аэропорт"}]
)
def test_claim_pages_are_byte_for_byte_the_serializer_output(get, conflicted, params):  # noqa: F811
    response = get(CLAIMS, params)
    while True:
        assert response.status_code == 200, response.content
        assert response.content == claims_body(response)
        body = json.loads(response.content)
        if not body["has_more"]:
            break
        response = get(body["next"])
    assert "Черновик" not in get(CLAIMS).content.decode()


@pytest.mark.parametrize("params", [{}, {"page_size": 1}, {"ordering": "-updated"}])
def test_claimreview_pages_are_the_verdict_pages_markup(get, conflicted, params):  # noqa: F811
    response = get(REVIEWS, params)
    while True:
        assert response["Content-Type"] == "application/ld+json"
        assert response.content == reviews_body(response, review_ids(response))
        if "Link" not in response:
            break
        response = get(response["Link"].split(">")[0].lstrip("<"))


# --- stored at each release, and served ---------------------------------------------------------


def test_texts_are_stored_at_each_release_and_dropped_at_retraction(db):
    verdict = sample.publish(sample.claim(1, text="Утверждение о погоде"), headline="First")
    stored = Verdict.objects.get(pk=verdict.pk)
    assert stored.claim_item == JSONRenderer().render(claim_item(items([stored])[0])).decode()
    assert json.loads(stored.review_item) == review_of(stored)
    assert "Утверждение о погоде" in stored.claim_item

    sample.republish(verdict, headline="Corrected", note="The date was wrong.")
    stored = Verdict.objects.get(pk=verdict.pk)
    assert json.loads(stored.claim_item)["verdict"]["headline"] == "Corrected"
    assert json.loads(stored.review_item)["item"][0]["url"] == json.loads(stored.feed_item)["url"]

    sample.retract(verdict, reason="Misquoted.")
    stored = Verdict.objects.get(pk=verdict.pk)
    assert (stored.claim_item, stored.review_item) == (None, None)
    assert stored.feed_item_key == item_key()  # the tombstone's feed item is still stored


def test_the_lists_serve_the_stored_texts(get, desk_data):  # noqa: F811
    """A page joins the stored texts: it reads no snapshot (what it sends is what was stored)."""
    one = desk_data["verdicts"][0]
    Verdict.objects.filter(pk=one.pk).update(
        claim_item='{"stored":"claim"}', review_item='{"stored":"review"}'
    )
    assert {"stored": "claim"} in json.loads(get(CLAIMS).content)["results"]
    assert {"stored": "review"} in json.loads(get(REVIEWS).content)["dataFeedElement"]


def test_texts_stored_under_another_site_name_are_not_served(get, desk_data):  # noqa: F811
    """The DataFeed's elements name the desk as their author: stored ones made under another
    name are made per request until stored again (manage.py store_feed_items)."""
    with override_settings(SITE_NAME="Another desk"):
        assert item_key() not in set(Verdict.objects.values_list("feed_item_key", flat=True))
        response = get(REVIEWS)
        authors = {e["item"][0]["author"]["name"] for e in response.json()["dataFeedElement"]}
        assert authors == {site_name()} == {"Another desk"}
        assert response.content == reviews_body(response, review_ids(response))
        claims = get(CLAIMS)
        assert claims.content == claims_body(claims)
        call_command("store_feed_items", "--stale-only", stdout=StringIO())
        assert get(REVIEWS).content == response.content


def test_store_items_fills_the_claim_and_review_texts(desk_data):  # noqa: F811
    """What the migration adding the columns does for an archive released before them."""
    stored = list(Verdict.objects.values_list("pk", "claim_item", "review_item"))
    assert sum(1 for _pk, claim, review in stored if claim and review) == 3  # one retracted
    Verdict.objects.update(claim_item=None, review_item=None, feed_item_key="")
    assert store_items(Verdict.objects.all()) == 4
    assert list(Verdict.objects.values_list("pk", "claim_item", "review_item")) == stored


# --- query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("published", [3, 30])
def test_claim_and_review_pages_cost_the_same_queries_whatever_their_size(
    get,
    conflicted,  # noqa: F811
    django_assert_num_queries,
    published,
):
    for n in range(published):
        sample.publish(sample.claim(100 + n))
    get("/api/v1/ratings/")  # the key's last use is recorded once a minute, not per request
    # As a fresh process asks (factcheck.api.feed remembers keys, positions and pages): 1. the
    # key; 2. the feed's position (ETag); 3. the page of stored texts; 4. the rows of the claim
    # items not stored (naming conflicts); 5. the published claims their conflicts name.
    forget_process_memory()
    with django_assert_num_queries(5):
        assert len(get(CLAIMS).json()["results"]) == published + 3
    # A DataFeed element names no conflict: every one is stored. 1. the key; 2. the position;
    # 3. the page.
    forget_process_memory()
    with django_assert_num_queries(3):
        assert len(get(REVIEWS).json()["dataFeedElement"]) == published + 3
    # Filtered: the viewset (DRF), the same queries.
    forget_process_memory()
    with django_assert_num_queries(3):
        assert len(get(REVIEWS, {"ordering": "-updated"}).json()["dataFeedElement"]) == (
            published + 3
        )


# --- events ------------------------------------------------------------------------------------


def test_events_list_is_what_the_declared_fields_make(get, desk_data):  # noqa: F811
    unrest, airport = Event.objects.get(slug="unrest"), Event.objects.get(slug="airport-seizure")
    airport.ends_at = airport.starts_at.replace(hour=23)
    airport.end_precision = "evening"
    airport.save()
    EventLink.objects.create(
        from_event=airport, to_event=Event.objects.get(slug="zhanaozen"), kind="follows", note="n"
    )
    listed = get("/api/v1/events/").json()["results"]
    assert {e["slug"] for e in listed} >= {"unrest", "airport-seizure", "zhanaozen"}
    from factcheck.api.views import EventViewSet

    view = EventViewSet()
    events = view.with_links(list(view.visible().order_by("pk")))
    declared = [EventSerializer().declared_representation(e) for e in events]
    assert listed == json.loads(JSONRenderer().render(declared))
    by_slug = {e["slug"]: e for e in listed}
    assert by_slug["airport-seizure"]["umbrella"]["id"] == unrest.pk
    assert by_slug["airport-seizure"]["ends_at"] is not None
    assert by_slug["airport-seizure"]["links"][0]["direction"] == "out"
    assert by_slug["zhanaozen"]["links"][0]["direction"] == "in"


@pytest.mark.django_db
def test_the_feed_state_skips_unreleased_verdicts_in_the_index():
    # PostgreSQL puts NULLs first when walking verdict_feed_seq_unique backwards: without the
    # IS NOT NULL, every draft's entry was read before the last release (20 ms at 100k).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from factcheck.api.snapshots import feed_state

    with CaptureQueriesContext(connection) as queries:
        feed_state()
    (query,) = queries.captured_queries
    assert '"factcheck_verdict"."feed_seq" IS NOT NULL' in query["sql"]
    assert query["sql"].rstrip().endswith("LIMIT 1")
