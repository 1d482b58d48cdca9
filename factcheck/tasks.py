"""Background work of the desk itself, run by django-tasks (see factcheck.partners.tasks).

Mail is sent here rather than in the request that made the change: a mail server that is down must
not turn a committed transition into an error page, nor stop the other work queued after the
commit (the partners' webhooks). Each notice is its own task and is retried on its own.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from factcheck import notifications, retries

logger = logging.getLogger(__name__)


def mail_backoff(attempt: int) -> timedelta:
    return retries.doubling(settings.FACTCHECK_MAIL_BACKOFF_SECONDS, attempt)


def retry_mail(what: str, attempt: int, requeue: Callable[[datetime], bool]) -> None:
    """After the `attempt`-th failed try at mailing `what` ("the reply to submission 7"): queue
    the next try through `requeue(at)` (False when the backend cannot defer), or give up after
    FACTCHECK_MAIL_MAX_ATTEMPTS; logged either way. Called in the `except` clause, which re-raises
    so that the task backend records the failure."""
    if attempt >= settings.FACTCHECK_MAIL_MAX_ATTEMPTS:
        logger.exception("Gave up mailing %s", what)
        return
    at = timezone.now() + mail_backoff(attempt)
    queued = requeue(at)
    logger.warning(
        "Mailing %s failed (try %d)%s",
        what,
        attempt,
        f"; next try at {at.isoformat()}" if queued else "; the task backend cannot retry it",
        exc_info=True,
    )


def enqueue_notification(
    kind: str, verdict_id: int, actor_id: int, comment: str = "", *, attempt: int = 1, at=None
) -> bool:
    """Queue one notice; False when it cannot be deferred (the immediate backend) and is dropped."""
    return retries.enqueue(send_notification, kind, verdict_id, actor_id, comment, attempt, at=at)


@task()
def send_notification(
    kind: str, verdict_id: int, actor_id: int, comment: str = "", attempt: int = 1
) -> int:
    """Send one notice; if mail fails, try again later, up to FACTCHECK_MAIL_MAX_ATTEMPTS times."""
    try:
        return notifications.send(kind, verdict_id, actor_id, comment)
    except Exception:
        retry_mail(
            f"the {kind} notice of verdict {verdict_id}",
            attempt,
            lambda at: enqueue_notification(
                kind, verdict_id, actor_id, comment, attempt=attempt + 1, at=at
            ),
        )
        raise


def enqueue_desk_mail(notification_id: int, *, attempt: int = 1, at=None) -> bool:
    """Queue the mail of one in-desk notice; False when it cannot be deferred (see above)."""
    return retries.enqueue(send_desk_mail, notification_id, attempt, at=at)


@task()
def send_desk_mail(notification_id: int, attempt: int = 1) -> int:
    """Mail one in-desk notice (an assignment, a mention); retried like the workflow's notices."""
    try:
        return notifications.send_desk_notice(notification_id)
    except Exception:
        retry_mail(
            f"desk notification {notification_id}",
            attempt,
            lambda at: enqueue_desk_mail(notification_id, attempt=attempt + 1, at=at),
        )
        raise
