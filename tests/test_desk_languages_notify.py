"""Notifications and mails in the recipient's language (issue 11), not the actor's."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.utils import translation

from factcheck import services
from factcheck.models import DeskNotification, DeskProfile, Rating, Verdict
from tests.factories import ClaimFactory

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def verdict(reporter):
    return Verdict.objects.create(
        claim=ClaimFactory(),
        rating=Rating.objects.get(slug="false"),
        headline="Airport",
        author=reporter,
    )


def test_signing_in_records_the_language_of_the_desk(client, editor):
    response = client.post(
        "/admin/login/",
        {"username": editor.username, "password": "pw-" + editor.username},
        headers={"accept-language": "ru"},
    )
    assert response.status_code == 302
    assert DeskProfile.objects.get(user=editor).language == "ru"
    assert services.recipient_language(editor) == "ru"


def test_each_recipient_is_told_in_their_own_language(
    reporter, editor, verdict, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    DeskProfile.objects.create(user=editor, language="ru")
    DeskProfile.objects.create(user=reporter, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        # The reporter works in English; the editor reads the desk in Russian.
        with translation.override("en"):
            services.note_add(subject=verdict, by=reporter, text="@erik, is the count final?")
        # And the other way round: the Russian editor assigns work to the English reporter.
        with translation.override("ru"):
            services.assign(
                subject=verdict,
                by=editor,
                assignee=reporter,
                due_at=datetime(2026, 12, 1, 6, 0, tzinfo=UTC),
            )
    to_editor = DeskNotification.objects.get(recipient=editor)
    assert "упомянул" in to_editor.text.lower() or "упомянула" in to_editor.text.lower()
    to_reporter = DeskNotification.objects.get(recipient=reporter)
    assert to_reporter.text.startswith(editor.get_full_name() or editor.username)
    assert "assigned “Airport” to you, due 2026-12-01" in to_reporter.text
    # The mail twins say the same, each in its recipient's language.
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "is the count final" in subjects[editor.email]
    assert "assigned" in subjects[reporter.email]


def test_workflow_mail_is_written_per_recipient_language(
    reporter, editor, second_editor, verdict, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    DeskProfile.objects.create(user=editor, language="ru")
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        services.verdict_submit(verdict=verdict, by=reporter)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[editor.email] == "[desk] Ждёт проверки: Airport"
    assert subjects[second_editor.email] == "[desk] Awaiting review: Airport"
