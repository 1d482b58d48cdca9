"""Expressions that look inside a stored snapshot's JSON, on SQLite and PostgreSQL alike.

The site and the API filter and list by what the served snapshot says, never by the working copy,
so their queries read the snapshot's JSON. The paths named here are part of the schema
(factcheck.published.schema); keep them in step with it.
"""

from __future__ import annotations

from django.db import NotSupportedError
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

    Written out by hand rather than through Django's key transforms so that it is exactly the
    expression of the index `verdictrevision_claim_slug_idx` (migration 0004_site on PostgreSQL,
    0017_sqlite_claim_slug_index on SQLite).
    """

    output_field = TextField()

    def __init__(self, snapshot, *path: str, **extra):
        self.path = path
        super().__init__(F(snapshot) if isinstance(snapshot, str) else snapshot, **extra)

    def _checked_path(self):
        # The path is written into the SQL as a literal, not a parameter: an index on an
        # expression serves only a query that writes out the very same expression, literal
        # included (both engines). Identifiers only, so nothing can be injected through it.
        if not all(part.isidentifier() for part in self.path):
            raise ValueError(f"unexpected snapshot path {self.path!r}")
        return self.path

    def as_sqlite(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        path = "$." + ".".join(f'"{part}"' for part in self._checked_path())
        return f"json_extract({column}, '{path}')", params

    def as_postgresql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        literal = "{" + ",".join(self._checked_path()) + "}"
        return f"({column} #>> '{literal}')", params


# Serves the verdict page's lookup, the old-slug redirect, the sitemap and the corrections log on
# SQLite (factcheck.published.public.with_claim_slug, factcheck.site.selectors):
#   WHERE json_extract(snapshot, '$."claim"."slug"') = :slug
# The expression is SnapshotText.as_sqlite's for ("claim", "slug"), which must stay identical
# (tests/test_site_search.py). PostgreSQL's twin is made by migration 0004_site.
SQLITE_SLUG_INDEX = """
CREATE INDEX IF NOT EXISTS verdictrevision_claim_slug_idx
    ON factcheck_verdictrevision (json_extract(snapshot, '$."claim"."slug"'))
"""


# Serves the partner feed's and the API lists' first page on SQLite (factcheck.api.pagination,
# factcheck.published.items): released verdicts ORDER BY feed_seq LIMIT n, and public.release_mark
# (ORDER BY feed_seq DESC LIMIT 1). SQLite sorts NULLs first: walking the feed_seq unique index
# upwards, it read the row of every unreleased verdict (no position yet) before the first released
# one, about a fifth of the archive (14 ms at 20,000 verdicts, 1 ms at 2,000). This index holds
# released verdicts only. PostgreSQL sorts NULLs last and needs no twin.
SQLITE_FEED_INDEX = """
CREATE INDEX IF NOT EXISTS verdict_released_feed_idx
    ON factcheck_verdict (feed_seq) WHERE public_revision_id IS NOT NULL
"""

# Indexes Django's models do not declare because they are SQLite's alone: name -> definition.
SQLITE_INDEXES = {
    "verdictrevision_claim_slug_idx": SQLITE_SLUG_INDEX,
    "verdict_released_feed_idx": SQLITE_FEED_INDEX,
}


def ensure_sqlite_indexes(connection) -> None:
    """Create SQLite's own indexes (SQLITE_INDEXES) where missing (a no-op elsewhere).

    Called by migrations 0017 and 0018 and after every `migrate` (FactcheckConfig.ready): SQLite
    alters a table by rebuilding it, which keeps only the indexes Django knows of, so a later
    migration that rebuilds factcheck_verdict or factcheck_verdictrevision would silently drop
    them.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for definition in SQLITE_INDEXES.values():
                cursor.execute(definition)
