"""Background work on media evidence, run by django-tasks (see factcheck.tasks): fetching media
found at a URL (retried on network failures like page captures, sources.archiving.tasks) and
making thumbnails."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from factcheck import retries
from sources.archiving.fetch import Outcome
from sources.archiving.tasks import backoff

logger = logging.getLogger(__name__)


def enqueue_fetch(media_id: int, *, attempt: int = 1, at=None) -> bool:
    return retries.enqueue(fetch_media, media_id, attempt, at=at)


@task()
def fetch_media(media_id: int, attempt: int = 1) -> str:
    """Fetch one pending media item's URL; the outcome ("ok", "refused", "timeout", …) or "gone"."""
    from sources.media import services
    from sources.models import Media

    media = Media.objects.filter(pk=media_id, state=Media.State.PENDING).first()
    if media is None:
        return "gone"
    outcome = services.fetch_into(media)
    if outcome in Outcome.RETRYABLE and attempt < settings.FACTCHECK_ARCHIVE_MAX_ATTEMPTS:
        media.state = Media.State.PENDING
        media.save(update_fields=["state"])
        at = timezone.now() + backoff(attempt)
        if not enqueue_fetch(media_id, attempt=attempt + 1, at=at):
            media.state = Media.State.FAILED
            media.save(update_fields=["state"])
        logger.warning("Fetching media %s failed (try %d): %s", media_id, attempt, media.reason)
    return outcome


@task()
def make_thumbnail(media_id: int) -> bool:
    """Make a stored image's thumbnail: a JPEG re-encoded from its pixels."""
    from sources.media import services
    from sources.models import Media

    media = Media.objects.filter(pk=media_id).first()
    return media is not None and services.store_thumbnail(media)
