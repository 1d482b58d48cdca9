"""Erase reader submissions' personal data (reply address, screenshot) once older than
FACTCHECK_INTAKE_PERSONAL_DATA_DAYS; the text and its triage are kept. Run it daily (cron, a
systemd timer): `manage.py expire_submissions`."""

from django.conf import settings
from django.core.management.base import BaseCommand

from factcheck.intake.services import erase_personal_data


class Command(BaseCommand):
    help = (
        "Erase the e-mail addresses and screenshots of reader submissions past their keeping time."
    )

    def handle(self, *args, **options):
        erased = erase_personal_data()
        self.stdout.write(
            f"Erased the personal data of {erased} submission(s) older than "
            f"{settings.FACTCHECK_INTAKE_PERSONAL_DATA_DAYS} days."
        )
