"""Writing CSV safely and as a stream."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)",
# "@SUM(...)", "+cmd|..."): text from claims and evidence is written with a leading apostrophe,
# which spreadsheets take as "this is text" and do not show (OWASP's "CSV injection" advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The UTF-8 byte order mark: Excel opens a CSV as UTF-8 (Cyrillic intact) only when it has one.
BOM = "\ufeff"


def safe(value) -> str | int:
    """A cell: numbers as they are, text with any formula start defused, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Line:
    """A file-like object whose write() hands back what it was given (csv.writer writes a line)."""

    def write(self, value: str) -> str:
        return value


def lines(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The CSV text line by line: the BOM and the header, then each row with its cells defused."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe(cell) for cell in row])


def csv_response(
    filename: str, header: list[str], rows: Iterable[Iterable]
) -> StreamingHttpResponse:
    """A CSV download written while the rows are read: memory stays flat whatever the archive's
    size (the rows come in batches, see export.batched)."""
    response = StreamingHttpResponse(lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
