"""`manage.py backupdesk` and `manage.py restoredesk`: a round trip of the demo desk, every table."""

import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from factcheck import backup
from factcheck.models import AuditEntry, Claim, Verdict
from tests.test_demo import every_row


@pytest.fixture
def pg_tools():
    """On PostgreSQL, pg_dump and pg_restore must exist; the SQLite run needs nothing."""
    if connection.vendor != "postgresql":
        return
    try:
        backup.find_pg_tool("pg_dump")
        backup.find_pg_tool("pg_restore")
    except backup.BackupError as exc:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"REQUIRE_POSTGRES=1 but {exc}")
        pytest.skip(str(exc))


# Committed for real: pg_dump reads the database from a process of its own.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_desk_round_trip_with_history_and_audit(pg_tools, tmp_path):
    call_command("loaddemo", stdout=StringIO())
    before = every_row()
    # The round trip carries what a desk's past is made of, not just its present.
    assert before["factcheck.HistoricalClaim"] and before["factcheck.HistoricalVerdict"]
    assert before["factcheck.AuditEntry"] and before["factcheck.VerdictRevision"]

    path = tmp_path / "desk.backup"
    call_command("backupdesk", str(path), stdout=StringIO())
    call_command("flush", interactive=False)
    assert not Verdict.objects.exists() and not AuditEntry.objects.exists()

    call_command("restoredesk", str(path), interactive=False, stdout=StringIO())

    assert every_row() == before
    # The sequences came back too: a new row takes a fresh key instead of colliding.
    claim = Claim.objects.first()
    claim.pk = None
    claim.slug = "after-restore"
    claim.save()
    assert claim.pk > max(row["id"] for row in before["factcheck.Claim"])


@pytest.mark.django_db
def test_refuses_a_file_that_is_no_backup(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a backup")
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restoredesk", str(path), interactive=False)


@pytest.mark.django_db
def test_refuses_a_backup_of_the_other_engine(tmp_path):
    path = tmp_path / "desk.backup"
    other = b"PGDMP" if connection.vendor == "sqlite" else backup.SQLITE_MAGIC
    path.write_bytes(other + b"\x00" * 64)
    with pytest.raises(CommandError, match="restores onto the engine it was taken from"):
        call_command("restoredesk", str(path), interactive=False)


@pytest.mark.django_db
def test_restore_asks_first(tmp_path, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restoredesk", str(tmp_path / "desk.backup"))
