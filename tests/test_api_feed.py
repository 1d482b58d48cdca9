"""The verdict feed and the other read endpoints: shapes, filters, ordering, search, pages, 304s."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection

from factcheck.api.serializers import VerdictSerializer
from factcheck.models import Claim, Verdict
from tests.factories import sample
from tests.factories.process import forget_process_memory

API = "/api/v1"


@pytest.fixture
def get(client, partner_key):
    cache.clear()  # throttling history

    def get(path, data=None, **headers):
        return client.get(
            path, data or {}, headers={"authorization": f"Api-Key {partner_key}", **headers}
        )

    return get


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def desk_data(db):
    """Three published verdicts, one corrected, one retracted, across events and sources."""
    unrest = sample.event("unrest")
    airport = sample.event("airport-seizure", parent=unrest)
    zhanaozen = sample.event("zhanaozen")
    mvd = sample.source("mvd", kind="government", name="МВД")
    tokayev = sample.source("tokayev", kind="official", name="Токаев")
    orda = sample.source("orda", name="Орда")
    vlast = sample.source("vlast", name="Власть")
    azattyq = sample.source("azattyq", name="Азаттык")
    one = sample.publish(
        sample.claim(
            1,
            text="Протестующие захватили аэропорт Алматы",
            text_en="Protesters seized Almaty airport",
            claimant=mvd,
            cites=(orda, vlast, sample.source("tengri", name="Тенгри")),
            events=(airport,),
        ),
        rating="true",
        headline="Yes, the airport was seized on 5 January",
    )
    two = sample.publish(
        sample.claim(
            2,
            text="Войска ОДКБ вошли в Казахстан",
            text_en="CSTO troops entered Kazakhstan",
            claimant=tokayev,
            cites=(vlast, azattyq, sample.source("kaztag", name="КазТАГ")),
            events=(unrest,),
        ),
        rating="mostly-true",
        headline="CSTO troops did arrive, at Tokayev's request",
        language="ru",
    )
    three = sample.publish(
        sample.claim(
            3,
            text="В Жанаозене никто не пострадал",
            text_en="Nobody was hurt in Zhanaozen",
            claimant=mvd,
            cites=(orda, azattyq, vlast),
            stance="contradicts",
            events=(zhanaozen,),
        ),
        rating="false",
        explanation="Азаттык and Власть both report people hurt.",
        headline="People were hurt in Zhanaozen",
    )
    four = sample.publish(sample.claim(4, claimant=tokayev), rating="unproven")
    sample.republish(one, headline="Yes, the airport was seized on the evening of 5 January")
    sample.retract(four, reason="The claim was misquoted.")
    return {
        "verdicts": [Verdict.objects.get(pk=v.pk) for v in (one, two, three, four)],
        "events": {"unrest": unrest, "airport": airport, "zhanaozen": zhanaozen},
        "sources": {"mvd": mvd, "tokayev": tokayev, "orda": orda, "vlast": vlast, "az": azattyq},
    }


# --- shapes ----------------------------------------------------------------------------------


def test_feed_serves_public_revisions_and_tombstones_in_change_order(get, desk_data):
    one, two, three, four = desk_data["verdicts"]
    response = get(f"{API}/verdicts/")
    body = response.json()
    # Order of the last change: two and three (published), one (corrected), four (retracted).
    assert ids(response) == [two.pk, three.pk, one.pk, four.pk]
    items = {item["id"]: item for item in body["results"]}
    corrected = items[one.pk]
    assert corrected["revision"] == 2 and corrected["status"] == "published"
    assert corrected["headline"] == "Yes, the airport was seized on the evening of 5 January"
    assert [c["kind"] for c in corrected["corrections"]] == ["correction"]
    assert corrected["claim"]["text"] == "Протестующие захватили аэропорт Алматы"
    assert {c["stance"] for c in corrected["citations"]} == {"appearance", "supports"}
    assert corrected["citations"][0]["source"]["slug"] == "orda"
    assert corrected["rating"]["slug"] == "true"
    assert corrected["url"].endswith(f"/verdicts/{one.claim.slug}/")
    assert corrected["updated_at"] == one.released_at.isoformat()
    tombstone = items[four.pk]
    assert tombstone["status"] == "retracted"
    assert tombstone["retraction"]["reason"] == "The claim was misquoted."
    assert tombstone["claim"] is None and tombstone["headline"] is None
    assert tombstone["citations"] == []
    assert body["has_more"] is False and body["next"] and body["cursor"]


def test_feed_never_shows_the_working_copy(get, desk_data):
    one = desk_data["verdicts"][0]
    from factcheck import services

    _reporter, editor = sample.desk_users()
    services.verdict_update(
        verdict=one, by=editor, version=one.version, headline="Half-edited headline"
    )
    Claim.objects.filter(pk=one.claim_id).update(text="Draft text of the claim")
    item = get(f"{API}/verdicts/{one.pk}/").json()
    assert item["headline"] == "Yes, the airport was seized on the evening of 5 January"
    assert item["claim"]["text"] == "Протестующие захватили аэропорт Алматы"
    # Nor does the edit move the verdict in the feed: partners have nothing new to fetch.
    assert ids(get(f"{API}/verdicts/"))[-2] == one.pk
    assert Verdict.objects.get(pk=one.pk).released_at == one.released_at


def test_detail_of_unreleased_or_unknown_verdict_is_a_json_404(get, desk_data):
    draft = sample.claim(9)
    from factcheck import services

    reporter, _editor = sample.desk_users()
    verdict = services.verdict_create(claim=draft, by=reporter, headline="Not yet")
    for path in (f"{API}/verdicts/{verdict.pk}/", f"{API}/verdicts/999999/", f"{API}/nothing/"):
        response = get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not found."}


def test_claims_are_published_claims_from_their_snapshots(get, desk_data):
    one, two, three, four = desk_data["verdicts"]
    response = get(f"{API}/claims/")
    listed = [item["id"] for item in response.json()["results"]]
    assert sorted(listed) == sorted(Claim.objects.published().values_list("pk", flat=True))
    assert four.claim_id not in listed
    claim = get(f"{API}/claims/{one.claim_id}/").json()
    assert claim["text"] == "Протестующие захватили аэропорт Алматы"
    assert claim["verdict"] == {
        "id": one.pk,
        "revision": 2,
        "headline": "Yes, the airport was seized on the evening of 5 January",
        "language": "en",  # the headline's language, and all the verdict has (issue 11)
        "languages": ["en"],
        "rating": "true",
        "url": claim["verdict"]["url"],
        "updated_at": one.released_at.isoformat(),
    }
    assert get(f"{API}/claims/{four.claim_id}/").status_code == 404


def test_events_and_sources_are_those_published_snapshots_name(get, desk_data):
    events, sources = desk_data["events"], desk_data["sources"]
    sample.event("draft-only-event")
    hidden = sample.source("draft-only-source")
    sample.claim(20, cites=(hidden, sources["orda"]))  # evidence of a claim with no verdict
    listed = {e["slug"] for e in get(f"{API}/events/").json()["results"]}
    # The airport seizure is named; the unrest is named too, and is also its parent.
    assert listed == {"unrest", "airport-seizure", "zhanaozen"}
    airport = get(f"{API}/events/{events['airport'].pk}/").json()
    assert airport["parent"] == events["unrest"].pk
    children = get(f"{API}/events/", {"parent": events["unrest"].pk}).json()["results"]
    assert [e["slug"] for e in children] == ["airport-seizure"]
    listed = {s["slug"] for s in get(f"{API}/sources/").json()["results"]}
    # Claimants, citing outlets; not the retracted verdict's evidence-only outlets, not drafts.
    assert listed == {"mvd", "tokayev", "orda", "vlast", "azattyq", "tengri", "kaztag"}
    assert get(f"{API}/sources/{hidden.pk}/").status_code == 404
    government = get(f"{API}/sources/", {"kind": "government"}).json()["results"]
    assert [s["slug"] for s in government] == ["mvd"]


def test_ratings_list_the_scale(get, db):
    ratings = get(f"{API}/ratings/").json()
    assert [r["slug"] for r in ratings][:3] == ["true", "mostly-true", "half-true"]
    assert ratings[0] | {"description": "", "description_en": ""} == {
        "slug": "true",
        "label": "Верно",
        "label_en": "True",
        "description": "",
        "description_en": "",
        "value": 5,
        "evidence_direction": "supports",
        "min_origins": 2,
        "position": 0,
        "scale": "Default scale",
        "best": 5,
        "worst": 1,
    }
    unproven = get(f"{API}/ratings/unproven/").json()
    assert unproven["value"] is None
    assert (unproven["evidence_direction"], unproven["min_origins"]) == ("none", 0)
    false = get(f"{API}/ratings/false/").json()
    assert (false["evidence_direction"], false["min_origins"]) == ("contradicts", 2)
    assert get(f"{API}/ratings/nope/").status_code == 404


def test_claimreview_datafeed(get, desk_data):
    one, two, three, four = desk_data["verdicts"]
    response = get(f"{API}/claimreview/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    feed = response.json()
    assert feed["@context"] == "https://schema.org" and feed["@type"] == "DataFeed"
    reviews = [element["item"][0] for element in feed["dataFeedElement"]]
    assert len(reviews) == 3  # the retracted verdict is not reviewed any more
    by_claim = {r["claimReviewed"]: r for r in reviews}
    review = by_claim[one.claim.short]
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"]["ratingValue"] == 5
    assert review["reviewRating"]["bestRating"] == 5
    assert review["reviewRating"]["worstRating"] == 1
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["author"]["name"]
    assert review["itemReviewed"]["firstAppearance"]["url"].startswith("https://orda.example/")
    assert review["url"] == get(f"{API}/verdicts/{one.pk}/").json()["url"]
    # Russian-language verdicts are reviewed in Russian, on their Russian page.
    assert by_claim[two.claim.short]["reviewRating"]["alternateName"] == "В основном верно"
    assert "/ru/" in by_claim[two.claim.short]["url"]


def test_items_conform_to_the_documented_serializer(get, desk_data):
    for item in get(f"{API}/verdicts/").json()["results"]:
        documented = set(VerdictSerializer().fields)
        assert set(item) == documented


# --- filters, ordering, search ---------------------------------------------------------------


def test_filters(get, desk_data):
    one, two, three, four = desk_data["verdicts"]
    events, sources = desk_data["events"], desk_data["sources"]

    def matching(**params):
        return sorted(ids(get(f"{API}/verdicts/", params)))

    assert matching(rating="true") == [one.pk]
    assert get(f"{API}/verdicts/?rating=true&rating=false").json()["results"][0]["id"] in (
        one.pk,
        three.pk,
    )
    assert len(ids(get(f"{API}/verdicts/?rating=true&rating=false"))) == 2
    # An event matches its own verdicts and its sub-events'.
    assert matching(event=events["unrest"].pk) == sorted([one.pk, two.pk])
    assert matching(event=events["airport"].pk) == [one.pk]
    assert matching(source=sources["orda"].pk) == sorted([one.pk, three.pk])
    assert matching(source=sources["az"].pk) == sorted([two.pk, three.pk])
    assert matching(claimant=sources["mvd"].pk) == sorted([one.pk, three.pk])
    assert matching(claimant=sources["tokayev"].pk) == sorted([two.pk, four.pk])
    assert matching(language="ru") == [two.pk]
    assert matching(claim_language="ru") == sorted(v.pk for v in (one, two, three, four))
    assert matching(status="retracted") == [four.pk]
    assert matching(status="published") == sorted([one.pk, two.pk, three.pk])
    first = Verdict.objects.get(pk=one.pk).first_published_at
    assert matching(published_after=(first + timedelta(microseconds=1)).isoformat()) == sorted(
        [two.pk, three.pk, four.pk]
    )
    assert matching(published_before=(first + timedelta(microseconds=1)).isoformat()) == [one.pk]
    corrected = Verdict.objects.get(pk=one.pk).released_at
    assert matching(updated_since=corrected.isoformat()) == sorted([one.pk, four.pk])
    assert matching(updated_before=corrected.isoformat()) == sorted([two.pk, three.pk])
    # The claims and ClaimReview endpoints take the same filters.
    claims = get(f"{API}/claims/", {"event": events["unrest"].pk}).json()["results"]
    assert sorted(c["id"] for c in claims) == sorted([one.claim_id, two.claim_id])


def test_ordering(get, desk_data):
    one, two, three, four = desk_data["verdicts"]
    assert ids(get(f"{API}/verdicts/", {"ordering": "updated"})) == [
        two.pk,
        three.pk,
        one.pk,
        four.pk,
    ]
    assert ids(get(f"{API}/verdicts/", {"ordering": "-updated"})) == [
        four.pk,
        one.pk,
        three.pk,
        two.pk,
    ]
    assert ids(get(f"{API}/verdicts/", {"ordering": "published"})) == [
        one.pk,
        two.pk,
        three.pk,
        four.pk,
    ]
    assert ids(get(f"{API}/verdicts/", {"ordering": "-published"})) == [
        four.pk,
        three.pk,
        two.pk,
        one.pk,
    ]


@pytest.mark.parametrize("ordering", ["updated", "-updated", "published", "-published"])
def test_pages_in_every_ordering_cover_everything_once(get, desk_data, ordering):
    expected = ids(get(f"{API}/verdicts/", {"ordering": ordering}))
    seen, url = [], f"{API}/verdicts/?ordering={ordering}&page_size=1"
    for _ in range(10):
        body = get(url).json()
        seen += [item["id"] for item in body["results"]]
        if not body["has_more"]:
            break
        url = body["next"]
    assert seen == expected


def test_search(get, desk_data):
    one, two, three, four = desk_data["verdicts"]

    def found(q):
        return sorted(ids(get(f"{API}/verdicts/", {"q": q})))

    assert found("airport") == [one.pk]  # the English translation and the headline
    assert found("CSTO Tokayev") == [two.pk]  # every word, anywhere in the public texts
    assert found("Жанаозене") == [three.pk]
    assert found("жанаозене") == [three.pk]  # case-insensitive in Cyrillic too
    assert found("misquoted") == []  # tombstones keep no text
    assert found("Half-edited") == []
    if connection.vendor == "postgresql":
        assert found("аэропорты") == [one.pk]  # Russian stemming
        assert found("seize") == [one.pk]  # English stemming


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"updated_since": "2026-13-45T99:00:00Z"}, "updated_since"),
        ({"published_after": "0001-01-01T00:00:00+14:00"}, "published_after"),
        ({"updated_before": "10000-01-01T00:00:00Z"}, "updated_before"),
        ({"rating": "fabulous"}, "rating"),
        ({"event": "abc"}, "event"),
        ({"event": str(2**70)}, "event"),
        ({"source": "-3"}, "source"),
        ({"claimant": "1.5"}, "claimant"),
        ({"status": "deleted"}, "status"),
        ({"ordering": "headline"}, "ordering"),
        ({"q": "x" * 201}, "q"),
        ({"q": "nul\x00byte"}, "q"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "many"}, "page_size"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "eyJvIjoidXBkYXRlZCJ9"}, "cursor"),
    ],
)
def test_bad_parameters_are_400s_naming_them(get, desk_data, params, name):
    response = get(f"{API}/verdicts/", params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == [name]


def test_any_utc_offset_is_accepted(get, desk_data):
    # Python and ISO 8601 allow offsets PostgreSQL does not (beyond ±15:59): normalised to UTC.
    response = get(f"{API}/verdicts/", {"updated_since": "0691-01-16T03:51:54+19:36"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 4


def test_a_cursor_belongs_to_its_ordering(get, desk_data):
    cursor = get(f"{API}/verdicts/", {"page_size": 1}).json()["cursor"]
    response = get(f"{API}/verdicts/", {"cursor": cursor, "ordering": "-published"})
    assert response.status_code == 400
    assert "ordering=updated" in response.json()["cursor"][0]


# --- conditional requests --------------------------------------------------------------------


def test_unchanged_feed_answers_304_until_a_release(get, desk_data, django_assert_num_queries):
    first = get(f"{API}/verdicts/", {"page_size": 2})
    etag = first["ETag"]
    assert etag and first["Last-Modified"]
    # None: the key checked and the feed's position read by the first request are remembered
    # by the process (factcheck.api.feed); no page is read.
    with django_assert_num_queries(0):
        again = get(f"{API}/verdicts/", {"page_size": 2}, if_none_match=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    # A working-copy edit changes nothing partners see...
    one = desk_data["verdicts"][0]
    from factcheck import services

    _reporter, editor = sample.desk_users()
    services.verdict_update(verdict=one, by=editor, version=one.version, headline="Draft")
    assert get(f"{API}/verdicts/", {"page_size": 2}, if_none_match=etag).status_code == 304
    # ...a release does, wherever it lands in the feed.
    sample.publish(sample.claim(30))
    changed = get(f"{API}/verdicts/", {"page_size": 2}, if_none_match=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_if_modified_since(get, desk_data):
    # Dates are honoured once the second of the last release is over (see api/conditional.py).
    time.sleep(1.05)
    response = get(f"{API}/verdicts/")
    last_modified = response["Last-Modified"]
    assert get(f"{API}/verdicts/", if_modified_since=last_modified).status_code == 304
    assert (
        get(f"{API}/verdicts/", if_modified_since="Mon, 01 Jan 2001 00:00:00 GMT").status_code
        == 200
    )


@pytest.mark.parametrize(
    "path",
    ["/events/", "/sources/", "/ratings/", "/ratings/true/", "/claims/", "/claimreview/"],
)
def test_every_resource_has_validators_and_answers_304(get, desk_data, path):
    response = get(f"{API}{path}")
    assert response.status_code == 200
    assert response["ETag"] and response["Last-Modified"]
    assert get(f"{API}{path}", if_none_match=response["ETag"]).status_code == 304


# --- query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("published", [5, 50])
def test_feed_page_costs_the_same_queries_whatever_its_size(
    get, db, django_assert_num_queries, published
):
    for n in range(published):
        sample.publish(sample.claim(100 + n, events=(sample.event("unrest"),)))
    get(f"{API}/ratings/")  # the key's last use is recorded once a minute, not per request
    # 1. the feed's last position and time (ETag); 2. the page. The key checked by the request
    # before is remembered (partners.access.KeyMemory) on the feed's plain polls.
    with django_assert_num_queries(2):
        response = get(f"{API}/verdicts/", {"page_size": 100})
    assert len(response.json()["results"]) == published
    # Filters add no per-item query: + the rating for `rating`, + the event tree for `event`.
    unrest = sample.event("unrest").pk
    with django_assert_num_queries(5):
        response = get(f"{API}/verdicts/", {"rating": "half-true", "event": unrest, "q": "claim"})
    assert len(response.json()["results"]) == published
    # As a fresh process answers them (the fast path remembers keys, the position and pages for
    # a stated time: factcheck.api.feed): 1. the key; 2. the position; 3. the page.
    forget_process_memory()
    with django_assert_num_queries(3):
        assert len(get(f"{API}/claims/").json()["results"]) == published
    forget_process_memory()
    with django_assert_num_queries(3):
        assert len(get(f"{API}/claimreview/").json()["dataFeedElement"]) == published
    # 1. the key; 2. the page of public events (each tested on its own: public.IsPublicEvent);
    # 3. their umbrellas, by id (always run, even with none); 4. the public links touching them.
    with django_assert_num_queries(4):
        get(f"{API}/events/")
    # 1. the key; 2. the page of public sources.
    with django_assert_num_queries(2):
        get(f"{API}/sources/")
