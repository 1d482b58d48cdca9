"""The ClaimReview DataFeed and verdict URLs, with the public site's own builder.

The JSON-LD is factcheck.site.claimreview's, the very markup of the verdict pages, built from the
same snapshot, so aggregators see the same thing in the feed as on the page. Each verdict is
presented in its own language (its page under /en/ or /ru/, its rating's label in that language).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from factcheck.models import Verdict
from factcheck.site.claimreview import claim_review
from factcheck.site.presenters import VerdictDetail
from factcheck.site.seo import absolute, site_name


def _language(snapshot: dict) -> str:
    language = snapshot["verdict"].get("language")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def verdict_url(snapshot: dict) -> str:
    """The absolute URL of the verdict's public page, in the verdict's language."""
    with translation.override(_language(snapshot)):
        return absolute(reverse("site:verdict", kwargs={"slug": snapshot["claim"]["slug"]}))


def review(snapshot: dict, verdict: Verdict) -> dict:
    with translation.override(_language(snapshot)):
        detail = VerdictDetail(snapshot, verdict=verdict, live_events={})
        data = claim_review(detail, url=absolute(detail.url_path))
    data.pop("@context", None)  # given once, on the feed
    return data


def data_feed(verdicts: list[tuple[dict, Verdict]], *, modified) -> dict:
    """A schema.org DataFeed of ClaimReviews from (snapshot, verdict) pairs."""
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{site_name()}: ClaimReview",
        "dateModified": modified.isoformat() if modified else None,
        "dataFeedElement": [
            {
                "@type": "DataFeedItem",
                "dateCreated": snapshot["verdict"]["first_published_at"],
                "dateModified": snapshot["verdict"]["published_at"],
                "item": [review(snapshot, verdict)],
            }
            for snapshot, verdict in verdicts
        ],
    }
