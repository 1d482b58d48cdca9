"""Fetch a cited page the safe way: http(s) only, public addresses only, bounded in size and time.

Editors type the URLs of citations, and the desk fetches them from inside the newsroom's network,
so every connection, the first and each redirect's, goes through factcheck.netguard: the host is
resolved, every address it resolves to must be public (unless FACTCHECK_ARCHIVE_ALLOWED_HOSTS
names the host), and the connection is made to that checked address, never by name again (a name
can resolve to 127.0.0.1 a second later). Redirects are followed here, not by a library, so that
each hop is checked the same way.

Limits (settings): FACTCHECK_ARCHIVE_MAX_BYTES of payload (reading stops there: "too large"),
FACTCHECK_ARCHIVE_TIMEOUT seconds per connect or read and FACTCHECK_ARCHIVE_TOTAL_TIMEOUT for
the whole fetch, redirects included, FACTCHECK_ARCHIVE_MAX_REDIRECTS hops.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from factcheck import netguard

USER_AGENT = "factcheck-desk-archive/1 (+archived copies of cited pages)"
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024


class Outcome:
    """What became of a fetch; the Capture model stores these values (Capture.Outcome)."""

    OK = "ok"
    REFUSED = "refused"  # not a public address, or a host that does not resolve
    NOT_HTTP = "not_http"
    TOO_LARGE = "too_large"
    TIMEOUT = "timeout"
    HTTP_ERROR = "http_error"  # an answer of 4xx/5xx, or too many redirects
    NETWORK_ERROR = "network_error"  # connection refused or reset, a broken answer

    # Worth trying again later: the network, not the page, failed.
    RETRYABLE = {TIMEOUT, NETWORK_ERROR}


@dataclass
class Fetched:
    requested_url: str
    final_url: str = ""
    outcome: str = Outcome.OK
    reason: str = ""
    status: int | None = None
    reason_phrase: str = ""
    http_version: str = "HTTP/1.1"
    headers: list[tuple[str, str]] = field(default_factory=list)
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    address: str = ""  # the IP address the final answer came from (WARC-IP-Address)
    redirects: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome == Outcome.OK

    @property
    def content_type(self) -> str:
        for name, value in self.headers:
            if name.lower() == "content-type":
                return value
        return ""


class _Stop(Exception):
    def __init__(self, outcome: str, reason: str):
        super().__init__(reason)
        self.outcome, self.reason = outcome, reason


def fetch(url: str, *, max_bytes: int | None = None) -> Fetched:
    """GET `url`, following up to FACTCHECK_ARCHIVE_MAX_REDIRECTS redirects; never raises for
    anything the page or the network does: the outcome and reason say what happened. `max_bytes`
    replaces FACTCHECK_ARCHIVE_MAX_BYTES (media evidence has its own limit: sources.media)."""
    result = Fetched(requested_url=url, final_url=url)
    limit = max_bytes or settings.FACTCHECK_ARCHIVE_MAX_BYTES
    deadline = time.monotonic() + settings.FACTCHECK_ARCHIVE_TOTAL_TIMEOUT
    try:
        current = url
        for hop in range(settings.FACTCHECK_ARCHIVE_MAX_REDIRECTS + 1):
            result.final_url, result.redirects = current, hop
            location = _get(current, result, deadline, limit)
            if location is None:
                return result
            current = urljoin(current, location)
        raise _Stop(
            Outcome.HTTP_ERROR,
            f"more than {settings.FACTCHECK_ARCHIVE_MAX_REDIRECTS} redirects",
        )
    except _Stop as stop:
        result.outcome, result.reason = stop.outcome, stop.reason
        result.body = b""
        return result


def _over() -> str:
    return f"over {settings.FACTCHECK_ARCHIVE_TOTAL_TIMEOUT} s in all"


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _Stop(Outcome.TIMEOUT, _over())
    return left


def _get(url: str, result: Fetched, deadline: float, limit: int) -> str | None:
    """One request; the Location to follow for a redirect, else None with `result` filled in."""
    try:
        scheme, host, port = netguard.split(url)
        infos = netguard.resolve(
            url,
            allowed_hosts=settings.FACTCHECK_ARCHIVE_ALLOWED_HOSTS,
            setting="FACTCHECK_ARCHIVE_ALLOWED_HOSTS",
        )
    except netguard.NotHTTP as exc:
        raise _Stop(Outcome.NOT_HTTP, str(exc)) from None
    except netguard.UnsafeURL as exc:
        raise _Stop(Outcome.REFUSED, str(exc)) from None
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    default_port = netguard.SCHEMES[scheme]
    request_headers = [
        ("Host", host if port == default_port else f"{host}:{port}"),
        ("User-Agent", USER_AGENT),
        ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
        # Stored as sent: a compressed payload would need decoding before the text is read.
        ("Accept-Encoding", "identity"),
        ("Connection", "close"),
    ]
    error = ""
    for family, _type, _proto, _name, sockaddr in infos:
        timeout = min(settings.FACTCHECK_ARCHIVE_TIMEOUT, _remaining(deadline))
        conn = netguard.pinned_connection(scheme, host, port, family, sockaddr, timeout)
        # A server that trickles its headers a byte at a time never trips the per-read timeout:
        # the watchdog cuts the connection when the whole fetch's time is up.
        cut = threading.Event()
        watchdog = threading.Timer(_remaining(deadline), netguard.cut, args=[conn, cut])
        watchdog.start()
        try:
            conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            for name, value in request_headers:
                conn.putheader(name, value)
            conn.endheaders()
            response = conn.getresponse()
            result.status, result.reason_phrase = response.status, response.reason
            result.http_version = "HTTP/1.0" if response.version == 10 else "HTTP/1.1"
            # De-chunked as read: the stored headers must not say "chunked" any more.
            result.headers = [
                (k, v) for k, v in response.getheaders() if k.lower() != "transfer-encoding"
            ]
            result.request_headers = [("GET", f"{path} HTTP/1.1"), *request_headers]
            result.address = sockaddr[0]
            if response.status in REDIRECTS and response.getheader("Location"):
                return response.getheader("Location")
            result.body = _read(response, conn, deadline, limit)
        except ConnectionRefusedError as exc:
            error = str(exc) or "connection refused"
            continue  # the next address of the name, as socket.create_connection does
        except (OSError, http.client.HTTPException, ValueError) as exc:
            if cut.is_set():  # the watchdog's doing: the time ran out
                raise _Stop(Outcome.TIMEOUT, _over()) from None
            if isinstance(exc, TimeoutError):
                raise _Stop(Outcome.TIMEOUT, f"no answer within {timeout:g} s") from None
            raise _Stop(Outcome.NETWORK_ERROR, str(exc) or repr(exc)) from None
        finally:
            watchdog.cancel()
            conn.close()
        if cut.is_set():  # an answer cut short is no answer
            raise _Stop(Outcome.TIMEOUT, _over())
        if response.status >= 400:
            raise _Stop(Outcome.HTTP_ERROR, f"HTTP {response.status} {response.reason}")
        return None
    raise _Stop(Outcome.NETWORK_ERROR, error or "no address to connect to")


def _read(response, conn, deadline: float, limit: int) -> bytes:
    """The payload, up to `limit` bytes; a page that trickles in stops at the
    total deadline (read1 returns after each arrival, so the clock is looked at between them)."""
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _Stop(Outcome.TOO_LARGE, f"declared {declared} bytes, over {limit}")
    chunks, size = [], 0
    while True:
        left = _remaining(deadline)
        if conn.sock is not None:
            conn.sock.settimeout(min(settings.FACTCHECK_ARCHIVE_TIMEOUT, left))
        chunk = response.read1(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise _Stop(Outcome.TOO_LARGE, f"over {limit} bytes")
        chunks.append(chunk)
