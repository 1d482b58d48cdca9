"""Media evidence: the one way a Media row is stored (an upload, or a fetch from a URL by the
background task), its thumbnail, and "seen before": the same file or picture cited elsewhere."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from sources.archiving.fetch import fetch
from sources.media import hashes
from sources.media.inspect import Inspected, Refused, inspect, thumbnail
from sources.models import Citation, Media

logger = logging.getLogger(__name__)

EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
}


def read_upload(upload) -> bytes:
    """An uploaded file's bytes, refused unread when it is over FACTCHECK_MEDIA_MAX_BYTES."""
    limit = settings.FACTCHECK_MEDIA_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise Refused(_("The file is larger than %(limit)s bytes.") % {"limit": limit})
    upload.seek(0)
    return upload.read(limit + 1)


def fill(media: Media, found: Inspected, data: bytes) -> None:
    """Set what the content says on `media` and store the file under a name of our making (the
    sender's name is not used: it could say .html)."""
    media.kind, media.content_type = found.kind, found.content_type
    media.size, media.sha256 = found.size, found.sha256
    media.width, media.height, media.duration = found.width, found.height, found.duration
    media.camera, media.metadata = found.camera, found.metadata
    if media.captured_at is None:  # what the desk typed wins over the metadata
        media.captured_at = found.captured_at
    media.phash = found.phash
    values = hashes.bands(found.phash) if found.phash else [None] * hashes.BANDS
    media.phash_0, media.phash_1, media.phash_2, media.phash_3 = values
    name = f"{found.sha256[:16]}-{uuid.uuid4().hex[:8]}.{EXTENSIONS[found.content_type]}"
    media.file.save(name, ContentFile(data), save=False)
    media.state, media.reason = Media.State.READY, ""


def add_upload(*, citation: Citation, data: bytes, provenance: str = "", by=None) -> Media:
    """Store uploaded media on the citation; raises Refused (nothing stored) when not accepted."""
    found = inspect(data)
    media = Media(citation=citation, origin=Media.Origin.UPLOAD, provenance=provenance, added_by=by)
    fill(media, found, data)
    media.full_clean()
    media.save()
    queue_thumbnail(media)
    return media


def request_fetch(*, citation: Citation, url: str, provenance: str = "", by=None) -> Media:
    """ "Fetch media from URL" on the desk: a pending row, fetched by a background task after
    the commit (sources.media.tasks.fetch_media)."""
    media = Media(
        citation=citation,
        origin=Media.Origin.URL,
        source_url=url,
        provenance=provenance,
        added_by=by,
    )
    media.full_clean()
    media.save()
    from sources.media.tasks import enqueue_fetch  # tasks import this module

    media_id = media.pk
    transaction.on_commit(lambda: enqueue_fetch(media_id), robust=True)
    return media


def fetch_into(media: Media) -> str:
    """Fetch a pending row's URL through the guarded fetcher (sources.archiving.fetch) and store
    what came back, if accepted; the fetch's outcome ("ok", "timeout", …) or "refused"."""
    fetched = fetch(media.source_url, max_bytes=settings.FACTCHECK_MEDIA_MAX_BYTES)
    if not fetched.ok:
        media.state, media.reason = Media.State.FAILED, fetched.reason[:2000]
        media.save(update_fields=["state", "reason"])
        return fetched.outcome
    try:
        found = inspect(fetched.body)
    except Refused as refused:
        media.state, media.reason = Media.State.FAILED, str(refused)
        media.save(update_fields=["state", "reason"])
        return "refused"
    fill(media, found, fetched.body)
    media.metadata = {**media.metadata, "served_as": fetched.content_type[:100]}
    if fetched.final_url != media.source_url:
        media.metadata["final_url"] = fetched.final_url[:1000]
    media.save()
    queue_thumbnail(media)
    return fetched.outcome


def queue_thumbnail(media: Media) -> None:
    if media.kind != Media.Kind.IMAGE:
        return  # no video decoder: videos have no thumbnail (sources.media.inspect)
    from sources.media.tasks import make_thumbnail

    media_id = media.pk
    transaction.on_commit(lambda: make_thumbnail.enqueue(media_id), robust=True)


def store_thumbnail(media: Media) -> bool:
    if not media.ready or media.kind != Media.Kind.IMAGE:
        return False
    with media.file.open("rb") as stream:
        data = stream.read()
    media.thumbnail.save(
        f"{media.sha256[:16]}-{uuid.uuid4().hex[:8]}.jpg", ContentFile(thumbnail(data)), save=False
    )
    media.save(update_fields=["thumbnail"])
    return True


# --- seen before ----------------------------------------------------------------------------


@dataclass
class Sighting:
    """An earlier media item that is the same file, or the same picture within the distance."""

    media: Media
    distance: int | None  # None: the same file (its digest), for videos
    verdicts: list = field(default_factory=list)  # published verdicts citing it: debunked


def seen_before(media: Media) -> list[Sighting]:
    """Media on other citations that are this file or this picture, nearest first, each with the
    published verdicts whose evidence holds it. Two queries (plus the verdicts' when there are
    sightings): the digest's index, and the perceptual hash's bands (sources.media.hashes)."""
    if not media.ready:
        return []
    others = Media.objects.filter(state=Media.State.READY).exclude(citation_id=media.citation_id)
    found: dict[int, Sighting] = {
        m.pk: Sighting(m, None)
        for m in others.filter(sha256=media.sha256).select_related("citation").order_by("pk")[:50]
    }
    if media.phash:
        limit = settings.FACTCHECK_MEDIA_HASH_DISTANCE
        for other in hashes.candidates(others.select_related("citation"), media.phash):
            apart = hashes.distance(media.phash, other.phash)
            if apart <= limit and other.pk not in found:
                found[other.pk] = Sighting(other, apart)
            elif other.pk in found:
                found[other.pk].distance = apart
    sightings = sorted(found.values(), key=lambda s: (s.distance or 0, s.media.pk))
    if sightings:
        _add_verdicts(sightings)
    return sightings


def _add_verdicts(sightings: list[Sighting]) -> None:
    from factcheck.published import public

    by_citation: dict[int, list[Sighting]] = {}
    for sighting in sightings:
        by_citation.setdefault(sighting.media.citation_id, []).append(sighting)
    rows = (
        public.verdicts()
        .filter(claim__claim_citations__citation_id__in=list(by_citation))
        .values_list("pk", "headline", "claim__claim_citations__citation_id")
        .order_by("pk")
    )
    for pk, headline, citation_id in rows:
        for sighting in by_citation.get(citation_id, ()):
            sighting.verdicts.append((pk, headline))
