from django.core.management.base import BaseCommand

from factcheck.models import Verdict
from factcheck.published.items import item_key, store_items


class Command(BaseCommand):
    help = (
        "Store again the partner API's items of every released verdict (Verdict.feed_item, "
        "claim_item, review_item). Needed after SITE_URL, SITE_NAME, LANGUAGES or "
        "items.ITEM_VERSION changed: until then the feed, the claims list and the ClaimReview "
        "feed make those items per request, correct but slower. Safe while the desk is publishing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-only",
            action="store_true",
            help="Only verdicts whose stored item was made under other settings (or is missing).",
        )

    def handle(self, *args, stale_only, **options):
        verdicts = Verdict.objects.all()
        if stale_only:
            verdicts = verdicts.exclude(feed_item_key=item_key())
        count = store_items(verdicts)
        self.stdout.write(self.style.SUCCESS(f"Stored the feed items of {count} verdicts."))
