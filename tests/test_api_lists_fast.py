"""The claims list and the ClaimReview DataFeed answered by the fast path (factcheck.api.feed), as
the verdict feed's plain poll is: the viewset's very answers (body, status, headers), nothing
unpublished, anything else left to the viewset."""

import json

import pytest
from django.core.cache import cache

from factcheck.api import feed
from tests.factories import sample
from tests.test_api_feed import desk_data  # noqa: F401  (a fixture)
from tests.test_api_feed_stored import conflicted  # noqa: F401  (a fixture)

CLAIMS = "/api/v1/claims/"
REVIEWS = "/api/v1/claimreview/"


@pytest.fixture(autouse=True)
def _fresh_throttle_history():
    cache.clear()


@pytest.fixture
def fast_answers(monkeypatch):
    """The paths the fast path answered (not handed to the viewset), with the list it served."""
    answered = []
    real = feed.plain_poll

    def spy(request, stored=feed.FEED):
        response = real(request, stored)
        if response is not None:
            answered.append((stored.name, request.get_full_path()))
        return response

    monkeypatch.setattr(feed, "plain_poll", spy)
    return answered


def call(client, key, path, data=None, method="get", **headers):
    headers["authorization"] = f"Api-Key {key}"
    return getattr(client, method)(path, data or {}, headers=headers)


def answer(response) -> tuple:
    return response.status_code, sorted(response.items()), response.content


def both_ways(client, monkeypatch, key, path, data=None, method="get", **headers):
    """(the fast path's answer, the viewset's answer) to the same request."""
    fast = call(client, key, path, data, method, **headers)
    with monkeypatch.context() as patched:
        patched.setattr(feed, "plain_poll", lambda request, *args: None)
        slow = call(client, key, path, data, method, **headers)
    return answer(fast), answer(slow)


@pytest.mark.parametrize("path", [CLAIMS, REVIEWS])
def test_the_fast_path_answers_as_the_viewset_does(
    client,
    conflicted,  # noqa: F811
    partner_key,
    monkeypatch,
    fast_answers,
    path,
):
    fast, slow = both_ways(client, monkeypatch, partner_key, path, {"page_size": 2})
    assert fast == slow and fast[0] == 200
    headers = dict(fast[1])
    etag = headers["ETag"]
    if path == REVIEWS:
        assert headers["Content-Type"] == "application/ld+json"
        assert "cursor=" in headers["Link"]  # the next page, in the Link header
        following = headers["Link"].split(">")[0].lstrip("<").split("?")[1]
        data = dict(part.split("=") for part in following.split("&"))
    else:
        data = {"page_size": 2, "cursor": json.loads(fast[2])["cursor"]}
    fast, slow = both_ways(client, monkeypatch, partner_key, path, data)
    assert fast == slow and fast[0] == 200
    # Kept under its ETag: asked again, the same bytes.
    again, _slow = both_ways(client, monkeypatch, partner_key, path, data)
    assert again == fast
    fast, slow = both_ways(
        client, monkeypatch, partner_key, path, {"page_size": 2}, if_none_match=etag
    )
    assert fast == slow and fast[0] == 304 and fast[2] == b""
    fast, slow = both_ways(client, monkeypatch, partner_key, path, method="head")
    assert fast == slow and fast[0] == 200
    names = {"claims" if path == CLAIMS else "claimreview"}
    assert len(fast_answers) == 5 and {name for name, _ in fast_answers} == names


def test_the_lists_keep_their_own_pages(client, conflicted, partner_key):  # noqa: F811
    """Three lists under three ETags: none is served another's page from memory."""
    verdicts = call(client, partner_key, "/api/v1/verdicts/").json()["results"]
    claims = call(client, partner_key, CLAIMS).json()["results"]
    reviews = call(client, partner_key, REVIEWS).json()["dataFeedElement"]
    assert {"status", "headline"} <= verdicts[0].keys()
    assert {"verdict", "text"} <= claims[0].keys()
    assert reviews[0]["@type"] == "DataFeedItem"
    assert len(verdicts) == 4 and len(claims) == len(reviews) == 3  # retracted: feed only


def test_the_data_feed_is_kept_per_language(client, conflicted, partner_key):  # noqa: F811
    """The DataFeed's name is in the request's language, which its ETag does not name: a page
    kept for one language is not served to another."""
    ru = call(client, partner_key, REVIEWS, accept_language="ru")
    en = call(client, partner_key, REVIEWS, accept_language="en")
    assert ru.json()["name"] != en.json()["name"]
    assert call(client, partner_key, REVIEWS, accept_language="ru").content == ru.content


@pytest.mark.parametrize("path", [CLAIMS, REVIEWS])
def test_unpublished_work_never_appears(
    client,
    conflicted,  # noqa: F811
    partner_key,
    fast_answers,
    path,
):
    one = conflicted["verdicts"][0]
    before = call(client, partner_key, path)
    sample.claim(41, text="Ещё черновик, не для партнёров")
    sample.retract(one)
    after = call(client, partner_key, path)
    assert before.status_code == after.status_code == 200
    assert before["ETag"] != after["ETag"]  # the retraction moved the feed
    for response in (before, after):
        text = response.content.decode()
        assert "Черновик" not in text and "Ещё черновик" not in text
    assert one.claim.slug in before.content.decode()
    assert one.claim.slug not in after.content.decode()
    assert len(fast_answers) == 2


@pytest.mark.parametrize("path", [CLAIMS, REVIEWS])
@pytest.mark.parametrize(
    "data",
    [
        {"page_size": "0"},
        {"cursor": "garbage"},
        {"ordering": "-published"},
        {"rating": "true"},
        {"colour": "red"},
    ],
)
def test_filters_and_bad_parameters_go_to_the_viewset(
    client,
    desk_data,  # noqa: F811
    partner_key,
    fast_answers,
    path,
    data,
):
    response = call(client, partner_key, path, data)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert set(response.json()) == set(data)  # the parameter named
    assert fast_answers == []


# --- before the site's middleware (PlainPollMiddleware) ----------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/verdicts/", CLAIMS])
@pytest.mark.parametrize(
    "headers",
    [{}, {"accept_language": "ru"}, {"accept_language": "de, ru;q=0.5"}, {"cookie": "lang=ru"}],
)
def test_early_answers_carry_the_headers_the_skipped_middleware_would(
    client,
    desk_data,  # noqa: F811
    partner_key,
    monkeypatch,
    fast_answers,
    settings,
    path,
    headers,
):
    if "cookie" in headers:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
        headers = {}
    fast, slow = both_ways(client, monkeypatch, partner_key, path, **headers)
    assert fast == slow and fast[0] == 200
    sent = dict(fast[1])
    assert sent["X-Frame-Options"] == "DENY"
    assert "default-src" in sent["Content-Security-Policy"]
    assert sent["Vary"] == "Authorization, Accept-Language"
    assert sent["Content-Language"] == ("en" if not headers and not client.cookies else "ru")
    assert sent["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware, above it
    assert len(fast_answers) == 1


def test_early_answers_skip_the_session_and_the_user(
    client,
    desk_data,  # noqa: F811
    partner_key,
    monkeypatch,
):
    """What the middleware below sets on a request is not there: the answer came before it."""
    seen = []
    real = feed.plain_poll

    def spy(request, *args):
        seen.append(hasattr(request, "session") or hasattr(request, "user"))
        return real(request, *args)

    monkeypatch.setattr(feed, "plain_poll", spy)
    assert call(client, partner_key, "/api/v1/verdicts/").status_code == 200
    assert call(client, partner_key, REVIEWS).status_code == 200  # DataFeed: in the view
    assert seen == [False, True]


def test_a_host_not_allowed_is_refused_as_before(
    client,
    desk_data,  # noqa: F811
    partner_key,
    fast_answers,
):
    response = call(client, partner_key, "/api/v1/verdicts/", host="evil.example")
    assert response.status_code == 400
    assert fast_answers == []


def test_under_a_script_prefix_the_early_path_still_answers(
    client,
    desk_data,  # noqa: F811
    partner_key,
    monkeypatch,
):
    """Behind a proxy that mounts the desk under a prefix (SCRIPT_NAME), path_info has none."""
    from django.urls import set_script_prefix

    early = []
    real = feed.plain_poll

    def spy(request, *args):
        early.append(not hasattr(request, "session"))
        return real(request, *args)

    monkeypatch.setattr(feed, "plain_poll", spy)
    feed.forget_feed()
    set_script_prefix("/desk/")
    try:
        response = client.get(
            "/api/v1/verdicts/",
            headers={"authorization": f"Api-Key {partner_key}"},
            SCRIPT_NAME="/desk",
        )
    finally:
        set_script_prefix("/")
        feed.forget_feed()
    assert response.status_code == 200
    assert response.json()["next"].startswith("http://testserver/desk/api/v1/verdicts/")
    assert early == [True]  # answered before the session middleware
