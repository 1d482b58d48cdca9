"""ETag and Last-Modified on every response, and 304 Not Modified when nothing changed.

Two sources of validators:

* Everything made from snapshots (verdicts, claims, the ClaimReview feed) changes only when a
  verdict is released, and every release takes a new feed position. The validators are computed
  from (last feed position, last release time, the request's URL) *before* the page is read, so
  a poll with nothing new costs two index lookups and returns an empty 304.
* The rest (events, sources, ratings) hashes the body, and remembers per URL since when that
  body has been served, for Last-Modified.

Last-Modified has one-second granularity, so two changes within the same second could hide each
other from a client that sends only If-Modified-Since. It is therefore only honoured once the
second of the last change is over ("settled"); until then such clients get a 200. ETags have no
such limit and win when a client sends both (RFC 9110, 13.2.2).
"""

import functools
import hashlib
import math
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

# Part of every ETag: bump when the representation of any resource changes shape (and, for a
# verdict's item, factcheck.published.items.ITEM_VERSION, so that stored items are not served).
# v1.2: claim status, conflicts, evidence, figure precision, event links; v1.3: the figure's zone;
# v1.4: ClaimReview's author url, the who-we-are page
REPRESENTATION = "v1.4"
# Last-Modified while nothing has been released yet.
EPOCH = int(datetime(2000, 1, 1, tzinfo=UTC).timestamp())


def _etag(*parts) -> str:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]
    return f'"{digest}"'


def _last_modified(changed_at: datetime | None) -> tuple[int, bool]:
    """(Last-Modified as a Unix time, whether If-Modified-Since may be trusted with it)."""
    if changed_at is None:
        return EPOCH, True
    ceiling = math.ceil(changed_at.timestamp())
    return ceiling, timezone.now().timestamp() >= ceiling


def feed_validators(request, seq: int, changed_at, *extra) -> tuple[str, datetime | None]:
    # The host too: `next` links in the body are absolute.
    url = request.build_absolute_uri()
    etag = _etag(REPRESENTATION, settings.SITE_URL, url, seq, *extra)
    return etag, changed_at


def body_validators(request, content: bytes) -> tuple[str, datetime]:
    etag = _etag(REPRESENTATION, hashlib.sha256(content).hexdigest())
    key = "api-since:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
    seen = cache.get(key)
    if seen and seen[0] == etag:
        return etag, seen[1]
    now = timezone.now()
    cache.set(key, (etag, now), timeout=None)
    return etag, now


def sent_back(request, etag: str) -> bool:
    """Whether this GET sends back exactly `etag` and no other precondition: a poller's usual
    request, which get_conditional_response answers 304. Checked without parsing ETag lists (a
    third of a 304's work on the feed's fast path, factcheck.api.feed)."""
    meta = request.META
    return (
        meta.get("HTTP_IF_NONE_MATCH") == etag
        and request.method in ("GET", "HEAD")
        and "HTTP_IF_MATCH" not in meta
        and "HTTP_IF_UNMODIFIED_SINCE" not in meta
    )


def not_modified(request, etag: str, changed_at):
    """A 304 response if the client's copy is current, else None."""
    if sent_back(request, etag):
        response = HttpResponseNotModified()
    else:
        last_modified, settled = _last_modified(changed_at)
        response = get_conditional_response(
            request, etag=etag, last_modified=last_modified if settled else None
        )
    if response is not None:
        stamp(response, etag, changed_at)
    return response


# The same few times are formatted over and over (a feed's last release): once each.
_http_date = functools.lru_cache(maxsize=64)(http_date)


def stamp(response, etag: str, changed_at) -> None:
    last_modified, _settled = _last_modified(changed_at)
    response["ETag"] = etag
    response["Last-Modified"] = _http_date(last_modified)
    # Partners' responses depend on their key; let caches keep them but always revalidate.
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Authorization"
