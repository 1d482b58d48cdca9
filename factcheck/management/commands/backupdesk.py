from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck import backup


class Command(BaseCommand):
    help = (
        "Write a backup of the whole desk database (the desk, its history, the audit log, "
        "sessions, queued tasks, the migration state) to FILE, while the desk keeps running: "
        "pg_dump's custom format on PostgreSQL, an SQLite file on SQLite. Restore it with "
        "`manage.py restoredesk FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Where to write the backup (replaced).")
        parser.add_argument("--database", default="default", help="Which database to back up.")
        parser.add_argument(
            "--pg-bin", help="The folder of pg_dump (default: PATH, then /usr/lib/postgresql)."
        )

    def handle(self, *args, file, database, pg_bin, **options):
        try:
            backup.backup(file, alias=database, pg_bin=pg_bin)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {backup.engine(database)} database to {file} "
                f"({file.stat().st_size:,} bytes)."
            )
        )
