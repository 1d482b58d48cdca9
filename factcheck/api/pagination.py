"""Keyset (cursor) pagination: each page is one index range read, however deep the client is.

The cursor is an opaque token holding the ordering and the sort key of the last item served.
In the feed order (`ordering=updated`, the default) the sort key is the verdict's feed position,
which factcheck.services assigns in commit order; so "everything after my cursor" never misses a
change that commits later, and a client that keeps its last cursor gets every change exactly
once. That is why, in that order, `next` is never null: it is where to poll next.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC

from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import replace_query_param

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class Ordering:
    name: str
    fields: tuple[str, ...]  # model fields, the last one unique
    descending: bool = False
    continuous: bool = False  # a change feed: `next` always points to where to poll next

    def order_by(self) -> list[str]:
        return [("-" if self.descending else "") + f for f in self.fields]


FEED_ORDERINGS = {
    o.name: o
    for o in (
        Ordering("updated", ("feed_seq",), continuous=True),
        Ordering("-updated", ("feed_seq",), descending=True),
        Ordering("published", ("first_published_at", "pk")),
        Ordering("-published", ("first_published_at", "pk"), descending=True),
    )
}
ID_ORDERINGS = {"id": Ordering("id", ("pk",))}


def _encode(ordering: Ordering, key: list) -> str:
    raw = json.dumps({"o": ordering.name, "k": key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(token: str, ordering: Ordering) -> list:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
        name, key = data["o"], data["k"]
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        raise ValidationError(
            {"cursor": [_("Invalid cursor: use the `next` link as given.")]}
        ) from None
    if name != ordering.name:
        raise ValidationError(
            {
                "cursor": [
                    _("This cursor was made for ordering=%(cursor)s, not %(asked)s.")
                    % {"cursor": name, "asked": ordering.name}
                ]
            }
        )
    if not isinstance(key, list) or len(key) != len(ordering.fields):
        raise ValidationError(
            {"cursor": [_("Invalid cursor: use the `next` link as given.")]}
        ) from None
    values = []
    for field, value in zip(ordering.fields, key, strict=True):
        if field.endswith("_at"):
            try:
                parsed = parse_datetime(value) if isinstance(value, str) else None
                parsed = parsed.astimezone(UTC) if parsed and parsed.tzinfo else None
            except (ValueError, OverflowError):
                parsed = None
            if parsed is None:
                raise ValidationError({"cursor": [_("Invalid cursor.")]})
            values.append(parsed)
        elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63:
            values.append(value)
        else:
            raise ValidationError({"cursor": [_("Invalid cursor.")]})
    return values


def _after(ordering: Ordering, values: list) -> Q:
    """Rows strictly after `values` in this ordering: (a > x) | (a = x & b > y) | ..."""
    op = "lt" if ordering.descending else "gt"
    condition = Q()
    for i, field in enumerate(ordering.fields):
        step = Q(**{f"{f}": v for f, v in zip(ordering.fields[:i], values[:i], strict=True)})
        step &= Q(**{f"{field}__{op}": values[i]})
        condition |= step
    return condition


def page_size_from(request) -> int:
    raw = request.query_params.get("page_size")
    if raw is None:
        return DEFAULT_PAGE_SIZE
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise ValidationError(
            {"page_size": [_("Give a whole number from 1 to %(max)s.") % {"max": MAX_PAGE_SIZE}]}
        )
    return size


@dataclass
class Page:
    rows: list
    next: str | None
    cursor: str | None
    has_more: bool

    def envelope(self, results: list) -> dict:
        return {
            "next": self.next,
            "cursor": self.cursor,
            "has_more": self.has_more,
            "results": results,
        }


class Pager:
    """Reads and checks the page parameters at once (a bad one is a 400), then reads pages."""

    def __init__(self, request, ordering: Ordering):
        self.request = request
        self.ordering = ordering
        self.size = page_size_from(request)
        self.token = request.query_params.get("cursor") or None
        self.after = _decode(self.token, ordering) if self.token else None

    def page(self, queryset) -> Page:
        """One page after the cursor: a single query of page size + 1 rows."""
        ordering, size = self.ordering, self.size
        if self.after is not None:
            queryset = queryset.filter(_after(ordering, self.after))
        rows = list(queryset.order_by(*ordering.order_by())[: size + 1])
        has_more = len(rows) > size
        rows = rows[:size]
        if rows:
            key = [getattr(rows[-1], field) for field in ordering.fields]
            cursor = _encode(
                ordering, [v.isoformat() if hasattr(v, "isoformat") else v for v in key]
            )
        else:
            cursor = self.token
        url = self.request.build_absolute_uri()
        if cursor and (has_more or ordering.continuous):
            next_url = replace_query_param(url, "cursor", cursor)
        elif ordering.continuous:
            next_url = url  # nothing yet: poll the same URL again later
        else:
            next_url = None
        return Page(rows=rows, next=next_url, cursor=cursor, has_more=has_more)
