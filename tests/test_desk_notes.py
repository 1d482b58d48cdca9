"""Notes between editors (issue 11): a thread on each claim and verdict, audited, @mentions that
notify; never public (tests/test_property_unpublished.py reads every public surface for them)."""

import pytest
from django.core import mail
from django.urls import reverse

from factcheck import services
from factcheck.models import AuditEntry, DeskNote, DeskNotification, Rating, Verdict
from tests.factories import ClaimFactory

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def verdict(reporter):
    return Verdict.objects.create(
        claim=ClaimFactory(), rating=Rating.objects.get(slug="false"), headline="H", author=reporter
    )


def test_a_note_mentioning_someone_tells_them_and_is_audited(
    reporter, editor, second_editor, verdict, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        note = services.note_add(
            subject=verdict, by=reporter, text="@erik, is the MVD figure final? cc @nobody @rita."
        )
    assert note.verdict == verdict and note.author == reporter
    # erik is told; "nobody" is no one on the desk; rita wrote it herself.
    [notice] = DeskNotification.objects.all()
    assert notice.recipient == editor and "MVD figure" in notice.text
    assert notice.link.endswith("#desk-notes")
    [sent] = mail.outbox
    assert sent.to == ["erik@desk.test"]
    entry = AuditEntry.objects.get(action="factcheck.verdict.noted")
    assert entry.actor == reporter and entry.data == {"note": note.pk, "mentions": ["erik"]}


def test_mentions_read_usernames_not_mail_addresses():
    assert services.MENTION.findall("write to x@erik.test, ask @erik. and @elena") == [
        "erik",
        "elena",
    ]


def test_an_empty_note_is_refused(editor, verdict):
    with pytest.raises(services.WorkflowError):
        services.note_add(subject=verdict, by=editor, text="   ")
    assert not DeskNote.objects.exists()


def test_the_thread_is_on_the_change_page_and_the_form_posts_a_note(
    client, editor, reporter, verdict
):
    claim = verdict.claim
    client.force_login(editor)
    for subject, name in ((claim, "claim"), (verdict, "verdict")):
        url = reverse(f"admin:factcheck_{name}_notes", args=[subject.pk])
        response = client.post(url, {"text": f"Check the {name} again, @rita"})
        change = reverse(f"admin:factcheck_{name}_change", args=[subject.pk])
        assert response.status_code == 302 and response["Location"] == change + "#desk-notes"
        page = client.get(change).content.decode()
        thread = page.split('id="desk-notes-thread"')[1].split("</ol>")[0]
        assert f"Check the {name} again, @rita" in thread
    assert DeskNotification.objects.filter(recipient=reporter).count() == 2
    # An empty note is a message on the page, nothing written.
    response = client.post(reverse("admin:factcheck_claim_notes", args=[claim.pk]), {"text": ""})
    assert response.status_code == 302
    assert DeskNote.objects.count() == 2


def test_the_history_page_keeps_the_notes_beside_the_audit_log(client, editor, verdict):
    services.note_add(subject=verdict.claim, by=editor, text="On the claim")
    services.note_add(subject=verdict, by=editor, text="On the verdict")
    client.force_login(editor)
    page = client.get(reverse("admin:factcheck_verdict_desk_history", args=[verdict.pk]))
    notes = page.content.decode().split('id="history-notes"')[1].split("</ol>")[0]
    assert notes.index("On the claim") < notes.index("On the verdict")
