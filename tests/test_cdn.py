"""Behind a CDN: shared-cache lifetimes, surrogate keys, and the purge a release sends."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from factcheck import cdn
from factcheck.partners.models import Partner
from factcheck.partners.services import api_key_create
from tests.factories import build_desk, republish, retract

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def desk(db):
    return build_desk(2)


@pytest.fixture
def with_cdn(settings):
    settings.FACTCHECK_CDN_MAX_AGE = 300
    settings.FACTCHECK_CDN_STALE_SECONDS = 30


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_public_pages_may_be_kept_by_a_cdn_and_name_what_they_show(client, desk, with_cdn):
    verdict = desk.verdicts[0]
    page = client.get("/en/verdicts/claim-1/")
    assert page.status_code == 200
    assert directives(page) >= {"public", "max-age=0", "s-maxage=300", "stale-while-revalidate=30"}
    assert "no-cache" not in directives(page)
    assert page["Surrogate-Key"] == f"verdict-{verdict.pk}"
    assert page["Cache-Tag"] == f"verdict-{verdict.pk}"

    home = client.get("/en/")
    assert set(home["Surrogate-Key"].split()) == {"listing", "home"}
    assert "s-maxage=300" in directives(home)
    # The CDN's revalidation gets a 304 with the same lifetime and keys.
    again = client.get("/en/", HTTP_IF_NONE_MATCH=home["ETag"])
    assert again.status_code == 304
    assert "s-maxage=300" in directives(again) and again["Surrogate-Key"] == "listing home"


def test_without_a_cdn_lifetime_pages_stay_revalidated_each_time(client, desk):
    page = client.get("/en/")
    assert "no-cache" in directives(page) and "s-maxage" not in page["Cache-Control"]
    assert page["Surrogate-Key"] == "listing home"


def test_staff_answers_are_never_shared(client, desk, editor, with_cdn):
    client.force_login(editor)
    page = client.get("/en/verdicts/claim-1/")
    assert "private" in directives(page) and "s-maxage" not in page["Cache-Control"]
    assert not page.has_header("Surrogate-Key")


def test_a_partners_keyed_answer_is_private_an_anonymous_one_shared(
    client, desk, settings, with_cdn
):
    partner = Partner.objects.create(name="Orda.kz")
    _key, secret = api_key_create(partner=partner, by=None)
    keyed = client.get("/api/v1/verdicts/", HTTP_AUTHORIZATION=f"Api-Key {secret}")
    assert keyed.status_code == 200
    assert "private" in directives(keyed) and "s-maxage" not in keyed["Cache-Control"]
    assert not keyed.has_header("Surrogate-Key")

    settings.FACTCHECK_API_ANONYMOUS = True
    anonymous = client.get("/api/v1/verdicts/")
    assert anonymous.status_code == 200
    assert "s-maxage=300" in directives(anonymous) and "public" in directives(anonymous)
    assert anonymous["Surrogate-Key"] == "feed"
    assert "Authorization" in anonymous["Vary"]
    item = client.get(f"/api/v1/verdicts/{desk.verdicts[0].pk}/")
    assert item["Surrogate-Key"] == f"verdict-{desk.verdicts[0].pk}"


class StandIn:
    """A local HTTP server standing in for the CDN's purge API; it records what it receives."""

    def __init__(self):
        self.received = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stand_in.received.append(
                    {
                        "path": self.path,
                        "surrogate_key": self.headers["Surrogate-Key"],
                        "authorization": self.headers["Authorization"],
                        "body": json.loads(body),
                    }
                )
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/purge"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def purge_api(settings):
    stand_in = StandIn()
    settings.FACTCHECK_CDN_PURGE_URL = stand_in.url
    settings.FACTCHECK_CDN_PURGE_TOKEN = "purge-token"
    settings.TASKS = IMMEDIATE
    yield stand_in
    stand_in.close()


def test_publish_correct_and_retract_purge_what_they_changed(
    desk, purge_api, django_capture_on_commit_callbacks
):
    from factcheck.models import ClaimConflict

    first, second = desk.verdicts
    ClaimConflict.objects.create(
        claim=first.claim, other=second.claim, kind="contradicts", note="They count differently."
    )
    with django_capture_on_commit_callbacks(execute=True):
        republish(first, headline="Corrected headline")
    [purge] = purge_api.received
    expected = [
        f"verdict-{first.pk}",
        f"claim-{first.claim_id}",
        f"verdict-{second.pk}",  # its page shows whether the conflicting claim is published
        "listing",
        "feed",
    ]
    assert purge["body"] == {"tags": expected}
    assert purge["surrogate_key"] == " ".join(expected)
    assert purge["authorization"] == "Bearer purge-token" and purge["path"] == "/purge"

    with django_capture_on_commit_callbacks(execute=True):
        retract(second)
    assert purge_api.received[1]["body"]["tags"][:2] == [
        f"verdict-{second.pk}",
        f"claim-{second.claim_id}",
    ]


def test_no_purge_url_no_purge_task(desk, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    sent = []
    settings.FACTCHECK_CDN_PURGE_URL = ""
    original = cdn.send_purge
    cdn.send_purge = sent.append
    try:
        with django_capture_on_commit_callbacks(execute=True):
            retract(desk.verdicts[0])
    finally:
        cdn.send_purge = original
    assert sent == []


def test_a_failed_purge_is_retried_later(desk, settings, monkeypatch):
    settings.FACTCHECK_CDN_PURGE_URL = "http://127.0.0.1:9/purge"  # nothing listens there
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(OSError):
        cdn.purge_release.call(desk.verdicts[0].pk, desk.verdicts[0].claim_id)
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["args"][-1] == 2 and retry.run_after is not None
