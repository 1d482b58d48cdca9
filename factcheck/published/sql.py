"""Expressions that look inside a stored snapshot's JSON, on SQLite and PostgreSQL alike.

The site and the API filter and list by what the served snapshot says, never by the working copy,
so their queries read the snapshot's JSON. The paths named here are part of the schema
(factcheck.published.schema); keep them in step with it.
"""

from __future__ import annotations

from django.db.models import F, Func, TextField


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
