"""schema.org ClaimReview for a published verdict, with the properties Google documents for fact
checks: the verdict pages embed it and the partner API's DataFeed serves it, so aggregators see
exactly what the page says.

ClaimReview: claimReviewed, reviewRating (a Rating with alternateName and, on the true/false axis,
ratingValue with bestRating and worstRating), url, author, datePublished, and itemReviewed: a Claim
with its author, datePublished, firstAppearance and appearance. Names are given in the active
language when the desk has them in it.

The JSON is embedded with <, > and & escaped as \\u003c, \\u003e and \\u0026: no text from the
desk can close the <script> element or open a comment inside it.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from events.precision import Precision, night_of
from factcheck.published.links import absolute, site_name, verdict_language, web_url
from factcheck.published.schema import CitationData, PublishedVerdict, SourceData

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
PERSON_KINDS = {"person", "official"}


def in_language(original: str, english: str) -> str:
    """A desk name in the active language: the English one on English pages, when there is one."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return english if english and language == "en" else original or english


def _party(source: SourceData) -> dict:
    party = {
        "@type": "Person" if source.kind in PERSON_KINDS else "Organization",
        "name": in_language(source.name, source.name_en),
    }
    if web_url(source.url):
        party["sameAs"] = web_url(source.url)
    return party


def _work(citation: CitationData) -> dict:
    work = {"@type": "CreativeWork", "url": web_url(citation.url)}
    if citation.title:
        work["headline"] = citation.title
    if citation.published_at:
        work["datePublished"] = citation.published_at.isoformat()
    work["author"] = _party(citation.source)
    return work


def appearances(published: PublishedVerdict) -> list[CitationData]:
    """Where the claim was made, earliest first (the first is its firstAppearance)."""
    found = [c for c in published.citations if c.stance == "appearance"]
    return sorted(found, key=lambda c: (c.published_at is None, c.published_at or 0))


def claim_date(published: PublishedVerdict) -> str:
    """The claim's first appearance as a schema.org Date, as precise as the page is: the local
    day the page names (a claim made at 23:00 in Almaty is dated that day there, not the next day
    in UTC), the month alone ("2022-01", ISO 8601) when only the month is known."""
    local = published.appeared_local
    if local is None:
        return ""
    precision = published.claim.appeared_precision
    if precision == Precision.MONTH:
        return f"{local.year:04d}-{local.month:02d}"
    if precision == Precision.NIGHT:
        local = night_of(local)[0]  # "the night of 5 to 6 January": the page names the 5th first
    return local.date().isoformat()


def claim_review(published: PublishedVerdict, *, url: str) -> dict:
    rating = published.rating
    review_rating = {"@type": "Rating", "alternateName": in_language(rating.label, rating.label_en)}
    if rating.value is not None:
        # Only ratings on the true/false axis have a number; "unproven" has a label alone.
        review_rating.update(
            ratingValue=rating.value, bestRating=rating.best, worstRating=rating.worst
        )

    claim_data = published.claim
    claim: dict = {"@type": "Claim"}
    if claim_data.claimant:
        claim["author"] = _party(claim_data.claimant)
    appeared = claim_date(published)
    if appeared:
        claim["datePublished"] = appeared
    # Google reads appearance as a link (ClaimReview.itemReviewed.appearance.url). Where the desk
    # does not know a passage's address the appearance is left out, never replaced by the
    # publisher's home page: the markup stays valid, and the page says the address is unknown.
    linked = [c for c in appearances(published) if web_url(c.url)]
    if linked:
        claim["firstAppearance"] = _work(linked[0])
        if linked[1:]:
            claim["appearance"] = [_work(c) for c in linked[1:]]

    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        # The language of the version this review is of (issue 11): one ClaimReview per version.
        "inLanguage": published.verdict.language,
        "claimReviewed": claim_data.short,
        "datePublished": published.verdict.first_published_at.isoformat(),
        # The organisation's url is its "who we are" page (IFCN: the reader can see who checks),
        # in the language the review is given in.
        "author": {
            "@type": "Organization",
            "name": site_name(),
            "url": absolute(reverse("site:about")),
        },
        "reviewRating": review_rating,
        "itemReviewed": claim,
    }


def data_feed_item(published: PublishedVerdict, *, url_of) -> dict:
    """The verdict's element of a schema.org DataFeed (the partner API's ClaimReview feed): one
    ClaimReview per language version (its own first), each presented in that language, with the
    address `url_of(language)` of its page; the feed gives `@context` once, for all elements."""
    reviews = []
    for language in published.languages:
        with translation.override(verdict_language(language)):
            review = claim_review(published.in_language(language), url=url_of(language))
        review.pop("@context", None)
        reviews.append(review)
    return {
        "@type": "DataFeedItem",
        "dateCreated": published.verdict.first_published_at.isoformat(),
        "dateModified": published.verdict.published_at.isoformat(),
        "item": reviews,
    }


def embed(data: dict) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped
