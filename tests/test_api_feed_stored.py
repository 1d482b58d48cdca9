"""The verdict feed served from stored items: the same bytes as the serializer path, kept with
every release, never holding anything unpublished, at a fixed number of queries."""

import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from rest_framework.renderers import JSONRenderer

from factcheck import services
from factcheck.api.serializers import VerdictSerializer
from factcheck.models import ClaimConflict, Verdict
from factcheck.published.items import (
    item_key,
    items,
    released_verdicts,
    store_items,
    verdict_item,
)
from tests.factories import sample
from tests.test_api_feed import desk_data  # noqa: F401  (a fixture)

FEED = "/api/v1/verdicts/"


@pytest.fixture
def get(client, partner_key):
    cache.clear()  # throttling history

    def get(path, data=None, **headers):
        return client.get(
            path, data or {}, headers={"authorization": f"Api-Key {partner_key}", **headers}
        )

    return get


def serializer_body(response, verdict_ids) -> bytes:
    """What the feed sent before items were stored: the envelope the response carries, with the
    serializer's items of these verdicts, rendered by the API's renderer."""
    envelope = json.loads(response.content)
    rows = released_verdicts().in_bulk(verdict_ids)
    results = VerdictSerializer(items([rows[pk] for pk in verdict_ids]), many=True).data
    return JSONRenderer().render({**envelope, "results": results})


def page_ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in json.loads(response.content)["results"]]


@pytest.fixture
def conflicted(desk_data):  # noqa: F811
    """Claim 1 conflicts with claim 3 (published) and with an unpublished claim: its item names
    only claim 3, and only while claim 3 is published."""
    one, _two, three, _four = desk_data["verdicts"]
    hidden = sample.claim(40, text="Черновик: не для читателей")
    ClaimConflict.objects.create(
        claim=one.claim, other=three.claim, kind="contradicts", note="They differ."
    )
    ClaimConflict.objects.create(
        claim=one.claim, other=hidden, kind="contradicts", note="They differ."
    )
    sample.republish(one, note="Conflicting claims noted.", headline="Seized, and contested")
    return desk_data


def test_the_page_is_byte_for_byte_the_serializer_output(get, conflicted):
    response = get(FEED)
    ids = page_ids(response)
    assert len(ids) == 4
    assert response.content == serializer_body(response, ids)
    assert response["Content-Type"] == "application/json"
    text = response.content.decode()
    # Cyrillic as it is (not \u-escaped), a tombstone, a correction, a conflict.
    assert "Протестующие захватили аэропорт Алматы" in text
    items_by_id = {item["id"]: item for item in json.loads(text)["results"]}
    one, two, three, four = conflicted["verdicts"]
    assert items_by_id[four.pk]["status"] == "retracted"
    assert items_by_id[four.pk]["retraction"]["reason"] == "The claim was misquoted."
    assert [c["claim_id"] for c in items_by_id[one.pk]["claim"]["conflicts"]] == [three.claim_id]
    assert "Черновик" not in text


@pytest.mark.parametrize(
    "params",
    [
        {"page_size": 1},
        {"page_size": 2, "ordering": "-updated"},
        {"ordering": "published"},
        {"ordering": "-published", "page_size": 3},
        {"status": "retracted"},
        {"language": "ru"},
        {"q": "аэропорт"},
    ],
)
def test_every_page_and_filter_is_the_serializer_output(get, conflicted, params):
    response = get(FEED, params)
    while True:
        ids = page_ids(response)
        assert response.content == serializer_body(response, ids)
        body = json.loads(response.content)
        if not body["has_more"]:
            break
        response = get(body["next"])


def test_items_are_stored_at_each_release_as_the_item_function_makes_them(db):
    verdict = sample.publish(sample.claim(1, text="Утверждение о погоде"), headline="First")
    stored = Verdict.objects.get(pk=verdict.pk)
    assert stored.feed_item_key == item_key()
    assert stored.feed_item == JSONRenderer().render(verdict_item(stored)).decode()
    assert json.loads(stored.feed_item)["headline"] == "First"
    assert "Утверждение о погоде" in stored.feed_item

    sample.republish(verdict, headline="Corrected", note="The date was wrong.")
    stored = Verdict.objects.get(pk=verdict.pk)
    item = json.loads(stored.feed_item)
    assert (item["revision"], item["headline"]) == (2, "Corrected")
    assert [c["note"] for c in item["corrections"]] == ["The date was wrong."]
    assert stored.feed_item == JSONRenderer().render(verdict_item(stored)).decode()

    sample.retract(verdict, reason="Misquoted.")
    stored = Verdict.objects.get(pk=verdict.pk)
    item = json.loads(stored.feed_item)
    assert (item["status"], item["headline"], item["claim"]) == ("retracted", None, None)
    assert item["retraction"]["reason"] == "Misquoted."
    assert "Утверждение о погоде" not in stored.feed_item
    assert stored.feed_item == JSONRenderer().render(verdict_item(stored)).decode()


def test_unpublished_text_is_never_stored_nor_served(get, db):
    _reporter, editor = sample.desk_users()
    draft = services.verdict_create(
        claim=sample.claim(1), by=editor, headline="Unpublished draft headline"
    )
    assert Verdict.objects.get(pk=draft.pk).feed_item is None
    published = sample.publish(sample.claim(2), headline="Public headline")
    before = Verdict.objects.get(pk=published.pk).feed_item
    services.verdict_update(
        verdict=published, by=editor, version=published.version, headline="Secret working copy"
    )
    after = Verdict.objects.get(pk=published.pk)
    assert after.state == Verdict.State.DRAFT
    assert after.feed_item == before and "Public headline" in before
    body = get(FEED).content.decode()
    assert "Public headline" in body
    assert "Secret working copy" not in body and "Unpublished draft headline" not in body


def test_items_naming_conflicts_are_made_per_request(get, conflicted):
    one, _two, three, _four = conflicted["verdicts"]
    # Whether claim 3 shows depends on claim 3's verdict, not on a release of claim 1's.
    assert Verdict.objects.get(pk=one.pk).feed_item is None
    sample.retract(three)
    response = get(FEED)
    item = next(i for i in json.loads(response.content)["results"] if i["id"] == one.pk)
    assert item["claim"]["conflicts"] == []
    assert response.content == serializer_body(response, page_ids(response))


def test_items_stored_under_another_site_url_are_not_served(get, desk_data):  # noqa: F811
    with override_settings(SITE_URL="https://checks.example.org"):
        response = get(FEED)
        assert response.content == serializer_body(response, page_ids(response))
        assert b"https://checks.example.org/" in response.content
        # ...until they are stored again (manage.py store_feed_items).
        call_command("store_feed_items", "--stale-only", stdout=StringIO())
        assert get(FEED).content == response.content
        assert set(Verdict.objects.values_list("feed_item_key", flat=True)) == {item_key()}


def test_store_items_fills_an_archive_as_the_services_did(desk_data):  # noqa: F811
    stored = dict(Verdict.objects.values_list("pk", "feed_item"))
    assert all(stored.values())
    Verdict.objects.update(feed_item=None, feed_item_key="")
    assert store_items(Verdict.objects.all()) == 4
    assert dict(Verdict.objects.values_list("pk", "feed_item")) == stored


# --- query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("published", [3, 30])
def test_a_poll_with_nothing_new_is_decided_before_the_page(
    get, db, django_assert_num_queries, published
):
    for n in range(published):
        sample.publish(sample.claim(100 + n))
    first = get(FEED, {"page_size": 100})
    assert len(page_ids(first)) == published
    # None: the key and the feed's position are remembered from the first request, for a few
    # seconds (factcheck.api.feed); no page is read.
    with django_assert_num_queries(0):
        again = get(FEED, {"page_size": 100}, if_none_match=first["ETag"])
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize("published", [3, 30])
def test_a_page_with_conflicts_costs_two_more_queries_whatever_its_size(
    get, conflicted, django_assert_num_queries, published
):
    for n in range(published):
        sample.publish(sample.claim(100 + n))
    get("/api/v1/ratings/")  # the key's last use is recorded once a minute, not per request
    # 1. the feed's position (ETag); 2. the page of stored items; 3. the rows of the items not
    # stored (naming conflicts); 4. the published claims their conflicts name. (The key checked
    # by the request before is remembered.)
    with django_assert_num_queries(4):
        response = get(FEED, {"page_size": 100})
    assert len(page_ids(response)) == published + 4
