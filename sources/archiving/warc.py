"""Captures as WARC files (ISO 28500, the web archives' format), written and read with warcio.

One file per capture: a warcinfo record, the response record (status line, HTTP headers and the
payload as received) and the request record that asked for it, each gzip-compressed on its own
as archives do, so that any WARC tool (warcio, pywb, replayweb.page) can read or replay it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sources.archiving.fetch import USER_AGENT, Fetched


def write(fetched: Fetched) -> bytes:
    """The WARC file of a good fetch, as bytes."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warcinfo_record("capture.warc.gz", {"software": USER_AGENT}))
    http_headers = StatusAndHeaders(
        f"{fetched.status} {fetched.reason_phrase}",
        fetched.headers,
        protocol=fetched.http_version,
    )
    warc_headers = {"WARC-IP-Address": fetched.address} if fetched.address else None
    response = writer.create_warc_record(
        fetched.final_url,
        "response",
        payload=io.BytesIO(fetched.body),
        length=len(fetched.body),
        http_headers=http_headers,
        warc_headers_dict=warc_headers,
    )
    writer.write_record(response)
    (method, line), *headers = fetched.request_headers
    request = writer.create_warc_record(
        fetched.final_url,
        "request",
        payload=io.BytesIO(b""),
        length=0,
        http_headers=StatusAndHeaders(f"{method} {line}", headers, is_http_request=True),
        warc_headers_dict={"WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
    )
    writer.write_record(request)
    return buffer.getvalue()


@dataclass
class Stored:
    """The response a WARC file holds."""

    url: str
    status: str
    headers: list[tuple[str, str]]
    payload: bytes

    def header(self, name: str) -> str:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return ""


def read(stream) -> Stored | None:
    """The response record of a WARC file (a binary file object), or None if it holds none."""
    for record in ArchiveIterator(stream):
        if record.rec_type == "response":
            return Stored(
                url=record.rec_headers.get_header("WARC-Target-URI"),
                status=record.http_headers.get_statuscode(),
                headers=list(record.http_headers.headers),
                payload=record.content_stream().read(),
            )
    return None
