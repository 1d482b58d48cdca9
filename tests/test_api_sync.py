"""A partner keeps an exact mirror of the released verdicts through the cursor, while the desk works.

The partner here is written from the documentation alone (guide.md, "Keeping a mirror"): store each
item under its id, take tombstones down, keep the cursor, follow `next`.
"""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from factcheck import services
from factcheck.models import Rating, Verdict
from tests.factories import sample

FEED = "/api/v1/verdicts/"


class Mirror:
    def __init__(self, client, key, page_size=2):
        self.client, self.key, self.page_size = client, key, page_size
        self.copy: dict[int, dict] = {}
        self.received: list[tuple[int, int, str]] = []
        self.next = f"{FEED}?page_size={page_size}"
        self.etag = None

    def read_page(self) -> bool:
        """Read one page at `next`; True if more are waiting."""
        headers = {"authorization": f"Api-Key {self.key}"}
        if self.etag:
            headers["if-none-match"] = self.etag
        response = self.client.get(self.next, headers=headers)
        if response.status_code == 304:
            return False
        assert response.status_code == 200, response.content
        body = response.json()
        for item in body["results"]:
            self.received.append((item["id"], item["revision"], item["status"]))
            self.copy[item["id"]] = item  # a tombstone replaces the content: taken down
        self.next, self.etag = body["next"], response["ETag"]
        assert self.next, "in the feed order `next` is never null"
        return body["has_more"]

    def catch_up(self):
        while self.read_page():
            pass

    def published(self):
        return {
            i: item["revision"] for i, item in self.copy.items() if item["status"] == "published"
        }

    def retracted(self):
        return {i for i, item in self.copy.items() if item["status"] == "retracted"}


def released_state():
    published = {
        v.pk: v.public_revision.number
        for v in Verdict.objects.published().select_related("public_revision")
    }
    retracted = set(
        Verdict.objects.released().filter(state="retracted").values_list("pk", flat=True)
    )
    return published, retracted


def test_partner_mirror_converges_while_the_desk_publishes_corrects_and_retracts(
    client, partner_key, db
):
    cache.clear()
    verdicts = [sample.publish(sample.claim(n)) for n in range(1, 6)]
    mirror = Mirror(client, partner_key)
    _reporter, editor = sample.desk_users()

    def edit_working_copy():
        v = Verdict.objects.get(pk=verdicts[1].pk)
        services.verdict_update(verdict=v, by=editor, version=v.version, headline="Draft edit")

    # What the desk does between two of the partner's pages, in order.
    script = [
        lambda: verdicts.append(sample.publish(sample.claim(6))),
        lambda: sample.republish(verdicts[0], headline="Corrected after it was read"),
        lambda: sample.republish(
            verdicts[3], note_kind="update", headline="Updated before it was read"
        ),
        lambda: sample.retract(verdicts[2], reason="Not yet read, retracted"),
        edit_working_copy,  # invisible to partners
        lambda: sample.retract(verdicts[0], reason="Read twice, then retracted"),
        lambda: verdicts.append(sample.publish(sample.claim(7))),
        lambda: sample.republish(verdicts[4], note_kind="clarification", headline="Clarified"),
        lambda: sample.republish(verdicts[4], note_kind="correction", headline="Corrected twice"),
    ]
    mirror.read_page()
    for step in script:
        step()
        mirror.read_page()
    mirror.catch_up()
    # Quiet desk: polling the same `next` costs a 304.
    assert mirror.read_page() is False
    published, retracted = released_state()

    # The copy is exactly the released set: every published verdict at its public revision,
    # every retraction as a tombstone, nothing else.
    assert mirror.published() == published
    assert mirror.retracted() == retracted
    assert len(mirror.copy) == Verdict.objects.released().count() == 7
    # No change was delivered twice through the cursor, and every repeat of an id is a newer state.
    assert len(mirror.received) == len(set(mirror.received))
    last = {}
    for verdict_id, revision, status in mirror.received:
        if verdict_id in last:
            before_revision, before_status = last[verdict_id]
            assert (revision, status) != (before_revision, before_status)
            assert revision >= before_revision
        last[verdict_id] = (revision, status)
    # The stored items are what the API serves for each id now.
    headers = {"authorization": f"Api-Key {partner_key}"}
    for verdict_id, item in mirror.copy.items():
        assert client.get(f"{FEED}{verdict_id}/", headers=headers).json() == item

    # A partner restarting from `updated_since` (inclusive) gets repeats, all recognisable.
    middle = sorted(mirror.copy.values(), key=lambda item: item["updated_at"])[3]["updated_at"]
    replay = Mirror(client, partner_key, page_size=3)
    replay.next = f"{FEED}?page_size=3&updated_since={middle.replace('+', '%2B')}"
    replay.catch_up()
    assert replay.received and all(
        (item["id"], item["revision"], item["status"]) in set(mirror.received)
        for item in replay.copy.values()
    )
    assert all(mirror.copy[i] == item for i, item in replay.copy.items())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_feed_positions_are_taken_in_commit_order():
    """Two publications at once: the second waits for the first to commit before taking its
    position, so no reader can see position n+1 while n is still uncommitted."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the lock matters on PostgreSQL")
    first_claim, second_claim = sample.claim(1), sample.claim(2)
    reporter, editor = sample.desk_users()

    def ready(claim):
        verdict = services.verdict_create(
            claim=claim,
            by=reporter,
            headline="Headline",
            rating=Rating.objects.get(slug="half-true"),
            conclusion="Conclusion.",
            explanation="Explanation.",
        )
        verdict = services.verdict_submit(verdict=verdict, by=reporter)
        return services.verdict_approve(verdict=verdict, by=editor)

    first, second = ready(first_claim), ready(second_claim)
    stamped, release, events = threading.Event(), threading.Event(), []

    def publish_first_and_hold():
        try:
            with transaction.atomic():
                services.verdict_publish(verdict=first, by=editor)
                stamped.set()
                release.wait(10)
                events.append("first committed")
        finally:
            connection.close()

    def publish_second():
        try:
            services.verdict_publish(verdict=second, by=editor)
            events.append("second published")
        finally:
            connection.close()

    holder = threading.Thread(target=publish_first_and_hold)
    holder.start()
    assert stamped.wait(10)
    waiter = threading.Thread(target=publish_second)
    waiter.start()
    time.sleep(0.5)
    assert events == []  # the second publication waits on the feed lock
    assert not Verdict.objects.released().exists()  # and readers see neither yet
    release.set()
    holder.join(10)
    waiter.join(10)
    assert events == ["first committed", "second published"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.feed_seq < second.feed_seq
    assert first.released_at <= second.released_at
