"""The ClaimReview DataFeed, with the read model's builder (factcheck.published.claimreview).

The JSON-LD is the very markup of the verdict pages, built from the same published verdict, so
aggregators see the same thing in the feed as on the page. Each verdict is presented in its own
language (its page under /en/ or /ru/, its rating's label in that language). The elements are
made once per release and stored (factcheck.published.items.review_element, Verdict.review_item):
a page joins them into the envelope made here.
"""

from factcheck.published.links import site_name


def envelope(*, modified) -> dict:
    """A schema.org DataFeed of ClaimReviews with no element yet (`dataFeedElement` last)."""
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{site_name()}: ClaimReview",
        "dateModified": modified.isoformat() if modified else None,
        "dataFeedElement": [],
    }
