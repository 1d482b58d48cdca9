"""The optional submission of cited pages to a public web archive's save service (issue 13): off by
default; when FACTCHECK_PUBLIC_ARCHIVE_SAVE_URL is set, each newly cited URL is sent to it through
the guarded fetcher, tested against the local stand-in (tests/archive_server.py: /save/<url>
redirects to /web/<time>/<url>, as the Wayback Machine's does)."""

import pytest

from sources.archiving import public_archive, services
from sources.archiving.tasks import submit_to_public_archive
from tests.factories.models import CitationFactory

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CITED = "https://orda.kz/news/2022/01/05/1"


@pytest.fixture
def citation(db):
    return CitationFactory(url=CITED, archive_url="")


def test_off_by_default(citation, archive_server, settings):
    assert settings.FACTCHECK_PUBLIC_ARCHIVE_SAVE_URL == ""
    assert public_archive.submit(citation=citation) == "off"
    assert archive_server.hits == []


def test_a_configured_save_service_is_asked_and_its_copy_recorded(
    citation, archive_server, settings
):
    settings.FACTCHECK_PUBLIC_ARCHIVE_SAVE_URL = archive_server.url("/save/")
    assert public_archive.submit(citation=citation) == "ok"
    assert archive_server.hits == [f"/save/{CITED}", f"/web/20261130000000/{CITED}"]
    citation.refresh_from_db()
    assert citation.archive_url == archive_server.url(f"/web/20261130000000/{CITED}")


def test_an_archived_copy_the_desk_typed_is_kept(db, archive_server, settings):
    settings.FACTCHECK_PUBLIC_ARCHIVE_SAVE_URL = archive_server.url("/save/")
    typed = "https://archive.ph/abcde"
    cited = CitationFactory(url=CITED, archive_url=typed)
    assert submit_to_public_archive.call(cited.pk) == "ok"
    cited.refresh_from_db()
    assert cited.archive_url == typed


def test_the_save_service_goes_through_the_address_guard(citation, archive_server, settings):
    settings.FACTCHECK_PUBLIC_ARCHIVE_SAVE_URL = archive_server.url("/save/")
    settings.FACTCHECK_ARCHIVE_ALLOWED_HOSTS = []  # 127.0.0.1 is not a public address
    assert public_archive.submit(citation=citation) == "refused"
    assert archive_server.hits == []
    citation.refresh_from_db()
    assert citation.archive_url == ""


def test_a_new_citation_is_submitted_beside_its_capture_only_when_configured(
    db, archive_server, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    cited = CitationFactory(url=archive_server.url("/page"))
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_capture(cited)
    assert archive_server.hits == ["/page"]  # the capture alone

    settings.FACTCHECK_PUBLIC_ARCHIVE_SAVE_URL = archive_server.url("/save/")
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_capture(cited)
    assert f"/save/{cited.url}" in archive_server.hits
    cited.refresh_from_db()
    assert "/web/20261130000000/" in cited.archive_url
