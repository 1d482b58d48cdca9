"""Background work that is tried again later: the one rule for waiting and for queuing a retry.

Mail (factcheck.tasks), CDN purges (factcheck.cdn, at most 1 h), webhook deliveries (factcheck.partners.webhooks) and page captures
(sources.archiving.tasks) each retry with a base delay of their own, doubling, at most 6 h.
"""

from datetime import timedelta

MAX_BACKOFF = timedelta(hours=6)


def doubling(base_seconds: float, attempt: int, cap: timedelta = MAX_BACKOFF) -> timedelta:
    """How long to wait after the `attempt`-th failed try: base, 2×base, 4×base, … (at most `cap`)."""
    return min(timedelta(seconds=base_seconds * 2 ** (attempt - 1)), cap)


def enqueue(job, *args, at=None) -> bool:
    """Queue the django-tasks `job` with `args`, at `at` if given; False when the backend cannot
    defer (the immediate one, in development) and a retry is therefore not queued."""
    if at is not None:
        if not job.get_backend().supports_defer:
            return False
        job = job.using(run_after=at)
    job.enqueue(*args)
    return True
