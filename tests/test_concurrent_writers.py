"""Several writers at once, as on a busy night: editors submitting, sending back, approving,
publishing and retracting different verdicts while the task worker delivers webhooks, through the
services and through the admin. None may fail.

On SQLite (the default install) this is what the settings' `transaction_mode` is for: a
transaction that read before writing used to fail at once with "database is locked" when another
writer held the lock, since SQLite cannot wait to upgrade a read lock without risking a deadlock;
with immediate transactions every writer waits its turn (the busy timeout) instead. The tests run
on PostgreSQL too, where the row and advisory locks of the services do the same job.

The outcome does not depend on how the threads interleave: each thread works on verdicts of its
own, so the final state of every verdict is known, and the webhook deliveries the worker thread
had no time for are run after the threads have finished.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import connections
from django.test import Client
from django_tasks_db.management.commands.db_worker import Worker

from factcheck import services
from factcheck.models import Approval, Rating, Verdict
from factcheck.partners.models import Webhook, WebhookDelivery
from tests.factories import sample
from tests.test_admin_workflow import change_url, form_data, transition_url
from tests.test_api_webhooks import Receiver, run_worker

State = Verdict.State
PER_LANE = 3
JOIN_TIMEOUT = 120  # seconds; a writer waits at most the busy timeout (20 s) for each lock

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@dataclass
class Lanes:
    """The verdicts each kind of writer works on, in the state that writer expects."""

    drafts: list[Verdict] = field(default_factory=list)  # to submit
    to_send_back: list[Verdict] = field(default_factory=list)  # in review
    to_approve: list[Verdict] = field(default_factory=list)  # in review
    to_publish: list[Verdict] = field(default_factory=list)  # in review, approved
    to_edit: list[Verdict] = field(default_factory=list)  # drafts
    chain: list[Verdict] = field(default_factory=list)  # drafts: submit, approve and publish
    to_retract: list[Verdict] = field(default_factory=list)  # published


def build_lanes(reporter, editor, second_editor) -> Lanes:
    rating = Rating.objects.get(slug="half-true")
    numbers = iter(range(1, 1000))

    def new_draft() -> Verdict:
        n = next(numbers)
        return services.verdict_create(
            claim=sample.claim(n),
            by=reporter,
            headline=f"Verdict {n}",
            rating=rating,
            conclusion="What we found.",
            explanation="Why we found it.",
        )

    def in_review() -> Verdict:
        return services.verdict_submit(verdict=new_draft(), by=reporter)

    def approved() -> Verdict:
        return services.verdict_approve(verdict=in_review(), by=second_editor)

    lanes = Lanes()
    for _ in range(PER_LANE):
        lanes.drafts.append(new_draft())
        lanes.to_send_back.append(in_review())
        lanes.to_approve.append(in_review())
        lanes.to_publish.append(approved())
        lanes.to_edit.append(new_draft())
        lanes.chain.append(new_draft())
        verdict = approved()
        services.verdict_publish(verdict=verdict, by=editor)
        lanes.to_retract.append(Verdict.objects.get(pk=verdict.pk))
    return lanes


def run_concurrently(writers: dict[str, Callable[[], None]]) -> list[str]:
    """Start every writer at the same moment, each in its own thread with its own connection;
    returns the errors they raised (none is swallowed)."""
    errors: list[str] = []
    start = threading.Barrier(len(writers))

    def run(name, writer):
        try:
            start.wait(timeout=JOIN_TIMEOUT)
            writer()
        except BaseException as exc:  # noqa: BLE001 - every failure is the test's business
            errors.append(f"{name}: {exc!r}")
        finally:
            connections.close_all()  # this thread's connections only

    threads = [
        threading.Thread(target=run, args=(name, writer), name=name)
        for name, writer in writers.items()
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not [thread.name for thread in threads if thread.is_alive()], "a writer hung"
    return errors


def worker() -> None:
    """`manage.py db_worker --batch` without its signal handlers (a thread cannot install them):
    delivers the webhooks queued so far, writing each outcome, then stops."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="concurrent-test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.fixture
def receiver(partner, settings):
    settings.FACTCHECK_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]  # the local receiver is not public
    with Receiver() as receiver:
        Webhook.objects.create(partner=partner, url=receiver.url)
        yield receiver


def assert_final_states(lanes: Lanes, receiver, *, edited: str) -> None:
    def states(verdicts):
        return {v.pk: Verdict.objects.get(pk=v.pk).state for v in verdicts}

    assert set(states(lanes.drafts).values()) == {State.IN_REVIEW}
    assert set(states(lanes.to_send_back).values()) == {State.SENT_BACK}
    assert set(states(lanes.to_approve).values()) == {State.IN_REVIEW}
    assert Approval.objects.filter(verdict__in=lanes.to_approve).count() == PER_LANE
    assert set(states(lanes.to_publish).values()) == {State.PUBLISHED}
    assert set(states(lanes.chain).values()) == {State.PUBLISHED}
    assert set(states(lanes.to_retract).values()) == {State.RETRACTED}
    assert sorted(
        Verdict.objects.filter(pk__in=[v.pk for v in lanes.to_edit]).values_list(
            "headline", flat=True
        )
    ) == sorted(f"{edited} {v.pk}" for v in lanes.to_edit)

    # Every release took its own feed position, with none skipped (partners page by them).
    released = 3 * PER_LANE  # published or retracted: to_publish, chain, to_retract
    positions = sorted(Verdict.objects.exclude(feed_seq=None).values_list("feed_seq", flat=True))
    assert positions == list(range(positions[0], positions[0] + released))

    # Every release reached the partner exactly once: 3 lanes published, one of them retracted.
    run_worker()  # what the worker thread had no time for
    deliveries = WebhookDelivery.objects.all()
    assert deliveries.count() == 4 * PER_LANE
    assert set(deliveries.values_list("status", flat=True)) == {WebhookDelivery.Status.DELIVERED}
    assert len(receiver.requests) == 4 * PER_LANE


def test_concurrent_writers_through_the_services(reporter, editor, second_editor, receiver):
    lanes = build_lanes(reporter, editor, second_editor)

    def each(verdicts, step):
        return lambda: [step(Verdict.objects.get(pk=v.pk)) for v in verdicts]

    def chain(verdict):
        verdict = services.verdict_submit(verdict=verdict, by=reporter)
        verdict = services.verdict_approve(verdict=verdict, by=second_editor)
        services.verdict_publish(verdict=verdict, by=editor)

    errors = run_concurrently(
        {
            "submit": each(lanes.drafts, lambda v: services.verdict_submit(verdict=v, by=reporter)),
            "send back": each(
                lanes.to_send_back,
                lambda v: services.verdict_send_back(verdict=v, by=editor, comment="Fix it."),
            ),
            "approve": each(
                lanes.to_approve, lambda v: services.verdict_approve(verdict=v, by=second_editor)
            ),
            "publish": each(
                lanes.to_publish, lambda v: services.verdict_publish(verdict=v, by=editor)
            ),
            "edit": each(
                lanes.to_edit,
                lambda v: services.verdict_update(
                    verdict=v, by=reporter, version=v.version, headline=f"Edited {v.pk}"
                ),
            ),
            "chain": each(lanes.chain, chain),
            "retract": each(
                lanes.to_retract,
                lambda v: services.verdict_retract(verdict=v, by=editor, reason="It was wrong."),
            ),
            "worker": worker,
        }
    )
    assert errors == []
    assert_final_states(lanes, receiver, edited="Edited")


def test_concurrent_writers_through_the_admin(reporter, editor, second_editor, receiver):
    lanes = build_lanes(reporter, editor, second_editor)
    statuses: list[tuple[str, int]] = []

    def client(user) -> Client:
        made = Client()
        made.force_login(user)  # here, before the threads: logging in writes too
        return made

    def post_each(name, user, verdicts, url, data=None):
        browser = client(user)

        def writer():
            for verdict in verdicts:
                fresh = Verdict.objects.get(pk=verdict.pk)
                response = browser.post(url(fresh), data(fresh) if data else {})
                statuses.append((f"{name} {verdict.pk}", response.status_code))

        return writer

    def transition(name):
        return lambda verdict: transition_url(verdict, name)

    def chain_writer():
        # One verdict after the other, three people: a reporter submits, two editors review.
        as_reporter, as_approver, as_publisher = (
            client(reporter),
            client(second_editor),
            client(editor),
        )

        def writer():
            for verdict in lanes.chain:
                for browser, name in (
                    (as_reporter, "submit"),
                    (as_approver, "approve"),
                    (as_publisher, "publish"),
                ):
                    response = browser.post(transition_url(verdict, name))
                    statuses.append((f"chain {name} {verdict.pk}", response.status_code))

        return writer

    errors = run_concurrently(
        {
            "submit": post_each("submit", reporter, lanes.drafts, transition("submit")),
            "send back": post_each(
                "send back",
                editor,
                lanes.to_send_back,
                transition("send_back"),
                lambda v: {"comment": "Fix it."},
            ),
            "approve": post_each("approve", second_editor, lanes.to_approve, transition("approve")),
            "publish": post_each("publish", editor, lanes.to_publish, transition("publish")),
            "edit": post_each(
                "edit",
                editor,
                lanes.to_edit,
                change_url,
                lambda v: form_data(v, headline=f"Saved {v.pk}"),
            ),
            "chain": chain_writer(),
            "retract": post_each(
                "retract",
                editor,
                lanes.to_retract,
                transition("retract"),
                lambda v: {"comment": "It was wrong."},
            ),
            "worker": worker,
        }
    )
    assert errors == []  # the test client re-raises a view's exception: a 500 would be here
    assert len(statuses) == 9 * PER_LANE  # six lanes of one click per verdict, the chain's three
    assert [what for what, status in statuses if status != 302] == []
    assert_final_states(lanes, receiver, edited="Saved")
