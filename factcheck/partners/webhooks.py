"""Webhooks: a signed POST to each subscribed partner when a verdict is released.

factcheck.services sends `verdict_released` after the transaction commits. The receiver here
writes one WebhookDelivery per subscribed webhook (the delivery log, holding the exact body) and
enqueues a django-tasks task per delivery; the task makes one attempt and, on failure, enqueues
itself again for later with exponential backoff (factcheck.partners.tasks). With the database backend
the work runs in `manage.py db_worker`, next to the web server, with no other service.

The body is the same item GET /api/v1/verdicts/{id}/ returns, read through released() like
every other answer of the API. Signatures follow the scheme GitHub and Stripe use: HMAC-SHA256
over "<unix time>.<body>", sent as `X-Factcheck-Signature: t=<time>,v1=<hex>`; the partner's
recipe to check it is in guide.md, and the tests run that very recipe.
"""

import hashlib
import hmac
import http.client
import json
import logging
import threading
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.dispatch import receiver
from django.utils import timezone

from factcheck import netguard, retries
from factcheck.partners import addresses
from factcheck.partners.models import Webhook, WebhookDelivery
from factcheck.published.items import released_verdicts, verdict_item
from factcheck.signals import verdict_released

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Factcheck-Signature"
Status = WebhookDelivery.Status


def sign(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def backoff(attempts: int) -> timedelta:
    return retries.doubling(settings.FACTCHECK_WEBHOOK_BACKOFF_SECONDS, attempts)


@receiver(verdict_released, dispatch_uid="factcheck.partners.webhooks")
def on_verdict_released(sender, verdict, event, **kwargs):
    # Publishing has committed by now; a failure here must not turn it into an error page.
    # The deliveries are written here, right after the commit, so each carries the revision just
    # released; sending is left to one task per delivery, so a slow partner delays no one else.
    try:
        deliveries = queue_deliveries(verdict_id=verdict.pk, event=event)
    except Exception:
        logger.exception("Could not queue webhooks for verdict %s (%s)", verdict.pk, event)
        return
    for delivery in deliveries:
        try:
            enqueue(delivery)
        except Exception:  # logged and owed: the admin's "Retry now" queues it again
            logger.exception("Could not queue webhook delivery %s", delivery.pk)


def queue_deliveries(*, verdict_id: int, event: str) -> list[WebhookDelivery]:
    """Log one delivery per active webhook that wants this event."""
    hooks = [
        hook
        for hook in Webhook.objects.filter(is_active=True, partner__is_active=True)
        if hook.wants(event)
    ]
    if not hooks:
        return []
    verdict = released_verdicts().filter(pk=verdict_id).first()
    if verdict is None:
        return []
    item = verdict_item(verdict)
    now = timezone.now()
    deliveries = []
    with transaction.atomic():
        for hook in hooks:
            delivery = WebhookDelivery(
                webhook=hook, event=event, verdict_id=verdict_id, revision=item["revision"]
            )
            delivery.payload = json.dumps(
                {
                    "id": str(delivery.uuid),
                    "event": f"verdict.{event}",
                    "created_at": now.isoformat(),
                    "verdict": item,
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            delivery.next_attempt_at = now
            delivery.save()
            deliveries.append(delivery)
    return deliveries


def enqueue(delivery: WebhookDelivery, *, at=None) -> None:
    from factcheck.partners.tasks import deliver_webhook

    # False from a backend that cannot defer (the immediate one, in development): the delivery
    # stays "retrying" in the log, and the admin's "Retry now" sends it again.
    retries.enqueue(deliver_webhook, delivery.pk, at=at)


def _post(url: str, body: bytes, headers: dict) -> tuple[int | None, str]:
    """POST `body` to `url`; (HTTP status or None, error). Redirects are not followed (a 3xx is an
    answer other than 2xx: logged, retried).

    The whole attempt has FACTCHECK_WEBHOOK_TIMEOUT seconds: each socket operation times out
    after it, and a watchdog cuts the connection when it is over, so a partner that answers a
    byte at a time cannot hold the worker either. Deliveries are separate tasks, so a hanging
    endpoint costs the others at most this long.
    """
    timeout = settings.FACTCHECK_WEBHOOK_TIMEOUT
    try:
        scheme, host, port = addresses.split(url)
        infos = addresses.resolve(url)  # checked after DNS, every time
    except addresses.UnsafeURL as exc:
        return None, f"Refused: {exc}"
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    error = ""
    for family, _type, _proto, _name, sockaddr in infos:
        conn = netguard.pinned_connection(scheme, host, port, family, sockaddr, timeout)
        cut = threading.Event()
        watchdog = threading.Timer(timeout, netguard.cut, args=[conn, cut])
        watchdog.start()
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            status, reason = response.status, response.reason
            if cut.is_set():  # an answer cut short is no answer
                return None, f"timed out after {timeout} s"
        except (OSError, ValueError, http.client.HTTPException) as exc:
            error = "timed out" if isinstance(exc, TimeoutError) else str(exc) or repr(exc)
            if cut.is_set():
                error = f"timed out after {timeout} s"
            if isinstance(exc, ConnectionRefusedError):
                continue  # the next address of the name, as socket.create_connection does
            return None, error
        finally:
            watchdog.cancel()
            watchdog.join(5)
            conn.close()
        return status, "" if 200 <= status < 300 else f"HTTP {status} {reason}"
    return None, error


# --- claiming an attempt -----------------------------------------------------------------------
#
# Several tasks can want the same delivery at once: the worker's scheduled retry, a duplicate task,
# the admin's "Retry now". Each attempt is claimed first with one conditional UPDATE on the state
# the claimer read (status, attempts, next_attempt_at: compare-and-set, as healthchecks claims its
# alerts); the database lets exactly one of them change the row, and only that one sends. A claim
# holds the delivery in "sending" until a lease runs out, after which a crashed worker's delivery
# can be claimed again.

OWED = (Status.PENDING, Status.RETRYING)


def _lease() -> timedelta:
    return timedelta(seconds=2 * settings.FACTCHECK_WEBHOOK_TIMEOUT + 60)


def _claimable() -> Q:
    return Q(status__in=OWED) | Q(status=Status.SENDING)


def claim(delivery: WebhookDelivery, *, now=None) -> bool:
    """Claim the next attempt at `delivery` as it was read; True if this caller won it.

    On success the instance is updated to the claimed state (status "sending", one more attempt).
    """
    now = now or timezone.now()
    if delivery.status not in (*OWED, Status.SENDING) or delivery.next_attempt_at is None:
        return False
    if delivery.next_attempt_at > now:
        return False  # not due (a retry not yet due, or another worker's claim still running)
    won = WebhookDelivery.objects.filter(
        pk=delivery.pk,
        status=delivery.status,
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at,
    ).update(
        status=Status.SENDING,
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        next_attempt_at=now + _lease(),
    )
    if won != 1:
        return False
    delivery.status = Status.SENDING
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.next_attempt_at = now + _lease()
    return True


def retry_now(delivery: WebhookDelivery) -> bool:
    """Make a delivery not yet delivered due at once and queue it ("Retry now" in the admin).

    False if it was delivered meanwhile or an attempt is under way (its claim has not run out).
    """
    now = timezone.now()
    reset = (
        WebhookDelivery.objects.filter(pk=delivery.pk)
        .filter(
            Q(status__in=[*OWED, Status.FAILED])
            | Q(status=Status.SENDING, next_attempt_at__lte=now)
        )
        .update(status=Status.PENDING, next_attempt_at=now)
    )
    if reset:
        enqueue(delivery)
    return bool(reset)


def attempt(delivery_id: int) -> WebhookDelivery:
    """Claim and make one attempt at a delivery and log its outcome; returns the delivery.

    If another caller holds or has made the attempt, nothing is sent and the delivery is returned
    as read (its status is then not "sending" by this caller: see claimed()).
    """
    delivery = WebhookDelivery.objects.select_related("webhook__partner").get(pk=delivery_id)
    if not claim(delivery):
        delivery.claimed = False
        return delivery
    delivery.claimed = True
    hook = delivery.webhook
    deactivated = not (hook.is_active and hook.partner.is_active)
    if deactivated:
        status, error = None, "The webhook or its partner was deactivated: given up."
    else:
        body = delivery.payload.encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "factcheck-desk-webhooks/1",
            "X-Factcheck-Event": f"verdict.{delivery.event}",
            "X-Factcheck-Delivery": str(delivery.uuid),
            SIGNATURE_HEADER: signature_header(hook.secret, body),
        }
        status, error = _post(hook.url, body, headers)
    now = timezone.now()
    outcome = {
        "last_attempt_at": now,
        "response_status": status,
        "last_error": error[:2000],
        "delivered_at": None,
    }
    if status is not None and 200 <= status < 300:
        outcome.update(status=Status.DELIVERED, delivered_at=now, next_attempt_at=None)
    elif deactivated or delivery.attempts >= settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS:
        outcome.update(status=Status.FAILED, next_attempt_at=None)
    else:
        outcome.update(status=Status.RETRYING, next_attempt_at=now + backoff(delivery.attempts))
    # Only while the claim is still ours: if the lease ran out and someone else claimed the
    # delivery since, their attempt's outcome is the one to keep.
    WebhookDelivery.objects.filter(
        pk=delivery.pk, status=Status.SENDING, attempts=delivery.attempts
    ).update(**outcome)
    for name, value in outcome.items():
        setattr(delivery, name, value)
    return delivery
