"""Side effects after a commit, webhook claims and timeouts, webhook addresses and secrets (issue 9,
points 2, 4 and 10).

Local HTTP servers stand in for partners; the threads they and the tests start are joined with
timeouts, and the tests assert on what was received and logged, not on how long it took (except
generous upper bounds).
"""

import os
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from factcheck import services as desk
from factcheck.models import AuditEntry, Rating, Verdict
from factcheck.partners import addresses, services, webhooks
from factcheck.partners.models import ApiKey, Webhook, WebhookDelivery
from factcheck.signals import verdict_released
from tests.factories import sample
from tests.test_api_webhooks import DATABASE, DELIVER, IMMEDIATE, Receiver, run_worker
from tests.test_workflow import draft

NOTIFY = "factcheck.tasks.send_notification"
Status = WebhookDelivery.Status


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down: every send fails as SMTP does with nothing listening."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


REFUSING = "tests.test_webhook_hardening.RefusingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _local_receivers(settings):
    settings.FACTCHECK_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]


@pytest.fixture
def rating(db):
    return Rating.objects.get(slug="mostly-true")


class Hanging:
    """A partner endpoint that accepts the connection and then never answers (until released), or,
    with trickle=True, answers one byte at a time, each well within the socket timeout."""

    def __init__(self, *, trickle=False):
        self.release = threading.Event()
        self.received = threading.Event()
        hanging = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                hanging.received.set()
                if trickle:
                    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200:
                        if hanging.release.wait(0.2):
                            return
                        try:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                        except OSError:
                            return  # the desk cut the connection
                else:
                    hanging.release.wait(30)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def fake_dns(monkeypatch, names: dict[str, list[str]]):
    """Make the given host names resolve to the given addresses; others resolve as usual."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            return [
                (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (ip, port))
                for ip in names[host]
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(addresses.socket, "getaddrinfo", getaddrinfo)


def due_now():
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


# --- 2. A mail failure after commit ----------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_with_the_mail_server_down_queues_the_webhook_and_retries_the_mail(settings):
    settings.TASKS = DATABASE
    settings.EMAIL_BACKEND = REFUSING
    partner = services.partner_create(name="Orda.kz")
    with Receiver() as receiver:
        Webhook.objects.create(partner=partner, url=receiver.url)
        verdict = sample.publish(sample.claim(1))  # real commits: the callbacks run
        assert Verdict.objects.published().filter(pk=verdict.pk).exists()
        assert WebhookDelivery.objects.get().status == Status.PENDING
        assert DBTaskResult.objects.filter(task_path=DELIVER).count() == 1
        assert DBTaskResult.objects.filter(task_path=NOTIFY).count() == 2  # submitted, published

        run_worker()
        assert WebhookDelivery.objects.get().status == Status.DELIVERED
        assert len(receiver.requests) == 1
    assert mail.outbox == []
    failed = DBTaskResult.objects.filter(task_path=NOTIFY, status="FAILED")
    retries = DBTaskResult.objects.filter(task_path=NOTIFY, status="READY")
    assert failed.count() == 2 and retries.count() == 2
    assert all(r.run_after > timezone.now() for r in retries)  # later, with backoff
    run_worker()  # not due yet
    assert mail.outbox == []

    settings.EMAIL_BACKEND = LOCMEM  # the mail server is back
    due_now()
    run_worker()
    subjects = sorted(m.subject for m in mail.outbox)
    assert [s.split(":")[0] for s in subjects] == ["[desk] Awaiting review", "[desk] Published"]
    assert not DBTaskResult.objects.filter(task_path=NOTIFY, status="READY").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_from_the_admin_with_the_mail_server_down(
    client, claim, reporter, editor, rating, settings
):
    settings.TASKS = DATABASE
    settings.EMAIL_BACKEND = REFUSING
    settings.FACTCHECK_MAIL_MAX_ATTEMPTS = 2
    partner = services.partner_create(name="Orda.kz")
    Webhook.objects.create(partner=partner, url="http://127.0.0.1:9/hooks")
    verdict = desk.verdict_submit(verdict=draft(claim, reporter, rating), by=reporter)
    verdict = desk.verdict_approve(verdict=verdict, by=editor)
    client.force_login(editor)
    response = client.post(
        reverse("admin:factcheck_verdict_transition", args=[verdict.pk, "publish"]), follow=True
    )
    assert response.status_code == 200
    assert "Published: readers and partners now see this revision." in response.content.decode()
    assert Verdict.objects.published().filter(pk=verdict.pk).exists()
    assert WebhookDelivery.objects.get().status == Status.PENDING
    assert DBTaskResult.objects.filter(task_path=DELIVER, status="READY").count() == 1

    run_worker()  # the mail fails and is retried once more, then given up: logged, no more tasks
    due_now()
    run_worker()
    notices = DBTaskResult.objects.filter(task_path=NOTIFY)
    assert notices.filter(status="FAILED").count() == notices.count() == 4
    assert mail.outbox == []


def test_one_failing_callback_does_not_stop_the_others(
    partner, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE

    def cannot_queue(*args, **kwargs):
        raise RuntimeError("the task queue is unreachable")

    def failing_receiver(**kwargs):
        raise RuntimeError("a receiver that fails")

    monkeypatch.setattr(desk, "enqueue_notification", cannot_queue)
    # The failing receiver first, the webhooks' after it.
    uid = "factcheck.partners.webhooks"
    verdict_released.disconnect(dispatch_uid=uid)
    verdict_released.connect(failing_receiver, weak=False)
    verdict_released.connect(webhooks.on_verdict_released, dispatch_uid=uid)
    try:
        with Receiver() as receiver:
            Webhook.objects.create(partner=partner, url=receiver.url)
            with django_capture_on_commit_callbacks(execute=True):
                verdict = sample.publish(sample.claim(1))
            assert len(receiver.requests) == 1
    finally:
        verdict_released.disconnect(failing_receiver)
    assert Verdict.objects.published().get() == verdict
    assert WebhookDelivery.objects.get().status == Status.DELIVERED


# --- 4. Claimed attempts, hanging partners ---------------------------------------------------


def owed_delivery(partner, url) -> WebhookDelivery:
    verdict = sample.publish(sample.claim(1))
    hook = Webhook.objects.create(partner=partner, url=url)
    return WebhookDelivery.objects.create(
        webhook=hook,
        event="published",
        verdict=verdict,
        revision=1,
        payload='{"event":"verdict.published"}',
        next_attempt_at=timezone.now(),
    )


def test_only_one_of_two_racing_claims_wins(partner):
    delivery = owed_delivery(partner, "http://127.0.0.1:9/hooks")
    first = WebhookDelivery.objects.get(pk=delivery.pk)
    second = WebhookDelivery.objects.get(pk=delivery.pk)  # read before the first claimed
    assert webhooks.claim(first) is True
    assert webhooks.claim(second) is False
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.SENDING, 1)
    # A worker that died mid-attempt: once its claim has run out, the delivery is claimed again.
    later = delivery.next_attempt_at + timedelta(seconds=1)
    assert webhooks.claim(WebhookDelivery.objects.get(pk=delivery.pk), now=later) is True
    delivery.refresh_from_db()
    assert delivery.attempts == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_retry_racing_an_attempt_in_flight_sends_once(settings):
    settings.TASKS = IMMEDIATE
    partner = services.partner_create(name="Orda.kz")
    gate, received, requests = threading.Event(), threading.Event(), []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            requests.append(self.rfile.read(int(self.headers["Content-Length"])))
            if len(requests) == 1:
                received.set()
                gate.wait(20)  # hold the first attempt open while the others race it
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    try:
        delivery = owed_delivery(partner, f"http://127.0.0.1:{server.server_address[1]}/h")
        outcome = {}

        def worker():
            try:
                outcome["first"] = webhooks.attempt(delivery.pk)
            finally:
                connection.close()

        first = threading.Thread(target=worker)
        first.start()
        assert received.wait(20)
        racing = webhooks.attempt(delivery.pk)  # a duplicate task, or a second worker
        retried = webhooks.retry_now(delivery)  # the admin's "Retry now"
        gate.set()
        first.join(30)
        assert not first.is_alive()
    finally:
        gate.set()
        server.shutdown()
        server.server_close()
        serving.join(5)
    assert racing.claimed is False and retried is False
    assert outcome["first"].claimed is True
    assert len(requests) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.DELIVERED, 1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("trickle", [False, True], ids=["silent", "trickling"])
def test_a_hanging_partner_does_not_hold_up_the_others(settings, trickle):
    settings.TASKS = DATABASE
    settings.FACTCHECK_WEBHOOK_TIMEOUT = 1
    partner = services.partner_create(name="Orda.kz")
    other = services.partner_create(name="Vlast.kz")
    with Hanging(trickle=trickle) as hanging, Receiver() as healthy:
        Webhook.objects.create(partner=partner, url=hanging.url)
        Webhook.objects.create(partner=other, url=healthy.url)
        sample.publish(sample.claim(1))
        started = time.monotonic()
        run_worker()
        elapsed = time.monotonic() - started
        assert hanging.received.is_set()
    slow = WebhookDelivery.objects.get(webhook__partner=partner)
    fast = WebhookDelivery.objects.get(webhook__partner=other)
    assert fast.status == Status.DELIVERED and len(healthy.requests) == 1
    assert slow.status == Status.RETRYING and slow.attempts == 1
    assert "timed out" in slow.last_error
    assert elapsed < 20  # the trickle alone would last 40 s, the silent one 30 s


# --- 10. Webhook addresses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "ftp://partner.example/hooks",
        "file:///etc/passwd",
        "http://127.0.0.1:5442/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/hooks",
        "http://192.168.0.10/hooks",
        "http://[::1]:8000/hooks",
        "http://[::ffff:127.0.0.1]/hooks",
        "http://224.0.0.1/hooks",
        "http://0.0.0.0/hooks",
        "http://240.0.0.1/hooks",
        "http://100.64.0.1/hooks",
        "http://user:secret@93.184.216.34/hooks",
    ],
)
def test_webhook_urls_must_be_public_http(partner, settings, url):
    settings.FACTCHECK_WEBHOOK_ALLOWED_HOSTS = []
    with pytest.raises(ValidationError) as error:
        Webhook(partner=partner, url=url).full_clean()
    assert "url" in error.value.message_dict


def test_every_address_of_a_name_is_checked(partner, settings, monkeypatch):
    settings.FACTCHECK_WEBHOOK_ALLOWED_HOSTS = []
    fake_dns(
        monkeypatch,
        {
            "hooks.partner.example": ["93.184.216.34"],
            "mixed.example": ["93.184.216.34", "10.0.0.7"],
        },
    )
    Webhook(partner=partner, url="https://hooks.partner.example/factcheck").full_clean()
    with pytest.raises(ValidationError) as error:
        Webhook(partner=partner, url="https://mixed.example/factcheck").full_clean()
    assert "10.0.0.7" in error.value.message_dict["url"][0]
    with pytest.raises(ValidationError):
        Webhook(partner=partner, url="https://does-not-resolve.invalid/").full_clean()
    settings.FACTCHECK_WEBHOOK_ALLOWED_HOSTS = ["mixed.example", "127.0.0.1"]
    Webhook(partner=partner, url="https://mixed.example/factcheck").full_clean()
    Webhook(partner=partner, url="http://127.0.0.1:5442/").full_clean()
    with pytest.raises(ValidationError):  # allow-listing a host never allows another scheme
        Webhook(partner=partner, url="ftp://127.0.0.1/").full_clean()


def test_the_address_is_checked_again_at_delivery_after_dns(partner, settings, monkeypatch):
    """A name that was public when saved and now resolves to the desk's own machine (DNS
    rebinding) gets nothing; allow-listed, it gets the delivery on the very address checked."""
    settings.TASKS = IMMEDIATE
    with Receiver() as receiver:
        port = receiver.server.server_address[1]
        fake_dns(monkeypatch, {"rebind.example": ["127.0.0.1"]})
        delivery = owed_delivery(partner, f"http://rebind.example:{port}/hooks")
        refused = webhooks.attempt(delivery.pk)
        assert receiver.requests == []
        assert refused.status == Status.RETRYING and refused.response_status is None
        assert "not a public address" in refused.last_error

        settings.FACTCHECK_WEBHOOK_ALLOWED_HOSTS = ["rebind.example"]
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        sent = webhooks.attempt(delivery.pk)
        assert sent.status == Status.DELIVERED
        assert [h["Host"] for h, _body in receiver.requests] == [f"rebind.example:{port}"]


# --- 10. Secrets and the audit of keys and webhooks ------------------------------------------


def audit(action):
    return AuditEntry.objects.filter(action=action)


def assert_nothing_secret_in_the_log(*secrets):
    for entry in AuditEntry.objects.all():
        written = f"{entry.comment} {entry.data}"
        for secret in secrets:
            assert secret not in written


def test_webhook_secret_is_shown_once_and_its_lifecycle_audited(
    client, administrator, editor, partner, settings, monkeypatch
):
    settings.FACTCHECK_WEBHOOK_ALLOWED_HOSTS = []
    fake_dns(
        monkeypatch,
        {"hooks.orda.example": ["93.184.216.34"], "new.orda.example": ["93.184.216.35"]},
    )
    client.force_login(administrator)
    add = reverse("admin:partners_webhook_add")
    refused = client.post(
        add, {"partner": partner.pk, "url": "http://169.254.169.254/latest/", "is_active": "on"}
    )
    assert refused.status_code == 200 and "not a public address" in refused.content.decode()
    assert not Webhook.objects.exists()

    url = "https://hooks.orda.example/factcheck"
    created = client.post(add, {"partner": partner.pk, "url": url, "is_active": "on"}, follow=True)
    hook = Webhook.objects.get()
    first_secret = hook.secret
    assert first_secret.startswith("whsec_") and first_secret in created.content.decode()
    change = reverse("admin:partners_webhook_change", args=[hook.pk])
    for page in (
        change,
        reverse("admin:partners_webhook_changelist"),
        reverse("admin:partners_partner_change", args=[partner.pk]),
    ):
        answer = client.get(page)
        assert answer.status_code == 200 and first_secret not in answer.content.decode()
    entry = audit("partners.webhook.created").get()
    assert entry.actor == administrator and entry.data["url"] == url

    client.post(
        change,
        {"partner": partner.pk, "url": "https://new.orda.example/f", "is_active": "on"},
    )
    moved = audit("partners.webhook.url_changed").get()
    assert moved.data["from"] == url and moved.data["to"] == "https://new.orda.example/f"
    bad = client.post(change, {"partner": partner.pk, "url": "http://127.0.0.1:5442/"})
    assert bad.status_code == 200 and "url" in bad.context["adminform"].form.errors
    hook.refresh_from_db()
    assert hook.url == "https://new.orda.example/f" and hook.secret == first_secret

    rotated = client.post(
        reverse("admin:partners_webhook_changelist"),
        {"action": "rotate_secret", "_selected_action": [hook.pk]},
        follow=True,
    )
    hook.refresh_from_db()
    assert hook.secret != first_secret and hook.secret in rotated.content.decode()
    assert audit("partners.webhook.secret_rotated").get().actor == administrator

    client.force_login(editor)  # editors may look at webhooks, never at their secrets
    seen = client.get(change)
    assert seen.status_code == 200 and hook.secret not in seen.content.decode()

    client.force_login(administrator)
    client.post(
        reverse("admin:partners_webhook_delete", args=[hook.pk]), {"post": "yes"}, follow=True
    )
    assert not Webhook.objects.exists()
    assert audit("partners.webhook.deleted").get().data["url"] == "https://new.orda.example/f"
    assert_nothing_secret_in_the_log(first_secret, hook.secret)


def test_api_key_creation_and_revocation_are_audited(client, administrator, partner):
    client.force_login(administrator)
    shown = client.post(
        reverse("admin:partners_partner_changelist"),
        {"action": "create_key", "_selected_action": [partner.pk]},
        follow=True,
    ).content.decode()
    key = ApiKey.objects.get()
    raw = shown.split("<code>", 1)[1].split("</code>", 1)[0]
    assert raw.startswith(f"fck_{key.prefix}_")
    created = audit("partners.apikey.created").get()
    assert created.actor == administrator and created.object_id == key.pk
    client.post(
        reverse("admin:partners_apikey_changelist"),
        {"action": "revoke", "_selected_action": [key.pk]},
        follow=True,
    )
    key.refresh_from_db()
    assert key.is_revoked
    assert audit("partners.apikey.revoked").get().actor == administrator
    assert_nothing_secret_in_the_log(raw, key.hashed_key)

    client.post(
        reverse("admin:partners_apikey_delete", args=[key.pk]), {"post": "yes"}, follow=True
    )
    assert not ApiKey.objects.exists()
    assert audit("partners.apikey.deleted").get().data["prefix"] == key.prefix

    _other, other_raw = services.api_key_create(partner=partner, name="staging")
    client.post(
        reverse("admin:partners_partner_delete", args=[partner.pk]), {"post": "yes"}, follow=True
    )
    assert audit("partners.apikey.deleted").count() == 2
    assert audit("partners.partner.deleted").exists()
    assert_nothing_secret_in_the_log(raw, other_raw)


# --- settings ----------------------------------------------------------------------------------


def _settings_value(expression: str, **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import factcheck.settings as s; print({expression})"],
        cwd=Path(__file__).resolve().parent.parent,
        env=environ,
        capture_output=True,
        text=True,
    )


def test_allowed_hosts_and_mail_retries_come_from_the_environment():
    default = _settings_value("s.FACTCHECK_WEBHOOK_ALLOWED_HOSTS")
    assert default.returncode == 0 and default.stdout.strip() == "[]"
    listed = _settings_value(
        "s.FACTCHECK_WEBHOOK_ALLOWED_HOSTS",
        FACTCHECK_WEBHOOK_ALLOWED_HOSTS="hooks.lan, 127.0.0.1",
    )
    assert listed.stdout.strip() == "['hooks.lan', '127.0.0.1']"
    bad = _settings_value("s.FACTCHECK_MAIL_MAX_ATTEMPTS", FACTCHECK_MAIL_MAX_ATTEMPTS="0")
    assert bad.returncode != 0 and "FACTCHECK_MAIL_MAX_ATTEMPTS" in bad.stderr
