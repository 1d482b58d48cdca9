"""Capturing a citation's page: the one way a Capture is made (tasks, the desk's "Capture now"
button and the link checker all call `capture`), and queueing it after a citation is saved."""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from sources.archiving import text as words
from sources.archiving import warc
from sources.archiving.fetch import Fetched, fetch
from sources.models import Capture, Citation

logger = logging.getLogger(__name__)


def latest_good(citation_id: int) -> Capture | None:
    """The citation's newest good capture (capture_citation_latest_idx)."""
    return (
        Capture.objects.filter(citation_id=citation_id, outcome=Capture.Outcome.OK)
        .order_by("-fetched_at", "-pk")
        .first()
    )


def archived_citation_ids(ids) -> set[int]:
    """Which of these citations have a good capture: one query (capture_citation_latest_idx). An
    empty `ids` still runs it, so a page's query count never depends on its data."""
    ids = sorted({int(i) for i in ids}) or [0]
    return set(
        Capture.objects.filter(citation_id__in=ids, outcome=Capture.Outcome.OK)
        .order_by()
        .values_list("citation_id", flat=True)
        .distinct()
    )


def capture(*, citation: Citation) -> Capture:
    """Fetch the citation's URL now and record the outcome; when the page came back, store it as a
    WARC file in the default storage with its digest and text. Never raises for what the page or
    the network did: a failed capture is a row saying why."""
    return store(citation=citation, fetched=fetch(citation.url))


def store(*, citation: Citation, fetched: Fetched) -> Capture:
    """Record a fetch of the citation's page: its outcome and, when it worked, its WARC file."""
    url = fetched.requested_url
    record = Capture(
        citation=citation,
        requested_url=url[:1000],
        final_url=fetched.final_url[:1000],
        outcome=fetched.outcome,
        reason=fetched.reason[:2000],
        status=fetched.status,
        content_type=fetched.content_type[:200],
    )
    if fetched.ok:
        record.size = len(fetched.body)
        record.sha256 = hashlib.sha256(fetched.body).hexdigest()
        record.text = words.extract(fetched.body, fetched.content_type)
        previous = latest_good(citation.pk)
        record.changed = previous is not None and previous.sha256 != record.sha256
        name = f"{record.sha256[:16]}-{uuid.uuid4().hex[:8]}.warc.gz"
        record.warc.save(name, ContentFile(warc.write(fetched)), save=False)
    record.save()
    logger.info("Captured %s for citation %s: %s", url, citation.pk, record.outcome)
    return record


def read_stored(record: Capture) -> warc.Stored | None:
    """The page a good capture stored, read back from its WARC file."""
    if not record.warc:
        return None
    with record.warc.open("rb") as stream:
        return warc.read(stream)


def quote_found(record: Capture) -> bool | None:
    """Whether the citation's exact passage is in the captured text (None: nothing captured)."""
    if not record.ok:
        return None
    return words.quote_found(record.citation.quote, record.text)


def queue_capture(citation: Citation) -> None:
    """Capture the citation's page in the background once the saving transaction commits."""
    if not citation.url:
        return
    from sources.archiving.tasks import enqueue_capture  # tasks import this module

    citation_id = citation.pk
    # robust: a task queue that is down must not turn the saved citation into an error page.
    transaction.on_commit(lambda: enqueue_capture(citation_id), robust=True)
    from sources.archiving import public_archive

    if public_archive.enabled():  # optional, off by default
        from sources.archiving.tasks import submit_to_public_archive

        transaction.on_commit(lambda: submit_to_public_archive.enqueue(citation_id), robust=True)


def request_capture(citation: Citation) -> None:
    """ "Capture now" on the desk: queue a capture of the citation's page at once."""
    from sources.archiving.tasks import enqueue_capture  # tasks import this module

    enqueue_capture(citation.pk)


# --- the link checker --------------------------------------------------------------------------


def due_for_check(*, older_than: timedelta, limit: int) -> list[int]:
    """Ids of citations with a URL whose newest capture is older than `older_than` (or that have
    none), the longest unchecked first: what the link checker fetches again."""
    cutoff = timezone.now() - older_than
    return list(
        Citation.objects.exclude(url="")
        .alias(last=Max("captures__fetched_at"))
        .filter(Q(last__isnull=True) | Q(last__lt=cutoff))
        .order_by("last", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def flagged(record: Capture) -> bool:
    """What the link checker flags on the desk: a page that now fails, or whose content changed."""
    return record.changed or not record.ok
