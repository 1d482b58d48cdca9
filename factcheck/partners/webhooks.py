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
import json
import logging
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from factcheck.partners.models import Webhook, WebhookDelivery
from factcheck.published.items import released_verdicts, verdict_item
from factcheck.signals import verdict_released

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Factcheck-Signature"
MAX_BACKOFF = timedelta(hours=6)
Status = WebhookDelivery.Status


def sign(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: base, 2×base, 4×base, …"""
    seconds = settings.FACTCHECK_WEBHOOK_BACKOFF_SECONDS * 2 ** (attempts - 1)
    return min(timedelta(seconds=seconds), MAX_BACKOFF)


@receiver(verdict_released, dispatch_uid="factcheck.partners.webhooks")
def on_verdict_released(sender, verdict, event, **kwargs):
    # Publishing has committed by now; a failure here must not turn it into an error page.
    try:
        for delivery in queue_deliveries(verdict_id=verdict.pk, event=event):
            enqueue(delivery)
    except Exception:
        logger.exception("Could not queue webhooks for verdict %s (%s)", verdict.pk, event)


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

    task = deliver_webhook
    if at is not None and task.get_backend().supports_defer:
        task = task.using(run_after=at)
    elif at is not None:
        # A backend that cannot defer (the immediate one, in development): the delivery stays
        # "retrying" in the log, and the admin's "Retry now" sends it again.
        return
    task.enqueue(delivery.pk)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer other than 2xx: logged, retried


def _post(url: str, body: bytes, headers: dict) -> tuple[int | None, str]:
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with opener.open(request, timeout=settings.FACTCHECK_WEBHOOK_TIMEOUT) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code} {exc.reason}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(getattr(exc, "reason", exc))


def attempt(delivery_id: int) -> WebhookDelivery:
    """Make one attempt at a delivery and log its outcome; returns the delivery."""
    delivery = WebhookDelivery.objects.select_related("webhook__partner").get(pk=delivery_id)
    if delivery.status in (Status.DELIVERED, Status.FAILED):
        return delivery  # a duplicate task: nothing left to do
    hook = delivery.webhook
    now = timezone.now()
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
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.response_status = status
    delivery.last_error = error[:2000]
    if status is not None and 200 <= status < 300:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            Status.DELIVERED,
            now,
            None,
        )
    elif deactivated or delivery.attempts >= settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = Status.FAILED, None
    else:
        delivery.status = Status.RETRYING
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "response_status",
            "last_error",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery
