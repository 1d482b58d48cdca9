"""The verdict feed's fast path (factcheck.api.feed): the viewset's very answers, from memory that
forgets within stated bounds; keys remembered (partners.access.KeyMemory); the rate limit counted
in blocks (partners.access.Allowances)."""

import math

import pytest
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache

from factcheck.api import feed
from factcheck.partners import access, services
from factcheck.partners.models import ApiKey, Partner
from factcheck.published.items import Releases
from tests import test_api_feed
from tests.factories import sample

FEED = "/api/v1/verdicts/"
desk_data = test_api_feed.desk_data  # a fixture


@pytest.fixture(autouse=True)
def _fresh_throttle_history():
    cache.clear()


class Clock:
    def __init__(self, now=1_000_000.0):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clocks(monkeypatch):
    """The fast path's clocks, moved by hand: nothing here waits on the wall clock."""
    clock = Clock()
    monkeypatch.setattr(access.KEYS, "clock", clock)
    monkeypatch.setattr(feed.MEMORY, "clock", clock)
    return clock


@pytest.fixture
def fast_answers(monkeypatch):
    """How many requests the fast path answered (not handed to the viewset)."""
    answered = []
    real = feed.plain_poll

    def spy(request, *args):
        response = real(request, *args)
        if response is not None:
            answered.append(request.get_full_path())
        return response

    monkeypatch.setattr(feed, "plain_poll", spy)
    return answered


def call(client, key, data=None, method="get", **headers):
    if key:
        headers["authorization"] = f"Api-Key {key}"
    return getattr(client, method)(FEED, data or {}, headers=headers)


def answer(response) -> tuple:
    return response.status_code, sorted(response.items()), response.content


def both_ways(client, monkeypatch, key, data=None, method="get", **headers):
    """(the fast path's answer, the viewset's answer) to the same request."""
    fast = call(client, key, data, method, **headers)
    with monkeypatch.context() as patched:
        patched.setattr(feed, "plain_poll", lambda request, *args: None)
        slow = call(client, key, data, method, **headers)
    return answer(fast), answer(slow)


# --- the same answers ------------------------------------------------------------------------


def test_the_fast_path_answers_as_the_viewset_does(
    client, desk_data, partner_key, monkeypatch, fast_answers
):
    fast, slow = both_ways(client, monkeypatch, partner_key, {"page_size": 2})
    assert fast == slow and fast[0] == 200
    etag = dict(fast[1])["ETag"]
    cursor = call(client, partner_key, {"page_size": 2}).json()["cursor"]
    fast, slow = both_ways(client, monkeypatch, partner_key, {"page_size": 2, "cursor": cursor})
    assert fast == slow and fast[0] == 200
    fast, slow = both_ways(client, monkeypatch, partner_key, {"page_size": 2}, if_none_match=etag)
    assert fast == slow and fast[0] == 304 and fast[2] == b""
    fast, slow = both_ways(client, monkeypatch, partner_key, method="head")
    assert fast == slow and fast[0] == 200
    assert len(fast_answers) == 5  # each fast answer above came from the fast path


def test_anonymous_polls_are_answered_as_the_viewset_does(
    client, desk_data, settings, monkeypatch, fast_answers
):
    settings.FACTCHECK_API_ANONYMOUS = True
    fast, slow = both_ways(client, monkeypatch, None)
    assert fast == slow and fast[0] == 200
    assert fast_answers == [FEED]


@pytest.mark.parametrize(
    "data",
    [
        {"page_size": "0"},
        {"page_size": ""},
        {"cursor": "garbage"},
        {"ordering": "-updated"},
        {"rating": "true"},
        {"colour": "red"},
        {"page_size": ["1", "2"]},
    ],
)
def test_anything_but_a_plain_poll_goes_to_the_viewset(
    client, desk_data, partner_key, fast_answers, data
):
    response = call(client, partner_key, data)
    assert response.status_code in (200, 400)
    assert fast_answers == []


def test_refusals_are_the_viewsets(client, partner, partner_key, fast_answers):
    assert call(client, None).status_code == 401
    assert call(client, "fck_abcd1234_" + "x" * 43).json() == {"detail": "Invalid API key."}
    partner.throttle_rate = "2/min"
    partner.save()
    assert call(client, partner_key, method="post").status_code == 405  # counted, as before
    assert call(client, partner_key).status_code == 200
    refused = call(client, partner_key)
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60
    assert fast_answers == [FEED]  # only the one allowed poll


# --- keys remembered -------------------------------------------------------------------------


def test_a_key_is_checked_once_then_remembered(
    client, desk_data, partner_key, django_assert_num_queries
):
    call(client, partner_key)
    with django_assert_num_queries(0):  # key, position and page all remembered
        assert call(client, partner_key).status_code == 200


def test_a_revocation_by_this_process_is_honoured_at_once(client, desk_data, partner_key):
    assert call(client, partner_key).status_code == 200
    services.api_key_revoke(key=ApiKey.objects.get())
    response = call(client, partner_key)
    assert response.status_code == 401
    assert response.json() == {"detail": "This API key has been revoked."}


def test_a_suspension_saved_by_this_process_is_honoured_at_once(
    client, desk_data, partner, partner_key
):
    assert call(client, partner_key).status_code == 200
    partner.is_active = False
    partner.save()  # as the admin does
    assert call(client, partner_key).status_code == 401


@pytest.mark.parametrize("change", ["revoke", "suspend"])
def test_another_process_s_revocation_is_honoured_within_the_bound(
    client, desk_data, partner, partner_key, clocks, change
):
    """Another process's change reaches this one through the database only: no signal here."""
    assert call(client, partner_key).status_code == 200
    if change == "revoke":
        ApiKey.objects.update(revoked_at="2026-01-01T00:00Z")
    else:
        Partner.objects.update(is_active=False)
    clocks.now += access.KEY_MEMORY_SECONDS - 0.1
    assert call(client, partner_key).status_code == 200  # still remembered: the stated bound
    clocks.now += 0.1
    assert call(client, partner_key).status_code == 401


def test_only_usable_keys_are_remembered(client, db, partner_key, django_assert_num_queries):
    ApiKey.objects.update(revoked_at="2026-01-01T00:00Z")
    for _ in range(2):
        # Looked up every time: by the fast path, then by the viewset, which answers the 401.
        with django_assert_num_queries(2):
            assert call(client, partner_key).status_code == 401
    assert access.KEYS._keys == {}


# --- the feed's position and pages remembered ------------------------------------------------


def test_a_release_in_this_process_is_served_at_once(client, desk_data, partner_key):
    first = call(client, partner_key)
    released = sample.publish(sample.claim(30))
    polled = call(client, partner_key, if_none_match=first["ETag"])
    assert polled.status_code == 200
    assert released.pk in [item["id"] for item in polled.json()["results"]]


def test_a_retraction_in_this_process_is_served_at_once(client, desk_data, partner_key):
    one = desk_data["verdicts"][0]
    before = {item["id"]: item for item in call(client, partner_key).json()["results"]}
    assert before[one.pk]["status"] == "published" and before[one.pk]["headline"]
    sample.retract(one)
    after = {item["id"]: item for item in call(client, partner_key).json()["results"]}
    assert after[one.pk]["status"] == "retracted" and after[one.pk]["headline"] is None


def test_another_process_s_release_is_served_within_the_bound(
    client, desk_data, partner_key, clocks
):
    first = call(client, partner_key)
    seen = Releases.count
    released = sample.publish(sample.claim(30))
    Releases.count = seen  # as if another process had released it
    stale = call(client, partner_key, if_none_match=first["ETag"])
    assert stale.status_code == 304  # the position read a moment ago: the stated bound
    clocks.now += feed.FEED_STATE_SECONDS
    fresh = call(client, partner_key, if_none_match=first["ETag"])
    assert fresh.status_code == 200
    assert released.pk in [item["id"] for item in fresh.json()["results"]]


def test_pages_are_kept_by_etag_within_a_bound(monkeypatch):
    memory = feed.FeedMemory()
    monkeypatch.setattr(feed, "PAGE_MEMORY_BYTES", 100)
    memory.keep('"a"', b"x" * 20)
    memory.keep('"b"', b"y" * 20)
    memory.keep('"big"', b"z" * 30)  # over a quarter of the memory: not kept
    assert memory.page('"a"') == b"x" * 20 and memory.page('"big"') is None
    for n in range(5):
        memory.keep(f'"{n}"', b"w" * 20)
    assert memory.page('"a"') is None and memory.page('"b"') is None  # the oldest went first
    assert memory.page('"4"') == b"w" * 20
    assert memory._bytes <= 100


# --- the rate limit in blocks ----------------------------------------------------------------


class CountingCache(LocMemCache):
    """One store shared by "processes" (its name), counting the writes it is asked for."""

    writes = 0

    def add(self, *args, **kwargs):
        CountingCache.writes += 1
        return super().add(*args, **kwargs)

    def set(self, *args, **kwargs):
        CountingCache.writes += 1
        return super().set(*args, **kwargs)


@pytest.fixture
def shared():
    CountingCache.writes = 0
    store = CountingCache("allowances-test", {})
    store.clear()
    return store


def processes(count, clock):
    return [access.Allowances(clock=clock) for _ in range(count)]


def test_a_limit_is_one_limit_across_processes_never_exceeded(shared):
    clock = Clock()
    first, second = processes(2, clock)
    answered = 0
    for n in range(1000):  # 600/min asked for 1,000 times within the minute
        worker = first if n % 3 else second
        answered += worker.take(shared, "api-throttle:partner-1", 600, 60)[0]
        clock.now += 0.01
    size = math.ceil(600 / access.BLOCKS_PER_WINDOW)
    assert 600 - (size - 1) <= answered <= 600
    # Writes per block (each process tries each block at most once) and the window's start,
    # not per request: 1,000 requests, at most 66 writes.
    assert shared.writes <= 2 * (access.BLOCKS_PER_WINDOW + 1)


@pytest.mark.parametrize("limit", [1, 3, 32])
def test_small_limits_are_exact_across_processes(shared, limit):
    clock = Clock()
    workers = processes(3, clock)
    outcomes = [
        workers[n % 3].take(shared, "api-throttle:partner-1", limit, 60)[0]
        for n in range(limit + 5)
    ]
    assert outcomes == [True] * limit + [False] * 5


def test_a_new_window_after_the_old_one_and_retry_after_says_when(shared):
    clock = Clock()
    (worker,) = processes(1, clock)
    assert worker.take(shared, "k", 2, 60) == (True, None)
    clock.now += 10
    assert worker.take(shared, "k", 2, 60) == (True, None)
    clock.now += 20.5
    assert worker.take(shared, "k", 2, 60) == (False, 30)  # the window began 30.5 s ago
    clock.now += 29.5
    assert worker.take(shared, "k", 2, 60) == (True, None)


def test_another_rate_starts_a_window_of_its_own(shared):
    clock = Clock()
    (worker,) = processes(1, clock)
    assert [worker.take(shared, "k", 1, 60)[0] for _ in range(2)] == [True, False]
    assert worker.take(shared, "k", 5, 60)[0] is True  # the partner was given more


def test_a_poll_at_full_speed_writes_the_database_cache_once_per_block(
    db, partner, django_assert_max_num_queries
):
    """The default shared cache: a block of requests costs one short transaction, not each."""
    clock = Clock()
    (worker,) = processes(1, clock)
    store = DatabaseCache("factcheck_cache", {})
    size = math.ceil(6400 / access.BLOCKS_PER_WINDOW)
    worker.take(store, "api-throttle:partner-1", 6400, 60)
    with django_assert_max_num_queries(0):
        for _ in range(size - 1):
            assert worker.take(store, "api-throttle:partner-1", 6400, 60)[0]
    with django_assert_max_num_queries(8):  # the next block: one add
        assert worker.take(store, "api-throttle:partner-1", 6400, 60)[0]


def test_other_conditional_forms_are_answered_as_the_viewset_does(
    client, desk_data, partner_key, monkeypatch
):
    etag = call(client, partner_key)["ETag"]
    for headers in (
        {"if_none_match": f'"other", {etag}'},  # a list naming it
        {"if_none_match": f"W/{etag}"},  # weakly
        {"if_none_match": "*"},
        {"if_none_match": etag, "if_match": '"other"'},  # another precondition fails: 412
        {"if_none_match": '"other"'},
    ):
        fast, slow = both_ways(client, monkeypatch, partner_key, **headers)
        assert fast == slow, headers


def test_the_etag_names_the_host_asked(client, desk_data, partner_key, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    here = call(client, partner_key)
    there = call(client, partner_key, host="mirror.example")
    assert here["ETag"] != there["ETag"]  # `next` is absolute: the bodies differ
    assert there.json()["next"].startswith("http://mirror.example/")
    assert call(client, partner_key, if_none_match=here["ETag"]).status_code == 304
    assert (
        call(client, partner_key, if_none_match=here["ETag"], host="mirror.example").status_code
        == 200
    )
