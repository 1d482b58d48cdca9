from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from factcheck import backup


class Command(BaseCommand):
    help = (
        "Replace everything in the desk database with a backup made by `manage.py backupdesk`, "
        "in one transaction on PostgreSQL. Stop the web server and `db_worker` first; run "
        "`manage.py migrate` afterwards when the code is newer than the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup to restore.")
        parser.add_argument("--database", default="default", help="Which database to replace.")
        parser.add_argument(
            "--pg-bin", help="The folder of pg_restore (default: PATH, then /usr/lib/postgresql)."
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, file, database, pg_bin, interactive, **options):
        name = connections[database].settings_dict["NAME"]
        if interactive:
            answer = input(
                f"This replaces everything in the database {name} with {file}.\n"
                "Type 'yes' to continue, or 'no' to cancel: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        try:
            backup.restore(file, alias=database, pg_bin=pg_bin)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {name} from {file}."))
