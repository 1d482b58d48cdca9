"""Conditional requests: every public page carries an ETag and a Last-Modified, and answers 304.

A page's ETag is a digest of exactly what it is rendered from: the ids of the public revisions it
shows (a revision is frozen, so its id stands for all its content), retraction states, the few live
rows it shows (events, sources, ratings), the language, the URL and the code itself (templates,
static files, translations). The views fetch those with their usual, fixed queries and ask here
before rendering, so a 304 costs the same few queries but no template rendering, no Markdown and
no body. A page whose rows cost more than its validators does its work in `render`: the home page
fingerprints the release mark (public.release_mark: the last release's time and feed position)
and the few live rows its filters show, and counts and reads its cards only for a 200.

Last-Modified is the newest publication or retraction among what the page shows (the verdicts'
`released_at`). Clients that send If-None-Match (every browser) get exact answers; Django
evaluates If-Modified-Since only when no If-None-Match comes with it, so a client relying on dates
alone may keep a page whose event or source description changed until the next publication on it.

Staff may see previews and desk-only markers, so their responses are private and never cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

_CODE_ROOTS = [
    ("templates", "site"),
    ("factcheck", "site"),
    ("factcheck", "published"),
    ("factcheck", "static", "site"),
    ("factcheck", "templatetags"),
    ("locale",),
]


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the files that shape the pages, the same in every worker of one deployment."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for parts in _CODE_ROOTS:
        root = base.joinpath(*parts)
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".html", ".py", ".css", ".mo", ".svg", ".txt"}:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def is_staff(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_active and user.is_staff)


def fingerprint_of(*parts) -> str:
    digest = hashlib.sha256(repr(parts).encode())
    return digest.hexdigest()[:32]


def newest(*moments: datetime | None | Iterable[datetime | None]) -> datetime | None:
    flat = []
    for moment in moments:
        if isinstance(moment, datetime) or moment is None:
            flat.append(moment)
        else:
            flat.extend(moment)
    present = [m for m in flat if m is not None]
    return max(present) if present else None


def respond(
    request: HttpRequest,
    *,
    fingerprint: object,
    last_modified: datetime | None,
    render: Callable[[], HttpResponse],
) -> HttpResponse:
    """Answer 304 when the client's copy is current, else render with validators attached."""
    if is_staff(request):
        response = render()
        patch_cache_control(response, private=True, no_cache=True, no_store=True)
        return response

    etag = quote_etag(
        fingerprint_of(code_version(), get_language(), request.get_full_path(), fingerprint)
    )
    timestamp = int(last_modified.timestamp()) if last_modified else None
    # get_conditional_response only looks at its `response` argument for headers; with none it
    # returns a bare 304, so the validators are set on a fresh one here.
    if get_conditional_response(request, etag=etag, last_modified=timestamp) is not None:
        response = HttpResponseNotModified()
        _validators(response, etag, timestamp)
        return response
    response = render()
    if response.status_code == 200:
        _validators(response, etag, timestamp)
    return response


def _validators(response: HttpResponse, etag: str, timestamp: int | None) -> None:
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    # Stored, but revalidated on every use: a correction must reach readers at once.
    patch_cache_control(response, public=True, no_cache=True)


def private(response: HttpResponse) -> HttpResponse:
    """For previews and other staff-only answers: never stored, never indexed."""
    patch_cache_control(response, private=True, no_cache=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response
