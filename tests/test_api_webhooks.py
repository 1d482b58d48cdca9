"""Webhooks end to end: a real HTTP server on 127.0.0.1 receives them, the documented recipe checks
their signatures, the database task backend and `db_worker` retry them with backoff."""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from factcheck.partners import services, webhooks
from factcheck.partners.models import Webhook, WebhookDelivery
from tests.factories import sample

GUIDE = Path(__file__).resolve().parent.parent / "factcheck" / "api" / "guide.md"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DELIVER = "factcheck.partners.tasks.deliver_webhook"


@pytest.fixture(autouse=True)
def _local_receivers(settings):
    # The receivers below listen on 127.0.0.1, which webhooks may reach only when allow-listed.
    settings.FACTCHECK_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]


def documented_verify():
    """The partner's signature check, exactly as the documentation at /api/v1/docs/ gives it."""
    code = re.search(r"```python\n(.*?)```", GUIDE.read_text(), re.S).group(1)
    namespace = {}
    exec(code, namespace)  # noqa: S102 - our own documentation, run as a partner would
    return namespace["verify"]


class Receiver:
    """A partner's endpoint: records every POST and answers with the next planned status."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = (
                    receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/factcheck"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_publication_is_posted_signed_and_checks_with_the_documented_recipe(
    partner, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    verify = documented_verify()
    with Receiver() as receiver:
        hook = Webhook.objects.create(partner=partner, url=receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            verdict = sample.publish(sample.claim(1))
        assert len(receiver.requests) == 1
        headers, body = receiver.requests[0]
    payload = json.loads(body)
    assert payload["event"] == "verdict.published"
    assert payload["verdict"]["id"] == verdict.pk and payload["verdict"]["revision"] == 1
    assert headers["X-Factcheck-Event"] == "verdict.published"
    assert headers["X-Factcheck-Delivery"] == payload["id"]
    signature = headers["X-Factcheck-Signature"]
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", signature)
    assert verify(hook.secret, signature, body)
    assert not verify(hook.secret, signature, body.replace(b"published", b"retracted", 1))
    assert not verify("whsec_someone-else", signature, body)
    old = webhooks.signature_header(hook.secret, body, timestamp=int(time.time()) - 3600)
    assert not verify(hook.secret, old, body)  # a replay
    assert not verify(hook.secret, "garbage", body)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered" and delivery.attempts == 1
    assert delivery.response_status == 200 and delivery.payload.encode() == body


def test_correction_and_retraction_events_and_subscriptions(
    partner, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    with Receiver() as all_events, Receiver() as retractions_only:
        Webhook.objects.create(partner=partner, url=all_events.url)
        Webhook.objects.create(partner=partner, url=retractions_only.url, events=["retracted"])
        Webhook.objects.create(partner=partner, url=all_events.url + "/off", is_active=False)
        with django_capture_on_commit_callbacks(execute=True):
            verdict = sample.publish(sample.claim(1))
        with django_capture_on_commit_callbacks(execute=True):
            sample.republish(verdict, note_kind="correction", headline="Corrected headline")
        with django_capture_on_commit_callbacks(execute=True):
            sample.republish(verdict, note_kind="clarification", headline="Clarified headline")
        with django_capture_on_commit_callbacks(execute=True):
            sample.retract(verdict, reason="Misattributed.")
        seen = [json.loads(body) for _headers, body in all_events.requests]
        only = [json.loads(body) for _headers, body in retractions_only.requests]
    assert [p["event"] for p in seen] == [
        "verdict.published",
        "verdict.corrected",
        "verdict.clarified",
        "verdict.retracted",
    ]
    assert [p["verdict"]["revision"] for p in seen] == [1, 2, 3, 3]
    assert seen[1]["verdict"]["headline"] == "Corrected headline"
    tombstone = only[0]["verdict"]
    assert [p["event"] for p in only] == ["verdict.retracted"]
    assert (
        tombstone["status"] == "retracted" and tombstone["retraction"]["reason"] == "Misattributed."
    )
    assert tombstone["claim"] is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_failed_deliveries_are_retried_with_backoff_by_the_db_worker(settings):
    settings.TASKS = DATABASE
    settings.FACTCHECK_WEBHOOK_BACKOFF_SECONDS = 1
    verify = documented_verify()
    partner = services.partner_create(name="Orda.kz")
    with Receiver(statuses=[500, 503, 200]) as receiver:
        hook = Webhook.objects.create(partner=partner, url=receiver.url)
        verdict = sample.publish(sample.claim(1))  # on_commit runs: no test transaction here
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == "pending" and receiver.requests == []
        # waiting for the worker, not sent in the request (beside it: the notification mail)
        assert DBTaskResult.objects.filter(task_path=DELIVER).count() == 1

        run_worker()
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.response_status) == (
            "retrying",
            1,
            500,
        )
        wait = delivery.next_attempt_at - delivery.last_attempt_at
        assert 0.9 <= wait.total_seconds() <= 1.1  # the first backoff
        deferred = DBTaskResult.objects.get(status="READY")
        assert abs((deferred.run_after - delivery.next_attempt_at).total_seconds()) < 0.01
        run_worker()  # not due yet: nothing happens
        assert len(receiver.requests) == 1

        time.sleep(1.1)
        run_worker()
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.response_status) == (
            "retrying",
            2,
            503,
        )
        wait = delivery.next_attempt_at - delivery.last_attempt_at
        assert 1.9 <= wait.total_seconds() <= 2.1  # doubled

        time.sleep(2.1)
        run_worker()
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.response_status) == (
            "delivered",
            3,
            200,
        )
        assert delivery.delivered_at is not None and delivery.next_attempt_at is None

    bodies = {body for _headers, body in receiver.requests}
    ids = {headers["X-Factcheck-Delivery"] for headers, _body in receiver.requests}
    assert len(receiver.requests) == 3 and len(bodies) == 1 and ids == {str(delivery.uuid)}
    for headers, body in receiver.requests:
        assert verify(hook.secret, headers["X-Factcheck-Signature"], body)
    assert json.loads(bodies.pop())["verdict"]["id"] == verdict.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_delivery_gives_up_after_the_last_attempt(settings):
    settings.TASKS = DATABASE
    settings.FACTCHECK_WEBHOOK_BACKOFF_SECONDS = 1
    settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS = 2
    partner = services.partner_create(name="Orda.kz")
    with Receiver(statuses=[500]) as receiver:
        Webhook.objects.create(partner=partner, url=receiver.url)
        sample.publish(sample.claim(1))
        run_worker()
        time.sleep(1.1)
        run_worker()
        delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    assert delivery.next_attempt_at is None and "500" in delivery.last_error
    assert len(receiver.requests) == 2
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_unreachable_endpoint_is_logged(partner, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    with Receiver() as receiver:
        url = receiver.url
    Webhook.objects.create(partner=partner, url=url)  # the server is gone: connection refused
    with django_capture_on_commit_callbacks(execute=True):
        sample.publish(sample.claim(1))
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "retrying" and delivery.response_status is None
    assert "refused" in delivery.last_error.lower()


def test_delivery_log_in_the_admin(
    client, administrator, partner, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    administrator.is_superuser = True
    administrator.save()
    with Receiver(statuses=[500, 200]) as receiver:
        hook = Webhook.objects.create(partner=partner, url=receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            sample.publish(sample.claim(1))
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == "retrying"
        client.force_login(administrator)
        log = client.get("/admin/partners/webhookdelivery/").content.decode()
        assert "retrying" in log.lower() or "will retry" in log.lower()
        detail = client.get(f"/admin/partners/webhookdelivery/{delivery.pk}/change/")
        assert detail.status_code == 200 and b"verdict.published" in detail.content
        assert b'name="_save"' not in detail.content  # read-only
        client.post(
            "/admin/partners/webhookdelivery/",
            {"action": "retry_now", "_selected_action": [delivery.pk]},
            follow=True,
        )
        delivery.refresh_from_db()
        assert delivery.status == "delivered" and delivery.attempts == 2
        page = client.get(f"/admin/partners/webhook/{hook.pk}/change/").content.decode()
        assert hook.secret not in page  # shown once, at creation (tests/test_webhook_hardening.py)
