"""schema.org MediaReview for the images and video a published verdict rules on, beside its
ClaimReview (factcheck.published.claimreview): one MediaReview per media item the desk assessed
(factcheck.models.MediaAssessment), read from the published snapshot like everything public.

MediaReview (schema.org, "new" area; the fields Google's Fact Check Markup Tool asks for):
url, datePublished and author as the ClaimReview's; mediaAuthenticityCategory, a member of
MediaManipulationRatingEnumeration (OriginalMediaContent, DecontextualizedContent,
EditedOrCroppedContent, TransformedContent, StagedContent, SatireOrParodyContent);
originalMediaContextDescription for media shown out of context; and itemReviewed: a
MediaReviewItem whose creator is the citation's publisher and whose mediaItemAppearance is an
ImageObject or VideoObject: contentUrl (the desk's copy, public while the verdict cites it:
sources.media.views), sha256, encodingFormat, uploadDate (when the cited piece carrying it was
published), dateCreated (when it was taken, as far as known), width and height in pixels,
duration (ISO 8601) for video, and url (where it was found).
"""

from __future__ import annotations

from django.urls import reverse

from factcheck.published.claimreview import _party
from factcheck.published.links import absolute, site_name, web_url
from factcheck.published.schema import MediaData, PublishedVerdict

OBJECT_TYPES = {"image": "ImageObject", "video": "VideoObject"}


def _pixels(value: int) -> dict:
    # UN/CEFACT common code E37: pixel.
    return {"@type": "QuantitativeValue", "value": value, "unitCode": "E37"}


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration, e.g. PT1M5.5S."""
    minutes, rest = divmod(round(seconds, 3), 60)
    hours, minutes = divmod(int(minutes), 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + f"{rest:g}S" if rest or text == "PT" else text


def appearance(media: MediaData, published: PublishedVerdict) -> dict:
    item = {
        "@type": OBJECT_TYPES.get(media.kind, "MediaObject"),
        "contentUrl": absolute(reverse("media_file", args=[media.id])),
        "sha256": media.sha256,
        "encodingFormat": media.content_type,
    }
    citation = next((c for c in published.citations if c.id == media.citation_id), None)
    if citation is not None and citation.published_at:
        item["uploadDate"] = citation.published_at.isoformat()
    if media.captured_at:
        item["dateCreated"] = media.captured_at.isoformat()
    if media.width and media.height:
        item["width"], item["height"] = _pixels(media.width), _pixels(media.height)
    if media.kind == "video" and media.duration is not None:
        item["duration"] = iso_duration(media.duration)
    found_at = web_url(media.source_url) or (web_url(citation.url) if citation else "")
    if found_at:
        item["url"] = found_at
    return item


def media_review(media: MediaData, published: PublishedVerdict, *, url: str) -> dict:
    reviewed: dict = {
        "@type": "MediaReviewItem",
        "mediaItemAppearance": [appearance(media, published)],
    }
    citation = next((c for c in published.citations if c.id == media.citation_id), None)
    if citation is not None:
        reviewed["creator"] = _party(citation.source)
    review = {
        "@context": "https://schema.org",
        "@type": "MediaReview",
        "url": url,
        "datePublished": published.verdict.first_published_at.isoformat(),
        "author": {"@type": "Organization", "name": site_name(), "url": absolute("/")},
        "mediaAuthenticityCategory": media.category,
        "itemReviewed": reviewed,
    }
    if media.original_context:
        review["originalMediaContextDescription"] = media.original_context
    return review


def media_reviews(published: PublishedVerdict, *, url: str) -> list[dict]:
    return [media_review(m, published, url=url) for m in published.media]
