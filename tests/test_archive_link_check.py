"""The link checker (manage.py check_links, and its task): cited pages are captured again; a page
whose content changed or that vanished is flagged on the desk, and readers keep the last good copy."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from factcheck.models import ClaimCitation
from sources.archiving import services
from sources.archiving.tasks import check_links
from sources.models import Capture
from tests.factories import sample

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def cited(db, archive_server):
    """A published verdict citing a page that changes and a page that will vanish."""
    claim = sample.claim(1)
    sample.publish(claim)
    changing, vanishing = (link.citation for link in ClaimCitation.objects.filter(claim=claim))
    changing.url = archive_server.url("/changing")
    changing.save()
    vanishing.url = archive_server.url("/page")
    vanishing.save()
    for citation in (changing, vanishing):
        services.capture(citation=citation)
    return changing, vanishing


def test_a_changed_and_a_vanished_page_are_flagged(cited, archive_server, editor):
    changing, vanishing = cited
    first_good = services.latest_good(vanishing.pk)
    archive_server.gone.add("/page")
    out = StringIO()
    call_command("check_links", "--days", "0", stdout=out)
    assert "Checked 2 pages; 2 flagged." in out.getvalue()

    changed = changing.captures.first()
    assert changed.ok and changed.changed and "version 2" in changed.text
    failed = vanishing.captures.first()
    assert failed.outcome == Capture.Outcome.HTTP_ERROR and failed.status == 404

    client = Client()
    client.force_login(editor)
    listed = client.get("/admin/sources/citation/?link=changed").content.decode()
    assert f"/admin/sources/citation/{changing.pk}/change/" in listed
    assert f"/admin/sources/citation/{vanishing.pk}/change/" not in listed
    listed = client.get("/admin/sources/citation/?link=failing").content.decode()
    assert f"/admin/sources/citation/{vanishing.pk}/change/" in listed
    assert f"/admin/sources/citation/{changing.pk}/change/" not in listed
    page = client.get(f"/admin/sources/citation/{changing.pk}/change/").content.decode()
    assert "content changed" in page

    # Readers keep the last good copy of the page that vanished.
    assert services.latest_good(vanishing.pk) == first_good
    public = Client().get(f"/archive/citations/{vanishing.pk}/")
    assert public.status_code == 200 and "задержаны 12 человек" in public.content.decode()


def test_an_unchanged_page_is_not_flagged(cited):
    _changing, vanishing = cited
    call_command("check_links", "--days", "0", stdout=StringIO())
    again = vanishing.captures.first()
    assert again.ok and not again.changed and not services.flagged(again)


def test_only_pages_not_checked_lately_are_due(cited):
    changing, vanishing = cited
    Capture.objects.filter(citation=changing).update(fetched_at=timezone.now() - timedelta(days=8))
    due = services.due_for_check(older_than=timedelta(days=7), limit=100)
    assert changing.pk in due and vanishing.pk not in due


def test_the_periodic_task_queues_one_capture_per_due_page(cited, settings):
    settings.TASKS = DATABASE
    changing, vanishing = cited
    assert check_links.call(0, 100) == 2
    queued = DBTaskResult.objects.filter(task_path="sources.archiving.tasks.capture_citation")
    assert sorted(r.args_kwargs["args"][0] for r in queued) == sorted([changing.pk, vanishing.pk])
    out = StringIO()
    call_command("check_links", "--queue", stdout=out)
    assert DBTaskResult.objects.filter(task_path="sources.archiving.tasks.check_links").exists()
