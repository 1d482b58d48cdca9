"""Background captures of cited pages, run by django-tasks (see factcheck.tasks).

A capture that failed on the network (a timeout, a connection reset) is tried again later with
exponential backoff, up to FACTCHECK_ARCHIVE_MAX_ATTEMPTS; a page that answered (a 404, a page too
large, a refused address) is recorded as it is and not retried: the link checker looks again.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from factcheck import retries
from sources.archiving.fetch import Outcome

logger = logging.getLogger(__name__)


def backoff(attempt: int) -> timedelta:
    return retries.doubling(settings.FACTCHECK_ARCHIVE_BACKOFF_SECONDS, attempt)


def enqueue_capture(citation_id: int, *, attempt: int = 1, at=None) -> bool:
    """Queue a capture; False when it cannot be deferred (the immediate backend) and is dropped."""
    return retries.enqueue(capture_citation, citation_id, attempt, at=at)


@task()
def capture_citation(citation_id: int, attempt: int = 1) -> str:
    """Capture one citation's page; the outcome ("ok", "timeout", …), or "gone"."""
    from sources.archiving import services
    from sources.models import Citation

    citation = Citation.objects.filter(pk=citation_id).first()
    if citation is None or not citation.url:
        return "gone"
    record = services.capture(citation=citation)
    if record.outcome in Outcome.RETRYABLE:
        if attempt >= settings.FACTCHECK_ARCHIVE_MAX_ATTEMPTS:
            logger.warning("Gave up capturing citation %s: %s", citation_id, record.reason)
        else:
            at = timezone.now() + backoff(attempt)
            queued = enqueue_capture(citation_id, attempt=attempt + 1, at=at)
            logger.warning(
                "Capturing citation %s failed (try %d: %s)%s",
                citation_id,
                attempt,
                record.reason,
                f"; next try at {at.isoformat()}" if queued else "; the backend cannot retry",
            )
    return record.outcome


@task()
def check_links(older_than_days: int, limit: int) -> int:
    """The link checker's periodic run (`manage.py check_links --queue`, from cron or a
    scheduler): queue a capture of each cited page not checked for `older_than_days` days; each
    new capture is compared with the last good one (Capture.changed) or records the failure."""
    from sources.archiving import services

    due = services.due_for_check(older_than=timedelta(days=older_than_days), limit=limit)
    for citation_id in due:
        enqueue_capture(citation_id)
    return len(due)


@task()
def submit_to_public_archive(citation_id: int) -> str:
    """Ask the configured public web archive to save the citation's page (sources.archiving.
    public_archive); not retried: the service's own queue is its business."""
    from sources.archiving import public_archive
    from sources.models import Citation

    citation = Citation.objects.filter(pk=citation_id).first()
    return "gone" if citation is None else public_archive.submit(citation=citation)
