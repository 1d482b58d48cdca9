"""Import claims with their citations from a CSV file (factcheck.spreadsheets.importer).

A dry run unless --commit is given: every bad line is listed with its reason, and nothing is
written. With --commit the file is checked again and imported whole, or not at all.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from factcheck.services import NotAllowed
from factcheck.spreadsheets import importer


class Command(BaseCommand):
    help = (
        "Check a CSV file of claims and citations (a dry run), or import it whole with --commit. "
        "The columns are in the README (“Claims from a spreadsheet”)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file (UTF-8, a byte order mark is fine).")
        parser.add_argument(
            "--user", required=True, help="The desk member the claims are imported as."
        )
        parser.add_argument(
            "--commit", action="store_true", help="Import the file (all or nothing)."
        )

    def handle(self, *args, path, user, commit, **options):
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from None
        by = get_user_model().objects.filter(username=user).first()
        if by is None:
            raise CommandError(f"No user “{user}”.")
        try:
            if commit:
                plan = importer.claims_import(data=data, by=by, filename=Path(path).name)
            else:
                plan = importer.check(data)
        except NotAllowed as exc:
            raise CommandError(str(exc)) from None
        except importer.ImportRefused as refused:
            plan = refused.plan
        for error in plan.errors:
            self.stderr.write(str(error))
        if plan.errors:
            raise CommandError(f"{len(plan.errors)} problem(s) in {path}: nothing was imported.")
        summary = f"{len(plan.claims)} claim(s) with {plan.citation_count} citation(s)"
        if commit:
            self.stdout.write(self.style.SUCCESS(f"Imported {summary}."))
        else:
            self.stdout.write(f"Dry run: {summary} ready to import; run again with --commit.")
