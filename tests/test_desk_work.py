"""Who is on what, by when (issue 11, "Work and people"): assignment with a due time, through one
audited service; the assignee told in the desk and by mail; the admin index's work lists."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from factcheck import services
from factcheck.admin.work import WORK_LIST_LENGTH
from factcheck.models import AuditEntry, Claim, DeskNotification, Rating, Verdict
from tests.factories import ClaimFactory

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def rating(db):
    return Rating.objects.get(slug="false")


@pytest.fixture
def verdict(reporter, rating):
    claim = ClaimFactory()
    return Verdict.objects.create(claim=claim, rating=rating, headline="H", author=reporter)


def test_assigning_is_audited_and_tells_the_assignee_in_the_desk_and_by_mail(
    editor, reporter, verdict, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    due = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    version = verdict.version
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(subject=verdict, by=editor, assignee=reporter, due_at=due)
    verdict.refresh_from_db()
    assert (verdict.assignee, verdict.due_at) == (reporter, due)
    # Assigning is no edit: an editor with the form open keeps their version.
    assert verdict.version == version
    entry = AuditEntry.objects.get(action="factcheck.verdict.assigned")
    assert entry.actor == editor
    assert entry.data == {"assignee": "rita", "previous": None, "due_at": due.isoformat()}
    notice = DeskNotification.objects.get(recipient=reporter)
    assert "H" in notice.text and not notice.read
    assert notice.link == reverse("admin:factcheck_verdict_change", args=[verdict.pk])
    [sent] = mail.outbox
    assert sent.to == ["rita@desk.test"] and notice.text in sent.subject


def test_reassigning_records_who_had_it_and_a_claim_can_be_assigned_too(
    editor, reporter, other_reporter
):
    claim = ClaimFactory()
    services.assign(subject=claim, by=editor, assignee=reporter, due_at=None)
    services.assign(subject=claim, by=editor, assignee=other_reporter, due_at=None)
    entry = AuditEntry.objects.filter(action="factcheck.claim.assigned").first()
    assert entry.data["previous"] == "rita" and entry.data["assignee"] == "oleg"
    assert Claim.objects.get(pk=claim.pk).assignee == other_reporter
    # Nothing changed, nothing logged.
    services.assign(subject=claim, by=editor, assignee=other_reporter, due_at=None)
    assert AuditEntry.objects.filter(action="factcheck.claim.assigned").count() == 2


def test_only_desk_people_are_assignable_and_only_by_those_who_may_change(
    editor, reporter, administrator, verdict
):
    with pytest.raises(services.NotAllowed):
        # An administrator is not in the desk's reporter or editor groups.
        services.assign(subject=verdict, by=editor, assignee=administrator, due_at=None)
    reporter.user_permissions.clear()
    reporter.groups.clear()
    reporter = type(reporter).objects.get(pk=reporter.pk)
    with pytest.raises(services.NotAllowed):
        services.assign(subject=verdict, by=reporter, assignee=editor, due_at=None)
    assert not AuditEntry.objects.filter(action="factcheck.verdict.assigned").exists()


def test_the_due_time_is_entered_in_the_desks_zone(client, editor, reporter, settings):
    settings.TIME_ZONE = "Asia/Almaty"  # UTC+5 since 2024
    claim = ClaimFactory()
    client.force_login(editor)
    url = reverse("admin:factcheck_claim_assign", args=[claim.pk])
    page = client.get(url).content.decode()
    assert "Asia/Almaty" in page
    response = client.post(
        url, {"assignee": reporter.pk, "due_at_0": "2026-12-01", "due_at_1": "23:00"}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.due_at == datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    # Shown back in the same zone, on the change page.
    change = client.get(reverse("admin:factcheck_claim_change", args=[claim.pk])).content
    assert "2026-12-01 23:00" in change.decode()


def test_bad_input_is_a_form_error_naming_the_field(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    url = reverse("admin:factcheck_claim_assign", args=[claim.pk])
    response = client.post(url, {"assignee": "99999", "due_at_0": "soon", "due_at_1": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"assignee", "due_at"}


def test_opening_a_notification_marks_it_read_and_only_its_recipient_may(
    client, editor, reporter, verdict
):
    services.assign(subject=verdict, by=editor, assignee=reporter, due_at=None)
    notice = DeskNotification.objects.get()
    url = reverse("admin:factcheck_notification_open", args=[notice.pk])
    client.force_login(editor)
    assert client.get(url).status_code == 403
    client.force_login(reporter)
    assert "1 unread" in client.get(reverse("admin:index")).content.decode()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == notice.link
    notice.refresh_from_db()
    assert notice.read
    assert "0 unread" in client.get(reverse("admin:index")).content.decode()


def _section(page: str, list_id: str) -> str:
    return page.split(f'id="{list_id}"')[1].split("</ul>")[0]


def test_index_lists_assigned_due_soon_and_overdue_in_fixed_queries(
    client, editor, reporter, rating, settings, django_assert_num_queries
):
    settings.FACTCHECK_DUE_SOON_HOURS = 24
    client.force_login(editor)
    now = timezone.now()
    # 1. the session 2. the user 3. 4. permissions 5.-9. the verdict queues (my drafts, sent
    # back, re-review, awaiting my review, my outdated approvals) 10.-15. assigned to me, due
    # soon, overdue (claims, then verdicts, each) 16. unread notifications 17. their count
    # 18. the recent actions
    for size in (2, WORK_LIST_LENGTH + 3):
        for n in range(size - Claim.objects.filter(assignee=editor).count()):
            soon = ClaimFactory()
            Claim.objects.filter(pk=soon.pk).update(
                assignee=editor, due_at=now + timedelta(hours=2)
            )
            late = ClaimFactory()
            Claim.objects.filter(pk=late.pk).update(
                assignee=reporter, due_at=now - timedelta(hours=2)
            )
            v = Verdict.objects.create(
                claim=ClaimFactory(), rating=rating, headline=f"V{n}", author=reporter
            )
            Verdict.objects.filter(pk=v.pk).update(assignee=editor)
        with django_assert_num_queries(18):
            page = client.get(reverse("admin:index")).content.decode()
        expected = min(size, WORK_LIST_LENGTH)
        assert _section(page, "work-assigned").count("<li>") == 2 * expected
        assert _section(page, "work-due-soon").count("<li>") == expected
        overdue = _section(page, "work-overdue")
        assert overdue.count("<li>") == expected
        # Overdue is said in words, not only by colour.
        assert overdue.count("overdue</strong>") == expected


def test_my_drafts_holds_the_correction_an_editor_reopened(client, editor):
    from tests.factories import sample

    verdict = sample.publish(sample.claim(1), headline="Published before")
    verdict = Verdict.objects.get(pk=verdict.pk)
    assert verdict.author != editor
    # The editor reopens someone else's published verdict for a correction.
    services.verdict_update(
        verdict=verdict, by=editor, version=verdict.version, headline="Corrected headline"
    )
    client.force_login(editor)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Corrected headline" in _section(page, "queue-drafts")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_assignment_mail_that_fails_is_tried_again_later(settings):
    from django_tasks_db.models import DBTaskResult

    from tests.factories import sample
    from tests.test_api_webhooks import DATABASE, run_worker
    from tests.test_webhook_hardening import LOCMEM, REFUSING, due_now

    settings.TASKS = DATABASE
    settings.EMAIL_BACKEND = REFUSING
    reporter, editor = sample.desk_users()
    claim = sample.claim(1)
    services.assign(subject=claim, by=editor, assignee=reporter, due_at=None)  # commits
    mail_task = "factcheck.tasks.send_desk_mail"
    assert DBTaskResult.objects.filter(task_path=mail_task).count() == 1
    run_worker()
    retry = DBTaskResult.objects.get(task_path=mail_task, status="READY")
    assert retry.run_after > timezone.now()  # later, with backoff
    assert mail.outbox == []
    settings.EMAIL_BACKEND = LOCMEM  # the mail server is back
    due_now()
    run_worker()
    [sent] = mail.outbox
    assert sent.to == [reporter.email]
