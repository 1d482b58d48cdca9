"""Check cited pages again: `python manage.py check_links` (daily from cron, for instance).

Each citation with a URL not captured for --days days gets a fresh capture; a page that now fails
or whose content changed (its SHA-256 differs from the last good capture's) is flagged on the desk
(the citation list's "Link check" filter, and on the citation's page), while readers keep the last
good archived copy. By default the captures run here, one after another; --queue hands them to the
task worker (`manage.py db_worker`) instead, one task each.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from sources.archiving import services, tasks
from sources.models import Citation


class Command(BaseCommand):
    help = "Capture cited pages again and flag those that changed or vanished."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=7, help="Check pages not captured for this many days."
        )
        parser.add_argument(
            "--limit", type=int, default=500, help="At most this many pages per run."
        )
        parser.add_argument(
            "--queue", action="store_true", help="Queue the captures for the task worker."
        )

    def handle(self, *args, days, limit, queue, **options):
        if queue:
            tasks.check_links.enqueue(days, limit)
            self.stdout.write("Queued the link check.")
            return
        due = services.due_for_check(older_than=timedelta(days=days), limit=limit)
        flagged = 0
        for citation in Citation.objects.filter(pk__in=due).order_by("pk"):
            record = services.capture(citation=citation)
            if services.flagged(record):
                flagged += 1
                what = "changed" if record.changed else record.get_outcome_display()
                self.stdout.write(f"citation {citation.pk}: {citation.url}: {what}")
        self.stdout.write(f"Checked {len(due)} pages; {flagged} flagged.")
