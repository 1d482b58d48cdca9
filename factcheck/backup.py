"""Back up and restore the whole desk database: `manage.py backupdesk` and `manage.py restoredesk`.

Each engine is copied with its own tool rather than through Django's serializers (`dumpdata`):

- PostgreSQL: `pg_dump --format=custom`, one consistent snapshot taken while the desk keeps
  running, restored by `pg_restore` in a single transaction (all of it or nothing).
- SQLite: the sqlite3 online backup API (`Connection.backup`), a page-by-page copy of the file
  that is consistent while others write (WAL included), restored by the same API in reverse.

Both copy every table as it is: the desk, its history (django-simple-history), the audit log,
sessions, queued tasks, `django_migrations` and the sequences. `dumpdata`/`loaddata` would not:
it leaves out `django_migrations`, needs a migrated database whose content types and permissions
already match the dump's primary keys, loads row by row through the ORM, and leaves PostgreSQL's
sequences behind the restored keys. A backup restores onto the engine it was taken from.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""


def engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups of a {vendor} database are not supported.")
    return vendor


def backup(path: Path, *, alias: str = "default", pg_bin: str | None = None) -> None:
    """Write a backup of the database to `path`, replacing it only once the backup is complete."""
    path = Path(path)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(handle)
    partial = Path(name)
    try:
        if engine(alias) == "sqlite":
            _sqlite_backup(partial, alias)
        else:
            _pg_dump(partial, alias, pg_bin)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def restore(path: Path, *, alias: str = "default", pg_bin: str | None = None) -> None:
    """Replace everything in the database with the backup at `path`."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(f"Cannot read {path}: {exc.strerror}.") from None
    vendor = engine(alias)
    kind = "sqlite" if head == SQLITE_MAGIC else "postgresql" if head[:5] == PG_CUSTOM_MAGIC else ""
    if not kind:
        raise BackupError(f"{path} is not a backup made by `manage.py backupdesk`.")
    if kind != vendor:
        raise BackupError(
            f"{path} is a {kind} backup and this desk runs on {vendor}: a backup restores onto "
            "the engine it was taken from."
        )
    if vendor == "sqlite":
        _sqlite_restore(path, alias)
    else:
        _pg_restore(path, alias, pg_bin)


# --- SQLite --------------------------------------------------------------------------------


def _sqlite_backup(target: Path, alias: str) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def _sqlite_restore(source_path: Path, alias: str) -> None:
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("Cannot restore inside a transaction.")
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        # Copies every page into the live database under its lock: readers see the old database
        # or the restored one, never a mix.
        source.backup(connection.connection)
    finally:
        source.close()
    # Nothing cached about the old database (e.g. the schema) may outlive it.
    connection.close()


# --- PostgreSQL ----------------------------------------------------------------------------


def find_pg_tool(name: str, pg_bin: str | None = None) -> str:
    """The PostgreSQL client `name` from `pg_bin`, else PATH, else the newest Debian install."""
    candidates = [Path(pg_bin) / name] if pg_bin else []
    if not pg_bin:
        if found := shutil.which(name):
            candidates.append(Path(found))
        candidates += sorted(
            Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
            key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
            reverse=True,
        )
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(
        f"{name} was not found ({'in ' + pg_bin if pg_bin else 'on PATH'}): install PostgreSQL's "
        "client programs (Debian: postgresql-client) or name their folder with --pg-bin."
    )


def _libpq(alias: str) -> tuple[list[str], str, dict]:
    """Connection options (-U, -h, -p), the database name and the environment for libpq tools."""
    settings_dict = connections[alias].settings_dict
    args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    name = settings_dict["NAME"]
    options = args[1:-1] if args[-1] == name else args[1:]
    return options, name, {**os.environ, **(env or {})}


def _run(command: list[str], env: dict) -> str:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BackupError(f"Cannot run {command[0]}: {exc.strerror}.") from None
    if done.returncode != 0:
        raise BackupError(
            f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr.strip()}"
        )
    return done.stdout


def _pg_dump(target: Path, alias: str, pg_bin: str | None) -> None:
    options, name, env = _libpq(alias)
    _run(
        [find_pg_tool("pg_dump", pg_bin), "--format=custom", f"--file={target}", *options, name],
        env,
    )


def _pg_restore(source: Path, alias: str, pg_bin: str | None) -> None:
    tool = find_pg_tool("pg_restore", pg_bin)
    options, name, env = _libpq(alias)
    # `--clean` drops only what the backup holds: a table it does not know (one a later
    # migration made) would outlive the restore beside a django_migrations that never made it.
    listing = _run([tool, "--list", str(source)], env)
    in_backup = {
        fields[5]
        for fields in (line.split() for line in listing.splitlines() if not line.startswith(";"))
        if len(fields) >= 6 and fields[3:5] == ["TABLE", "public"]
    }
    connection = connections[alias]
    with connection.cursor():
        extra = sorted(set(connection.introspection.table_names()) - in_backup)
    if extra:
        raise BackupError(
            f"The database holds tables the backup does not ({', '.join(extra)}): restore into "
            "an empty database (createdb) instead, then run `manage.py migrate`."
        )
    # Our own connection must not hold a lock the restore's DROP TABLE would wait for.
    connection.close()
    _run(
        [
            tool,
            "--clean",
            "--if-exists",
            # The backup restores under whichever role the desk connects as.
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            *options,
            f"--dbname={name}",
            str(source),
        ],
        env,
    )
