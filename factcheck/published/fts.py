"""SQLite's search index of published texts: an FTS5 table the database keeps in step itself.

One row per searchable verdict, holding the texts of its *public revision* (rowid = that
revision's id), so nothing else can match: a verdict that was never published has no public
revision, a correction in progress lives in the working copy (not in any revision) until it is
published, a superseded revision leaves the table when its successor becomes public, and a
retraction removes the row. Triggers on the two tables keep it so, whoever writes: the services,
the admin, a fixture load or bench/generate.py's bulk inserts (nothing to call per row).

The `unicode61 remove_diacritics 2` tokenizer folds case in every alphabet ("АЭРОПОРТ" finds
"аэропорт"; SQLite's own LOWER and LIKE fold ASCII only), and Latin diacritics.

The triggers live between migrations, not across them. Django rebuilds a SQLite table to alter
it (create, copy, drop, rename): the drop takes the table's own triggers with it, and the rename
fails while a trigger on the other table names it. So the migration creates the table only;
`drop_triggers()` runs before a `migrate` that has work to do and `install()` after every one (see
FactcheckConfig.ready), creating the triggers and refilling the table from the published
revisions whenever a trigger is missing.
"""

from __future__ import annotations

import functools
import sqlite3

from django.db import transaction

TABLE = "factcheck_published_search"

# The three columns, weighted like PostgreSQL's document (factcheck/migrations/
# 0013_published_search.py): the claim as made (Russian) and its English forms count fully, the
# verdict's reasoning less (bm25 weights in factcheck.published.search).
COLUMNS = {
    "claim": ["$.claim.text", "$.claim.claimant.name"],
    "english": [
        "$.claim.text_en",
        "$.claim.short",
        "$.verdict.headline",
        "$.claim.claimant.name_en",
    ],
    "reasoning": ["$.verdict.conclusion", "$.verdict.explanation"],
}


def _texts(revision: str) -> str:
    return ", ".join(
        " || ' ' || ".join(
            f"coalesce(json_extract({revision}.snapshot, '{path}'), '')" for path in paths
        )
        for paths in COLUMNS.values()
    )


_COLUMN_LIST = ", ".join(COLUMNS)

# Index the public revision of verdict `v` (a row alias or NEW/OLD), if it is searchable.
_INDEX = (
    f"INSERT INTO {TABLE} (rowid, {_COLUMN_LIST}) "
    f"SELECT r.id, {_texts('r')} FROM factcheck_verdictrevision r "
    "JOIN factcheck_verdict v ON v.public_revision_id = r.id "
    "WHERE v.state <> 'retracted' AND {where};"
)

TRIGGERS = {
    "factcheck_published_search_verdict_insert": (
        "AFTER INSERT ON factcheck_verdict WHEN NEW.public_revision_id IS NOT NULL BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = NEW.public_revision_id; "
        + _INDEX.format(where="v.id = NEW.id")
        + " END"
    ),
    # Only when readers' view changes (publication, republication, retraction), not on every save
    # of the working copy, which writes every column.
    "factcheck_published_search_verdict_update": (
        "AFTER UPDATE OF public_revision_id, state ON factcheck_verdict WHEN "
        "OLD.public_revision_id IS NOT NEW.public_revision_id "
        "OR (OLD.state = 'retracted') <> (NEW.state = 'retracted') BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = OLD.public_revision_id; "
        f"DELETE FROM {TABLE} WHERE rowid = NEW.public_revision_id; "
        + _INDEX.format(where="v.id = NEW.id")
        + " END"
    ),
    "factcheck_published_search_verdict_delete": (
        "AFTER DELETE ON factcheck_verdict BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = OLD.public_revision_id; END"
    ),
    # A revision written after the verdict that points at it (fixtures load rows in any order).
    "factcheck_published_search_revision_insert": (
        "AFTER INSERT ON factcheck_verdictrevision BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = NEW.id; "
        + _INDEX.format(where="r.id = NEW.id")
        + " END"
    ),
    "factcheck_published_search_revision_update": (
        "AFTER UPDATE OF snapshot ON factcheck_verdictrevision BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = OLD.id; "
        + _INDEX.format(where="r.id = NEW.id")
        + " END"
    ),
    "factcheck_published_search_revision_delete": (
        "AFTER DELETE ON factcheck_verdictrevision BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = OLD.id; END"
    ),
}


@functools.cache
def available() -> bool:
    """Whether the SQLite library Python links against has FTS5 (Debian's and python.org's do)."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(a)")
    except sqlite3.OperationalError:
        return False
    return True


def _names(connection) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name = %s OR name LIKE %s",
            [TABLE, "factcheck_published_search_%"],
        )
        return {row[0] for row in cursor.fetchall()}


def create_table(connection) -> None:
    """The migration's part: the empty table (install() fills it and adds the triggers)."""
    if connection.vendor != "sqlite" or not available():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
            f"{_COLUMN_LIST}, tokenize = 'unicode61 remove_diacritics 2')"
        )


def install(connection) -> None:
    """Where the table exists and a trigger is missing: create the triggers, refill the table."""
    if connection.vendor != "sqlite" or not available():
        return
    names = _names(connection)
    if TABLE not in names or {TABLE, *TRIGGERS} <= names:
        return
    # One transaction: a publication committed meanwhile is either in the refill or indexed by
    # the triggers after it, never both (a duplicate rowid) nor neither.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for name, body in TRIGGERS.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"CREATE TRIGGER {name} {body}")
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(_INDEX.format(where="1"))


def drop_triggers(connection) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def uninstall(connection) -> None:
    drop_triggers(connection)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def check(app_configs=None, **kwargs):
    """System check: say so when a SQLite database will search without FTS5 (by a scan)."""
    from django.conf import settings
    from django.core.checks import Warning

    uses_sqlite = any("sqlite" in db["ENGINE"] for db in settings.DATABASES.values())
    if not uses_sqlite or available():
        return []
    return [
        Warning(
            "This Python's SQLite has no FTS5: public search scans every published verdict.",
            hint="Use a Python built against SQLite with FTS5 (Debian's and python.org's are).",
            id="factcheck.W001",
        )
    ]
