"""Reads from a real PostgreSQL streaming replica, and read-your-writes for the editor who published.

`.ci/test` starts a replica of its throwaway cluster (pg_basebackup -R) and runs this module with
DATABASE_REPLICA_URL pointing at it; without one these tests skip (REQUIRE_REPLICA=1 makes that a
failure). The replica replicates the whole cluster, test database included; the settings mark the
`replica` alias as a test mirror (so pytest-django creates nothing on the read-only server) and the
fixture below points that alias at the real replica's port. Rows must really be committed to reach
the replica, hence transactional tests.
"""

import os
import time

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import services
from factcheck.envconf import env_database
from factcheck.models import Verdict
from tests.factories import build_desk, desk_second_editor, desk_users

pytestmark = [
    pytest.mark.replica,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__"),
]

if "replica" not in settings.DATABASES:
    if os.environ.get("REQUIRE_REPLICA") == "1":
        raise RuntimeError("REQUIRE_REPLICA=1 but DATABASE_REPLICA_URL is not set.")
    pytestmark.append(pytest.mark.skip(reason="no replica: DATABASE_REPLICA_URL is not set"))


@pytest.fixture
def replica(django_db_setup):
    """The `replica` alias, pointed at the real replica's server and the test database's name."""
    mirror = connections["replica"]
    real = env_database("DATABASE_REPLICA_URL", "")
    primary = connections["default"].settings_dict
    mirror.close()
    # set_as_test_mirror gave the alias the primary's very settings dict: replace it, not edit it.
    mirror.settings_dict = {**primary, "HOST": real["HOST"], "PORT": real["PORT"]}
    with mirror.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_database()")
        assert cursor.fetchone() == (True, primary["NAME"])
    yield mirror
    resume(mirror)
    mirror.close()


def caught_up(replica, timeout: float = 20.0) -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    with replica.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s) >= 0", [target])
            if cursor.fetchone()[0]:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"the replica did not replay up to {target} in {timeout} s")
            time.sleep(0.02)


def pause(replica) -> None:
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")


def resume(replica) -> None:
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")


def get(client, url):
    """The response and the queries it ran on (primary, replica)."""
    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(connections["replica"]) as on_replica,
    ):
        response = client.get(url)
    return response, on_primary.captured_queries, on_replica.captured_queries


def test_public_pages_and_the_feed_read_from_the_replica(client, replica, settings):
    settings.FACTCHECK_API_ANONYMOUS = True
    build_desk(1)
    caught_up(replica)

    for url in ("/en/", "/en/verdicts/claim-1/", "/api/v1/verdicts/"):
        response, on_primary, on_replica = get(client, url)
        assert response.status_code == 200, url
        assert on_replica, url
        # Nothing of the published content is read from the primary.
        assert not [q for q in on_primary if "factcheck_" in q["sql"]], (url, on_primary)


def test_the_desk_reads_from_the_primary(client, replica):
    desk = build_desk(1)
    _reporter, editor = desk_users()
    client.force_login(editor)
    caught_up(replica)
    url = reverse("admin:factcheck_verdict_change", args=[desk.verdicts[0].pk])
    response, on_primary, on_replica = get(client, url)
    assert response.status_code == 200
    assert on_primary and not on_replica


def test_while_the_replica_lags_readers_see_the_old_page_and_the_editor_the_new(client, replica):
    from django.test import Client

    desk = build_desk(1)
    verdict = desk.verdicts[0]
    old_headline = verdict.public_revision.headline
    caught_up(replica)

    pause(replica)
    # A correction: reopened, changed, submitted and approved by a second editor...
    _reporter, editor = desk_users()
    working = services.verdict_update(
        verdict=Verdict.objects.get(pk=verdict.pk),
        by=editor,
        version=Verdict.objects.get(pk=verdict.pk).version,
        headline="Corrected: the toll was revised",
        note_kind="correction",
        note="We had the toll wrong.",
    )
    working = services.verdict_submit(verdict=working, by=editor)
    services.verdict_approve(verdict=working, by=desk_second_editor())
    # ...and published by the editor with the admin's Publish button (a POST).
    client.force_login(editor)
    publish_url = reverse("admin:factcheck_verdict_transition", args=[verdict.pk, "publish"])
    assert client.post(publish_url).status_code == 302
    assert "fc_primary" in client.cookies

    page_url = "/en/verdicts/claim-1/"
    # The editor who just published reads from the primary: the correction is there.
    response, on_primary, on_replica = get(client, page_url)
    assert "Corrected: the toll was revised" in response.content.decode()
    assert on_primary and not on_replica

    # A reader reads from the paused replica: the page as it was published before, nothing else.
    reader = Client()
    response, _on_primary, on_replica = get(reader, page_url)
    page = response.content.decode()
    assert response.status_code == 200 and on_replica
    assert old_headline in page and "Corrected" not in page

    # Replay resumes; the replica catches up and the reader sees the correction.
    resume(replica)
    caught_up(replica)
    response, _on_primary, on_replica = get(reader, page_url)
    assert on_replica and "Corrected: the toll was revised" in response.content.decode()
