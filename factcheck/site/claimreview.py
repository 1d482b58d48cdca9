"""schema.org ClaimReview for a verdict page, with the properties Google documents for fact checks.

ClaimReview: claimReviewed, reviewRating (a Rating with alternateName and, on the true/false axis,
ratingValue with bestRating and worstRating), url, author, datePublished, and itemReviewed: a Claim
with its author, datePublished, firstAppearance and appearance. Everything comes from the public
revision's snapshot, so the markup says exactly what the page says.

The JSON is built with json.dumps and embedded with <, > and & escaped as \\u003c, \\u003e and
\\u0026: no text from the desk can close the <script> element or open a comment inside it.
"""

from __future__ import annotations

import json

from django.utils.safestring import SafeString, mark_safe

from events.precision import Precision, night_of
from factcheck.site.presenters import SourceRef, VerdictDetail, web_url
from factcheck.site.seo import absolute, site_name

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _party(source: SourceRef) -> dict:
    party = {
        "@type": "Person" if source.is_person else "Organization",
        "name": source.name.primary.text,
    }
    if web_url(source.url):
        party["sameAs"] = web_url(source.url)
    return party


def _work(citation) -> dict:
    work = {"@type": "CreativeWork", "url": web_url(citation.url)}
    if citation.title:
        work["headline"] = citation.title
    if citation.published_at:
        work["datePublished"] = citation.published_at.isoformat()
    work["author"] = _party(citation.source)
    return work


def claim_date(detail: VerdictDetail) -> str:
    """The claim's first appearance as a schema.org Date, as precise as the page is: the local
    day the page names (a claim made at 23:00 in Almaty is dated that day there, not the next day
    in UTC), the month alone ("2022-01", ISO 8601) when only the month is known."""
    local = detail.appeared_local
    if local is None:
        return ""
    precision = detail.claim_data.get("appeared_precision")
    if precision == Precision.MONTH:
        return f"{local.year:04d}-{local.month:02d}"
    if precision == Precision.NIGHT:
        local = night_of(local)[0]  # "the night of 5 to 6 January": the page names the 5th first
    return local.date().isoformat()


def claim_review(detail: VerdictDetail, *, url: str) -> dict:
    rating = detail.rating
    review_rating = {"@type": "Rating", "alternateName": rating.display}
    if rating.value is not None:
        # Only ratings on the true/false axis have a number; "unproven" has a label alone.
        review_rating.update(
            ratingValue=rating.value, bestRating=rating.best, worstRating=rating.worst
        )

    claim: dict = {"@type": "Claim"}
    if detail.claimant:
        claim["author"] = _party(detail.claimant)
    appeared = claim_date(detail)
    if appeared:
        claim["datePublished"] = appeared
    # Google reads appearance as a link (ClaimReview.itemReviewed.appearance.url). Where the desk
    # does not know a passage's address the appearance is left out, never replaced by the
    # publisher's home page: the markup stays valid, and the page says the address is unknown.
    appearances = [c for c in detail.appearances if web_url(c.url)]
    if appearances:
        claim["firstAppearance"] = _work(appearances[0])
        if appearances[1:]:
            claim["appearance"] = [_work(c) for c in appearances[1:]]

    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": detail.claim_short,
        "datePublished": detail.first_published_at.isoformat(),
        "author": {"@type": "Organization", "name": site_name(), "url": absolute("/")},
        "reviewRating": review_rating,
        "itemReviewed": claim,
    }


def embed(data: dict) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped
