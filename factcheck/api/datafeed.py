"""The ClaimReview DataFeed, with the read model's builder (factcheck.published.claimreview).

The JSON-LD is the very markup of the verdict pages, built from the same published verdict, so
aggregators see the same thing in the feed as on the page. Each verdict is presented in its own
language (its page under /en/ or /ru/, its rating's label in that language).
"""

from django.utils import translation

from factcheck.published.claimreview import claim_review
from factcheck.published.items import url_of
from factcheck.published.links import site_name, verdict_language
from factcheck.published.schema import PublishedVerdict


def review(published: PublishedVerdict) -> dict:
    with translation.override(verdict_language(published.verdict.language)):
        data = claim_review(published, url=url_of(published))
    data.pop("@context", None)  # given once, on the feed
    return data


def data_feed(items: list[PublishedVerdict], *, modified) -> dict:
    """A schema.org DataFeed of ClaimReviews."""
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{site_name()}: ClaimReview",
        "dateModified": modified.isoformat() if modified else None,
        "dataFeedElement": [
            {
                "@type": "DataFeedItem",
                "dateCreated": published.verdict.first_published_at.isoformat(),
                "dateModified": published.verdict.published_at.isoformat(),
                "item": [review(published)],
            }
            for published in items
        ],
    }
