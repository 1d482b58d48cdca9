"""Captures of cited pages (sources.archiving): the WARC file warcio reads back, the digest and
text, the background task queued when a citation's URL is saved and its retries, and the desk's
view of them: the list on the citation's page, "Capture now", the inert stored page, the quote."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from warcio.archiveiterator import ArchiveIterator

from sources.archiving import services
from sources.archiving.tasks import backoff, capture_citation
from sources.models import Capture, Citation
from tests import archive_server
from tests.factories.models import CitationFactory

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
QUOTE = "по данным МВД, в Алматы задержаны 12 человек."


@pytest.fixture
def citation(db, archive_server):
    return CitationFactory(url=archive_server.url("/r1"), quote=QUOTE)


def test_a_capture_stores_a_warc_that_warcio_reads_back(citation, archive_server):
    record = services.capture(citation=citation)
    body = archive_server_page()
    assert record.outcome == Capture.Outcome.OK and record.status == 200
    assert record.requested_url == archive_server.url("/r1")
    assert record.final_url == archive_server.url("/page")
    assert record.content_type == "text/html; charset=utf-8"
    assert record.size == len(body)
    assert record.sha256 == hashlib.sha256(body).hexdigest()
    assert record.warc.name.startswith(f"archive/{record.fetched_at:%Y/%m}/")

    with record.warc.open("rb") as stream:
        raw = stream.read()
    assert raw[:2] == b"\x1f\x8b"  # gzip, record by record
    records = list(ArchiveIterator(io.BytesIO(raw)))
    kinds = [r.rec_type for r in records]
    assert kinds == ["warcinfo", "response", "request"]
    response = records[1]
    assert response.rec_headers.get_header("WARC-Target-URI") == record.final_url
    assert response.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert response.http_headers.get_statuscode() == "200"
    assert response.http_headers.get_header("X-Served-By") == "archive-test"
    request = records[2]
    assert request.http_headers.protocol == "GET"
    assert request.http_headers.get_header("Host") == f"127.0.0.1:{archive_server.server_port}"

    stored = services.read_stored(record)
    assert stored.payload == body
    assert hashlib.sha256(stored.payload).hexdigest() == record.sha256


def archive_server_page() -> bytes:
    return archive_server.PAGE.encode()


def test_the_text_is_the_pages_words_without_scripts(citation):
    record = services.capture(citation=citation)
    assert "задержаны 12 человек." in record.text
    assert "script ran" not in record.text and "color:red" not in record.text
    assert services.quote_found(record) is True
    citation.quote = "задержаны 13 человек"
    assert services.quote_found(record) is False


@pytest.mark.parametrize(
    ("path", "outcome"),
    [
        ("/gone", Capture.Outcome.HTTP_ERROR),
        ("/huge", Capture.Outcome.TOO_LARGE),
        ("/slow", Capture.Outcome.TIMEOUT),
        ("/loop/0", Capture.Outcome.HTTP_ERROR),
    ],
)
def test_a_failed_capture_says_why_and_stores_nothing(db, archive_server, path, outcome):
    cited = CitationFactory(url=archive_server.url(path))
    record = services.capture(citation=cited)
    assert record.outcome == outcome and record.reason
    assert not record.warc and record.sha256 == "" and record.size is None


def test_a_refused_address_is_recorded(db, archive_server, settings):
    settings.FACTCHECK_ARCHIVE_ALLOWED_HOSTS = []
    record = services.capture(citation=CitationFactory(url=archive_server.url("/page")))
    assert record.outcome == Capture.Outcome.REFUSED and "not a public address" in record.reason
    assert archive_server.hits == []


def test_an_ftp_url_is_refused(db):
    record = services.capture(citation=CitationFactory(url="ftp://files.example/report.pdf"))
    assert record.outcome == Capture.Outcome.NOT_HTTP


# --- the background task ----------------------------------------------------------------------


def _add(client, citation_fields, source):
    return client.post(
        "/admin/sources/citation/add/",
        {
            "source": source.pk,
            "title": "Сообщение",
            "quote": QUOTE,
            "quote_language": "ru",
            "claim_citations-TOTAL_FORMS": "0",
            "claim_citations-INITIAL_FORMS": "0",
            "media-TOTAL_FORMS": "0",  # the media inline (sources.media)
            "media-INITIAL_FORMS": "0",
            **citation_fields,
        },
    )


def test_saving_a_new_citation_with_a_url_captures_it_in_the_background(
    archive_server, editor, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    source = CitationFactory().source
    client = Client()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = _add(client, {"url": archive_server.url("/page")}, source)
    assert response.status_code == 302, response.content.decode()[:2000]
    cited = Citation.objects.get(url=archive_server.url("/page"))
    record = cited.captures.get()
    assert record.ok and record.final_url == archive_server.url("/page")


def test_the_task_is_queued_only_when_the_url_is_new_or_changed(
    citation, editor, settings, django_capture_on_commit_callbacks, archive_server
):
    settings.TASKS = DATABASE
    client = Client()
    client.force_login(editor)
    page = f"/admin/sources/citation/{citation.pk}/change/"
    form = {
        "source": citation.source_id,
        "title": "Новый заголовок",
        "url": citation.url,
        "quote": citation.quote,
        "quote_language": "ru",
        "claim_citations-TOTAL_FORMS": "0",
        "claim_citations-INITIAL_FORMS": "0",
        "media-TOTAL_FORMS": "0",
        "media-INITIAL_FORMS": "0",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page, form).status_code == 302
    assert not DBTaskResult.objects.exists()  # the title changed, not the URL
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page, form | {"url": archive_server.url("/text")}).status_code == 302
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "sources.archiving.tasks.capture_citation"
    assert queued.args_kwargs["args"] == [citation.pk, 1]


def test_a_network_failure_is_retried_later_with_backoff(db, archive_server, settings):
    settings.TASKS = DATABASE
    settings.FACTCHECK_ARCHIVE_BACKOFF_SECONDS = 60
    cited = CitationFactory(url=archive_server.url("/slow"))
    before = timezone.now()
    assert capture_citation.call(cited.pk, 1) == Capture.Outcome.TIMEOUT
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["args"] == [cited.pk, 2]
    assert retry.run_after >= before + timedelta(seconds=60)
    assert backoff(2) == timedelta(seconds=120) and backoff(30) == timedelta(hours=6)


def test_a_page_that_answered_is_not_retried_nor_the_last_attempt(db, archive_server, settings):
    settings.TASKS = DATABASE
    gone = CitationFactory(url=archive_server.url("/gone"))
    assert capture_citation.call(gone.pk, 1) == Capture.Outcome.HTTP_ERROR
    slow = CitationFactory(url=archive_server.url("/slow"))
    last = settings.FACTCHECK_ARCHIVE_MAX_ATTEMPTS
    assert capture_citation.call(slow.pk, last) == Capture.Outcome.TIMEOUT
    assert not DBTaskResult.objects.exists()


# --- the desk ---------------------------------------------------------------------------------


def test_the_citation_page_lists_its_captures_and_the_quote_check(citation, editor):
    good = services.capture(citation=citation)
    citation.url = "http://10.0.0.1/"
    services.capture(citation=citation)
    client = Client()
    client.force_login(editor)
    page = client.get(f"/admin/sources/citation/{citation.pk}/change/").content.decode()
    assert good.sha256 in page and good.final_url in page
    assert "Refused: not a public address" in page
    assert '<strong class="quote-check">found</strong>' in page
    assert f"/admin/sources/citation/{citation.pk}/captures/{good.pk}/" in page
    assert f'action="/admin/sources/citation/{citation.pk}/capture/"' in page


def test_capture_now_queues_a_capture(
    citation, editor, settings, archive_server, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    url = f"/admin/sources/citation/{citation.pk}/capture/"
    assert client.post(url).status_code == 403  # no CSRF token
    assert client.get(url).status_code == 405
    client = Client()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert citation.captures.get().ok


def test_the_stored_page_is_served_inert(citation, editor):
    record = services.capture(citation=citation)
    client = Client()
    client.force_login(editor)
    response = client.get(f"/admin/sources/citation/{citation.pk}/captures/{record.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "задержаны 12 человек" in body and record.sha256 in body
    for unsafe in ("<script", "script ran", "<img", "tracker.example", "<style", "src="):
        assert unsafe not in body
    # Another citation's capture is not reachable through this citation's address.
    other = CitationFactory()
    assert (
        client.get(f"/admin/sources/citation/{other.pk}/captures/{record.pk}/").status_code == 404
    )


def test_a_text_capture_is_served_as_plain_text(db, archive_server, editor):
    cited = CitationFactory(url=archive_server.url("/text"))
    record = services.capture(citation=cited)
    client = Client()
    client.force_login(editor)
    response = client.get(f"/admin/sources/citation/{cited.pk}/captures/{record.pk}/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "plain words"
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_citation_page_costs_the_same_queries_with_more_captures(citation, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.archive_server import stored_capture

    client = Client()
    client.force_login(editor)
    page = f"/admin/sources/citation/{citation.pk}/change/"
    stored_capture(citation)
    client.get(page)  # warm the session and content types
    with CaptureQueriesContext(connection) as one:
        assert client.get(page).status_code == 200
    for _ in range(4):
        stored_capture(citation)
    with CaptureQueriesContext(connection) as five:
        body = client.get(page).content.decode()
    assert body.count('class="capture capture--ok"') == 5
    assert len(five.captured_queries) == len(one.captured_queries)
