"""Expressions that look inside a stored snapshot's JSON, on SQLite and PostgreSQL alike.

The site and the API filter and list by what the served snapshot says, never by the working copy,
so their queries read the snapshot's JSON. The paths named here are part of the schema
(factcheck.published.schema); keep them in step with it.
"""

from __future__ import annotations

from django.db import NotSupportedError, connection
from django.db.models import BooleanField, F, Func, TextField


class SnapshotArrayHas(Func):
    """True when the JSON array `array` of a snapshot holds an element whose `key` (a dotted path
    inside the element, e.g. "source.id") is one of `values`.

    `SnapshotArrayHas("public_revision__snapshot", array="events", key="id", values=[3, 4])` finds
    the verdicts whose published claim concerns event 3 or 4. An empty `values` matches nothing but
    still runs the query, so a page's query count never depends on its data.
    """

    output_field = BooleanField()

    def __init__(self, snapshot, *, array: str, key: str, values):
        self.array = array
        self.key = key.split(".")
        self.values = [int(value) for value in values]
        super().__init__(F(snapshot) if isinstance(snapshot, str) else snapshot)

    def _in(self):
        return ", ".join(["%s"] * len(self.values)) or "NULL"

    def as_sqlite(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        sql = (
            f"EXISTS (SELECT 1 FROM json_each({column}, %s) AS element "
            f"WHERE json_extract(element.value, %s) IN ({self._in()}))"
        )
        path = "$." + ".".join(f'"{part}"' for part in self.key)
        return sql, (*params, f'$."{self.array}"', path, *self.values)

    def as_postgresql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        sql = (
            f"EXISTS (SELECT 1 FROM jsonb_array_elements({column} -> %s) AS element "
            f"WHERE (element #>> %s::text[])::bigint IN ({self._in()}))"
        )
        path = "{" + ",".join(self.key) + "}"
        return sql, (*params, self.array, path, *self.values)

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError(f"SnapshotArrayHas does not support {connection.vendor}.")


class SnapshotText(Func):
    """The text at a fixed path of a snapshot, e.g. ("claim", "slug"), as plain SQL text.

    Written out by hand rather than through Django's key transforms so that on PostgreSQL it is
    exactly the expression of the index `verdictrevision_claim_slug_idx` (migration 0004_site).
    """

    output_field = TextField()

    def __init__(self, snapshot, *path: str, **extra):
        self.path = path
        super().__init__(F(snapshot) if isinstance(snapshot, str) else snapshot, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        path = "$." + ".".join(f'"{part}"' for part in self.path)
        return f"json_extract({column}, %s)", (*params, path)

    def as_postgresql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        # A literal, not a parameter: the index expression has the literal path in it.
        literal = "{" + ",".join(self.path) + "}"
        if not all(part.isidentifier() for part in self.path):
            raise ValueError(f"unexpected snapshot path {self.path!r}")
        return f"({column} #>> '{literal}')", params


def referenced_ids_sql(kind: str, inner: str, params) -> tuple[str, list]:
    """SQL for the ids of events ("events") or sources ("sources") that the snapshots selected by
    `inner` (a query whose one column `snap` is a snapshot) name, as a subquery.

    Sources are the claimant, and each citation's publisher and whom it relays. Cost grows with
    the number of snapshots: one pass over them.
    """
    pg = connection.vendor == "postgresql"
    if kind == "events":
        if pg:
            select = (
                f"SELECT (j.value ->> 'id')::bigint FROM ({inner}) AS p, "
                "jsonb_array_elements(p.snap -> 'events') AS j"
            )
        else:
            select = (
                f"SELECT json_extract(j.value, '$.id') FROM ({inner}) AS p, "
                "json_each(p.snap, '$.events') AS j"
            )
        return select, list(params)
    if pg:
        parts = [
            f"SELECT (p.snap -> 'claim' -> 'claimant' ->> 'id')::bigint FROM ({inner}) AS p",
            f"SELECT (j.value -> 'source' ->> 'id')::bigint FROM ({inner}) AS p, "
            "jsonb_array_elements(p.snap -> 'citations') AS j",
            f"SELECT (j.value -> 'relays' ->> 'id')::bigint FROM ({inner}) AS p, "
            "jsonb_array_elements(p.snap -> 'citations') AS j",
        ]
    else:
        parts = [
            f"SELECT json_extract(p.snap, '$.claim.claimant.id') FROM ({inner}) AS p",
            f"SELECT json_extract(j.value, '$.source.id') FROM ({inner}) AS p, "
            "json_each(p.snap, '$.citations') AS j",
            f"SELECT json_extract(j.value, '$.relays.id') FROM ({inner}) AS p, "
            "json_each(p.snap, '$.citations') AS j",
        ]
    return " UNION ".join(parts), list(params) * 3
