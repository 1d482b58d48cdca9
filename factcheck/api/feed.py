"""The plain poll of the lists served from stored texts, answered without Django REST framework.

A partner mirroring the desk asks `/api/v1/verdicts/` (with `cursor` and `page_size` at most)
over and over; that one request is most of the API's traffic. The claims list and the ClaimReview
DataFeed are made the same way (the texts stored at each release, joined: StoredList), and their
plain requests are answered the same way. Each viewset's list answers them through this fast path
(fast_path in the viewsets' as_view), which gives the very answer the viewset would: the same
body, status and headers (tests/test_api_feed_fast.py, tests/test_api_lists_fast.py compare them),
for a fraction of the work:

* the key is checked from this process's memory of usable keys (access.KeyMemory: a revocation
  or suspension reaches every process within KEY_MEMORY_SECONDS);
* the rate limit is counted in blocks (access.Allowances: one cache write per block, not a read
  and a write per request);
* the feed's position, which decides the ETag and so the 304, is remembered for
  FEED_STATE_SECONDS: a release shows in the process that made it at once and in the others
  at most that much later, as if they read a replica lagging by that much (a request that
  started just before the release's commit serves the old state too);
* a page's bytes are kept under its ETag, which names the body exactly (URL and host, the
  feed's position, the item format: factcheck.api.conditional): a page asked again before
  anything is released is not read again.

Anything else (another method or parameter, a bad parameter, no usable key, a refused rate)
goes to the viewset, which answers it as always (errors in JSON, 401, 429 with Retry-After): the
fast path gives up before it has counted the request against the rate, so nothing is counted
twice.
"""

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import get_script_prefix, resolve, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from rest_framework.exceptions import AuthenticationFailed, ValidationError
from rest_framework.renderers import JSONRenderer

from factcheck.api import datafeed
from factcheck.api.conditional import feed_validators, not_modified, sent_back, stamp
from factcheck.api.pagination import FEED_ORDERINGS, Pager
from factcheck.api.snapshots import feed_state
from factcheck.partners.access import KEYWORD, admit, usable_key
from factcheck.published.items import (
    Releases,
    claim_item,
    feed_page_items,
    feed_rows,
    published_verdicts,
    released_verdicts,
    review_page_element,
    verdict_item,
)

# How long a process serves the feed's position it read last (see the module's docstring).
FEED_STATE_SECONDS = 1.0
# The pages a process keeps, by ETag, at most this many bytes in all (a page of 100 is ~250 KiB).
PAGE_MEMORY_BYTES = 32 * 1024 * 1024

PARAMETERS = frozenset({"cursor", "page_size"})
ORDERING = FEED_ORDERINGS["updated"]
# What Django REST framework adds to every answer of the list (APIView.default_response_headers).
ALLOW = "GET, HEAD, OPTIONS"
# The headers of the last few validators, as stamped() sets them.
_STAMPS: dict[tuple, dict] = {}


class FeedMemory:
    """The feed's last position and the pages served under it, in this process."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        _STAMPS.clear()
        with self._lock:
            self._state = None  # (releases seen, until, (seq, changed_at))
            self._pages: OrderedDict[str, tuple[bytes, str | None]] = OrderedDict()
            self._etags: dict[tuple, tuple[int, str]] = {}
            self._bytes = 0

    def state(self) -> tuple[int, object]:
        remembered, now = self._state, self.clock()
        if remembered is not None and remembered[0] == Releases.count and now < remembered[1]:
            return remembered[2]
        seen = Releases.count  # before the read: a release meanwhile makes it stale at once
        state = feed_state()
        self._state = (seen, now + FEED_STATE_SECONDS, state)
        return state

    def etag(self, request, seq: int) -> str:
        """feed_validators' ETag of this request at this position, made once per URL.

        Keyed by what build_absolute_uri reads (the host was checked against ALLOWED_HOSTS by
        CommonMiddleware before the view, so none is let through that would not be).
        """
        meta = request.META
        url = (
            meta.get("wsgi.url_scheme"),
            meta.get("HTTP_X_FORWARDED_PROTO"),
            meta.get("HTTP_X_FORWARDED_HOST"),
            meta.get("HTTP_HOST"),
            meta.get("SERVER_NAME"),
            meta.get("SERVER_PORT"),
            request.path,
            meta.get("QUERY_STRING"),
            settings.SITE_URL,
        )
        found = self._etags.get(url)
        if found is not None and found[0] == seq:
            return found[1]
        # No filter: the event list of the ETag is empty, as the viewset's NoFilters says.
        etag, _changed_at = feed_validators(request, seq, None, [])
        if len(self._etags) >= 10_000:
            self._etags.clear()
        self._etags[url] = (seq, etag)
        return etag

    def page(self, key: str) -> bytes | None:
        kept = self._pages.get(key)
        return None if kept is None else kept[0]

    def kept(self, key: str) -> tuple[bytes, str | None] | None:
        """(the body, its Link header or None) kept under `key`."""
        return self._pages.get(key)

    def keep(self, key: str, body: bytes, link: str | None = None) -> None:
        if len(body) > PAGE_MEMORY_BYTES // 4:
            return
        with self._lock:
            if key in self._pages:
                return
            self._pages[key] = (body, link)
            self._bytes += len(body)
            while self._bytes > PAGE_MEMORY_BYTES:
                _key, (old, _link) = self._pages.popitem(last=False)
                self._bytes -= len(old)


MEMORY = FeedMemory()


def joined(envelope: dict, texts: list[str], key: str = "results") -> bytes:
    """The page `envelope` (with an empty list `key`, last) with these JSON texts in that list."""
    head = JSONRenderer().render(envelope)
    if not head.endswith(f'"{key}":[]}}'.encode()):
        raise ValueError(f"the envelope must end with an empty `{key}`")
    return b"".join((head[:-2], ",".join(texts).encode(), b"]}"))


@dataclass(frozen=True)
class StoredList:
    """A list whose items are JSON texts stored at each release (factcheck.published.items),
    joined into the page's envelope: no snapshot is read or encoded per request. The viewset and
    the fast path both make their pages here, so the two cannot drift apart.

    `text` names the stored column a page reads (feed_rows); which stored text an item is served
    from is decided there and nowhere else, so a per-language version of the items changes
    `feed_rows` and this one attribute, not the paths that serve them.
    """

    name: str
    verdicts: Callable  # released_verdicts (the feed: tombstones too) or published_verdicts
    text: str  # Verdict.feed_item, claim_item or review_item
    make: Callable  # makes an item whose stored text is missing or of an older format
    content_type: str = "application/json"
    data_feed: bool = False  # a schema.org DataFeed: items in `dataFeedElement`, next in Link

    def page(
        self, pager: Pager, queryset, changed_at, language: str | None = None
    ) -> tuple[bytes, str | None]:
        """(the body, the Link header or None) of the page `pager` asks of `queryset`, its items
        in `language` (the API's `lang`) where they have a version in it. A ClaimReview element
        carries every language version already: `language` does not apply to it."""
        if self.data_feed:
            language = None
        page = pager.page(
            feed_rows(queryset, pager.ordering.fields, text=self.text, language=language)
        )
        texts = feed_page_items(page.rows, make=self.make, language=language)
        if not self.data_feed:
            return joined(page.envelope([]), texts), None
        body = joined(datafeed.envelope(modified=changed_at), texts, key="dataFeedElement")
        return body, (f'<{page.next}>; rel="next"' if page.has_more else None)


FEED = StoredList("verdicts", released_verdicts, "feed_item", verdict_item)
CLAIMS = StoredList("claims", published_verdicts, "claim_item", claim_item)
REVIEWS = StoredList(
    "claimreview",
    published_verdicts,
    "review_item",
    review_page_element,
    content_type="application/ld+json",
    data_feed=True,
)


def forget_feed() -> None:
    MEMORY.clear()
    _EARLY_PATHS.clear()
    _LANGUAGES.clear()
    _CSP.clear()


class _Query:
    """What Pager reads of a request, from a plain Django request."""

    def __init__(self, request):
        self.query_params = request.GET
        self.build_absolute_uri = request.build_absolute_uri


def plain_poll(request, stored: StoredList = FEED) -> HttpResponse | None:
    """The answer to a plain poll of this list, or None for the viewset to answer."""
    if request.method not in ("GET", "HEAD"):
        return None
    for name, values in request.GET.lists():
        if name not in PARAMETERS or len(values) != 1 or not values[0]:
            return None
    try:
        pager = Pager(_Query(request), ORDERING)
    except ValidationError:
        return None
    header = request.META.get("HTTP_AUTHORIZATION")
    if header is None:
        if not settings.FACTCHECK_API_ANONYMOUS:
            return None
        partner = None
    else:
        scheme, _sep, raw = header.partition(" ")
        if scheme.lower() != KEYWORD.lower():
            return None
        try:
            partner = usable_key(raw.strip(), remembered=True).partner
        except AuthenticationFailed:
            return None
    allowed, _wait = admit(request, partner)
    if not allowed:
        return None  # the viewset refuses it again (with Retry-After), counting nothing
    seq, changed_at = MEMORY.state()
    etag = MEMORY.etag(request, seq)
    if sent_back(request, etag):
        response = HttpResponseNotModified()
        stamped(response, etag, changed_at)
        return response
    response = not_modified(request, etag, changed_at)
    if response is not None:
        response["Allow"] = ALLOW
        return response
    # The DataFeed's name is in the request's language (site_name), which the ETag does not name.
    key = f"{etag}{get_language()}" if stored.data_feed else etag
    kept = MEMORY.kept(key)
    if kept is None:
        kept = stored.page(pager, stored.verdicts(), changed_at)
        MEMORY.keep(key, *kept)
    body, link = kept
    response = HttpResponse(body, content_type=stored.content_type)
    stamped(response, etag, changed_at)
    if link is not None:
        response["Link"] = link
    return response


def stamped(response, etag: str, changed_at) -> None:
    """stamp() and Allow, as the viewset sets them; the headers made once per ETag and time.

    Setting a header checks and encodes its name and value (a fifth of a page's time here, for
    the same five headers on every poll): the checked headers of the last few validators are
    copied in as they are.
    """
    made = _STAMPS.get((etag, changed_at))
    if made is None:
        scratch = HttpResponse()
        stamp(scratch, etag, changed_at)
        scratch["Allow"] = ALLOW
        made = {k: v for k, v in scratch.headers._store.items() if k != "content-type"}
        if len(_STAMPS) >= 256:
            _STAMPS.clear()
        _STAMPS[(etag, changed_at)] = made
    response.headers._store.update(made)


def fast_path(view, stored: StoredList = FEED):
    """The viewset's list view, with plain polls answered by plain_poll first."""

    def poll_first(request, *args, **kwargs):
        if getattr(request, "plain_poll_tried", False):
            return view(request, *args, **kwargs)  # PlainPollMiddleware tried it already
        response = plain_poll(request, stored)
        return view(request, *args, **kwargs) if response is None else response

    # The viewset's attributes (cls, actions, csrf_exempt): the router and the OpenAPI schema
    # see the viewset's list, as before.
    return functools.update_wrapper(poll_first, view)


# --- the plain poll before the site's middleware ----------------------------------------------

# The lists whose plain polls PlainPollMiddleware answers (by URL name). Not the ClaimReview
# DataFeed: its name is in the request's language, which LocaleMiddleware activates.
EARLY = {"api:verdict-list": FEED, "api:claim-list": CLAIMS}
# What the skipped middleware reads or writes on a request that takes this path (see the class).
_EARLY_PATHS: dict[str, tuple[StoredList, object]] = {}
_LANGUAGES: dict[tuple, str] = {}
_CSP: dict[str, str] = {}


class PlainPollMiddleware:
    """Plain polls of the verdict feed and the claims list, answered before the site's middleware.

    What the middleware below it does on such a request is of no use to the answer, which reads
    no session, user, message, language or CSRF token and writes nothing: SessionMiddleware,
    LocaleMiddleware, CommonMiddleware, CsrfViewMiddleware, AuthenticationMiddleware,
    MessageMiddleware, XFrameOptionsMiddleware, HistoryRequestMiddleware, CSPMiddleware and
    AxesMiddleware cost a plain poll about as much as the rest of its answer. This gives the very
    answer they would let through (tests compare them): the host checked as CommonMiddleware
    does, and their headers (Content-Length, Content-Language and Vary: Accept-Language,
    X-Frame-Options, Content-Security-Policy) as they would set them. The middleware above it
    (SecurityMiddleware's headers, the replica's routing, the CDN's Cache-Control and keys) runs
    as for every request. Anything plain_poll does not answer goes down the whole stack, where
    the viewset's own fast path does not try it again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        early = _EARLY_PATHS.get(request.path_info) if _EARLY_PATHS else _early(request.path_info)
        if (
            early is None
            or request.method not in ("GET", "HEAD")
            or settings.DISALLOWED_USER_AGENTS
            or settings.PREPEND_WWW
            or not _allowed_host(request)
        ):
            return self.get_response(request)
        stored, match = early
        request.resolver_match = match  # as URL resolution sets it (the CDN's keys read it)
        response = plain_poll(request, stored)
        request.plain_poll_tried = True
        if response is None:
            return self.get_response(request)
        # CommonMiddleware
        if not response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        # LocaleMiddleware (an API path has no language prefix)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", _language(request))
        # XFrameOptionsMiddleware
        if response.get("X-Frame-Options") is None:
            response.headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS.upper()
        # CSPMiddleware
        for name, value in _csp_headers(request).items():
            response.headers.setdefault(name, value)
        return response


def _early(path_info: str):
    """The early lists' paths (as path_info: without a SCRIPT_NAME prefix), resolved once."""
    for name, stored in EARLY.items():
        path = "/" + reverse(name)[len(get_script_prefix()) :]
        _EARLY_PATHS[path] = (stored, resolve(path))
    return _EARLY_PATHS.get(path_info)


def _allowed_host(request) -> bool:
    try:
        request.get_host()
    except DisallowedHost:
        return False  # CommonMiddleware refuses it, down the whole stack
    return True


def _language(request) -> str:
    """The language LocaleMiddleware would activate: from the cookie and Accept-Language."""
    key = (
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
        request.META.get("HTTP_ACCEPT_LANGUAGE"),
    )
    language = _LANGUAGES.get(key)
    if language is None:
        language = translation.get_language_from_request(request, check_path=True)
        if len(_LANGUAGES) >= 1024:
            _LANGUAGES.clear()
        _LANGUAGES[key] = language
    return language


def _csp_headers(request) -> dict[str, str]:
    """The headers CSPMiddleware sets on an answer that uses no nonce: made from the settings
    once per process (forget_feed forgets them)."""
    if not _CSP:
        from csp.middleware import CSPMiddleware

        scratch = CSPMiddleware(lambda request: HttpResponse()).process_response(
            request, HttpResponse()
        )
        _CSP.update(
            (name, value)
            for name, value in scratch.items()
            if name.lower().startswith("content-security-policy")
        )
        _CSP.setdefault("", "")  # made, even if empty
    return {name: value for name, value in _CSP.items() if name}
