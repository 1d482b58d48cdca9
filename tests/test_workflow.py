"""The editorial workflow: every transition, every refusal, and the audit trail after each."""

import pytest
from django.core import mail

from factcheck import services
from factcheck.models import AuditEntry, Claim, ClaimCitation, Rating, Verdict
from factcheck.signals import verdict_released
from sources.models import Citation, Source

State = Verdict.State


@pytest.fixture
def rating(db):
    return Rating.objects.get(slug="mostly-true")  # needs 2 independent origins


def draft(claim, reporter, rating, **extra):
    fields = {
        "headline": "The MVD's count of 26 dead was a floor, not a total",
        "rating": rating,
        "conclusion": "The MVD gave 26 as a minimum on the morning of 7 January.",
        "explanation": "Both reports relay official figures.",
    }
    fields.update(extra)
    return services.verdict_create(claim=claim, by=reporter, **fields)


def actions(verdict):
    return list(
        AuditEntry.objects.filter(object_id=verdict.pk)
        .order_by("pk")
        .values_list("action", "from_state", "to_state")
    )


def publish_through_review(verdict, reporter, editor):
    verdict = services.verdict_submit(verdict=verdict, by=reporter)
    verdict = services.verdict_approve(verdict=verdict, by=editor)
    return services.verdict_publish(verdict=verdict, by=editor)


def test_full_journey_with_audit_trail(
    claim, reporter, editor, rating, settings, django_capture_on_commit_callbacks
):
    # Mail is sent by a background task: run it at once, in the test.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        verdict = draft(claim, reporter, rating)
        verdict = services.verdict_submit(verdict=verdict, by=reporter)
        verdict = services.verdict_send_back(
            verdict=verdict, by=editor, comment="Name the time of the figure."
        )
        verdict = services.verdict_update(
            verdict=verdict,
            by=reporter,
            version=verdict.version,
            conclusion="As of the morning of 7 January.",
        )
        verdict = services.verdict_submit(verdict=verdict, by=reporter)
        verdict = services.verdict_approve(verdict=verdict, by=editor)
        revision = services.verdict_publish(verdict=verdict, by=editor)

    verdict.refresh_from_db()
    assert verdict.state == State.PUBLISHED
    assert verdict.public_revision == revision
    assert revision.number == 1 and revision.conclusion == "As of the morning of 7 January."
    assert revision.snapshot["claim"]["text"] == claim.text
    assert revision.snapshot["origin_count"] == 3
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CHECKED
    assert Verdict.objects.published().get() == verdict
    assert actions(verdict) == [
        ("factcheck.verdict.created", "", "draft"),
        ("factcheck.verdict.submitted", "draft", "in_review"),
        ("factcheck.verdict.sent_back", "in_review", "sent_back"),
        ("factcheck.verdict.edited", "sent_back", "sent_back"),
        ("factcheck.verdict.submitted", "sent_back", "in_review"),
        ("factcheck.verdict.approved", "in_review", "in_review"),
        ("factcheck.verdict.published", "in_review", "published"),
    ]
    sent_back = AuditEntry.objects.get(action="factcheck.verdict.sent_back")
    assert sent_back.actor == editor and sent_back.comment == "Name the time of the figure."
    subjects = [m.subject for m in mail.outbox]
    assert any(s.startswith("[desk] Awaiting review") for s in subjects)
    assert any(
        m.subject.startswith("[desk] Sent back") and "rita@desk.test" in m.to for m in mail.outbox
    )
    assert any(s.startswith("[desk] Published") for s in subjects)


def test_correction_keeps_public_revision_until_republished(claim, reporter, editor, rating):
    revision1 = publish_through_review(draft(claim, reporter, rating), reporter, editor)
    verdict = Verdict.objects.get()
    verdict = services.verdict_update(
        verdict=verdict, by=reporter, version=verdict.version, headline="Corrected headline"
    )
    # Readers still see revision 1 while the correction is drafted and reviewed.
    assert verdict.state == State.DRAFT
    assert Verdict.objects.published().get().public_revision == revision1
    assert actions(verdict)[-1] == ("factcheck.verdict.reopened", "published", "draft")

    verdict = services.verdict_submit(verdict=verdict, by=reporter)
    verdict = services.verdict_approve(verdict=verdict, by=editor)
    with pytest.raises(services.PublishBlocked, match="public note"):
        services.verdict_publish(verdict=verdict, by=editor)

    # Notes are edited only in draft; send back, add the note, and go round again.
    verdict = services.verdict_send_back(
        verdict=verdict, by=editor, comment="Add the correction note."
    )
    verdict = services.verdict_update(
        verdict=verdict,
        by=reporter,
        version=verdict.version,
        note_kind=Verdict.NoteKind.CORRECTION,
        note="An earlier version misdated the MVD figure.",
    )
    revision2 = publish_through_review(verdict, reporter, editor)
    assert revision2.number == 2 and revision2.note_kind == "correction"
    assert (
        revision2.snapshot["corrections"][-1]["note"]
        == "An earlier version misdated the MVD figure."
    )
    verdict.refresh_from_db()
    assert verdict.public_revision == revision2 and verdict.note == ""
    assert actions(verdict)[-1] == ("factcheck.verdict.corrected", "in_review", "published")


def test_author_can_never_approve(claim, editor, second_editor, rating):
    verdict = draft(claim, editor, rating)
    verdict = services.verdict_submit(verdict=verdict, by=editor)
    with pytest.raises(services.NotAllowed, match="another editor must approve"):
        services.verdict_approve(verdict=verdict, by=editor)
    services.verdict_approve(verdict=verdict, by=second_editor)
    assert services.verdict_publish(verdict=verdict, by=editor).number == 1


def test_submitter_of_a_round_cannot_approve_it(claim, reporter, editor, second_editor, rating):
    verdict = draft(claim, reporter, rating)
    verdict = services.verdict_submit(verdict=verdict, by=editor)
    with pytest.raises(services.NotAllowed):
        services.verdict_approve(verdict=verdict, by=editor)
    services.verdict_approve(verdict=verdict, by=second_editor)


def test_wrong_role_is_refused(claim, reporter, other_reporter, editor, rating):
    verdict = draft(claim, reporter, rating)
    with pytest.raises(services.NotAllowed):
        services.verdict_submit(verdict=verdict, by=other_reporter)
    verdict = services.verdict_submit(verdict=verdict, by=reporter)
    for transition in (services.verdict_approve, services.verdict_publish):
        with pytest.raises(services.NotAllowed):
            transition(verdict=verdict, by=reporter)
    with pytest.raises(services.NotAllowed):
        services.verdict_send_back(verdict=verdict, by=reporter, comment="no")
    with pytest.raises(services.NotAllowed):
        services.verdict_update(
            verdict=verdict, by=other_reporter, version=verdict.version, headline="x"
        )
    assert Verdict.objects.get().state == State.IN_REVIEW


def test_wrong_state_is_refused(claim, reporter, editor, rating):
    verdict = draft(claim, reporter, rating)
    with pytest.raises(services.WrongState, match="cannot be approved"):
        services.verdict_approve(verdict=verdict, by=editor)
    with pytest.raises(services.WrongState, match="cannot be published"):
        services.verdict_publish(verdict=verdict, by=editor)
    with pytest.raises(services.WrongState, match="Only a published verdict"):
        services.verdict_retract(verdict=verdict, by=editor, reason="x")
    verdict = services.verdict_submit(verdict=verdict, by=reporter)
    with pytest.raises(services.WrongState, match="cannot be edited"):
        services.verdict_update(verdict=verdict, by=reporter, version=verdict.version, headline="x")
    with pytest.raises(services.WrongState, match="cannot be submitted"):
        services.verdict_submit(verdict=verdict, by=reporter)
    services.verdict_approve(verdict=verdict, by=editor)
    with pytest.raises(services.WrongState, match="already approved"):
        services.verdict_approve(verdict=verdict, by=editor)
    with pytest.raises(services.WorkflowError, match="needs a comment"):
        services.verdict_send_back(verdict=verdict, by=editor, comment="  ")


def test_publish_check_lists_every_problem_at_once(claim, reporter, editor):
    false = Rating.objects.get(slug="false")  # needs 2 origins
    claim.claimant = None
    claim.short = "False: the airport was never seized"
    claim.save()
    ClaimCitation.objects.filter(claim=claim, stance="supports").delete()
    Citation.objects.update(url="")
    Source.objects.update(url="")  # nor a publisher's address to look the passages up at
    contra_source = Source.objects.create(name="Vласть.kz", kind="outlet", slug="vlast")
    # It relays the MVD, so it adds no origin: the evidence still has one.
    contra = Citation.objects.create(
        source=contra_source,
        relays=claim.claim_citations.get().citation.relays,
        title="Photo",
        quote="фото",
    )
    ClaimCitation.objects.create(claim=claim, citation=contra, stance="contradicts")
    verdict = draft(claim, reporter, false, conclusion="", explanation="The MVD says so.")
    verdict = services.verdict_submit(verdict=verdict, by=reporter)
    services.verdict_approve(verdict=verdict, by=editor)
    with pytest.raises(services.PublishBlocked) as blocked:
        services.verdict_publish(verdict=verdict, by=editor)
    text = "\n".join(blocked.value.messages)
    for expected in [
        "no conclusion",
        "not attributed",
        "contains the rating “False”",
        "A reader could locate none of the passages",
        "“False” needs 2 independent contradicting origins; the evidence has 1: МВД",
        "never mentions the contradicting citation from Vласть.kz",
    ]:
        assert expected in text
    assert len(blocked.value.messages) == 6
    assert Verdict.objects.get().state == State.IN_REVIEW
    assert not AuditEntry.objects.filter(action="factcheck.verdict.published").exists()


def test_publish_needs_the_configured_number_of_approvals(
    claim, reporter, editor, second_editor, rating, settings
):
    settings.FACTCHECK_APPROVALS_REQUIRED = 2
    verdict = services.verdict_submit(verdict=draft(claim, reporter, rating), by=reporter)
    services.verdict_approve(verdict=verdict, by=editor)
    with pytest.raises(services.PublishBlocked, match="1 more approval"):
        services.verdict_publish(verdict=verdict, by=editor)
    services.verdict_approve(verdict=verdict, by=second_editor)
    assert services.verdict_publish(verdict=verdict, by=editor).number == 1


def test_approvals_do_not_carry_over_to_a_new_round(claim, reporter, editor, rating):
    verdict = services.verdict_submit(verdict=draft(claim, reporter, rating), by=reporter)
    services.verdict_approve(verdict=verdict, by=editor)
    verdict = services.verdict_send_back(verdict=verdict, by=editor, comment="One more source.")
    verdict = services.verdict_submit(verdict=verdict, by=reporter)
    with pytest.raises(services.PublishBlocked, match="1 more approval"):
        services.verdict_publish(verdict=verdict, by=editor)


def test_stale_save_is_refused_and_loses_nothing(claim, reporter, editor, rating):
    verdict = draft(claim, reporter, rating)
    opened_by_reporter = opened_by_editor = verdict.version
    services.verdict_update(
        verdict=verdict, by=editor, version=opened_by_editor, conclusion="Editor's wording."
    )
    with pytest.raises(services.StaleEdit) as stale:
        services.verdict_update(
            verdict=verdict, by=reporter, version=opened_by_reporter, conclusion="Mine."
        )
    assert "Erik Editor changed this verdict at" in str(stale.value)
    assert stale.value.current.conclusion == "Editor's wording."
    assert Verdict.objects.get().conclusion == "Editor's wording."


def test_retraction_leaves_a_tombstone(
    claim, reporter, editor, rating, django_capture_on_commit_callbacks
):
    heard = []

    def receiver(sender, verdict, revision, event, **kwargs):
        heard.append(event)

    verdict_released.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            publish_through_review(draft(claim, reporter, rating), reporter, editor)
            verdict = Verdict.objects.get()
            with pytest.raises(services.WorkflowError, match="needs its reason"):
                services.verdict_retract(verdict=verdict, by=editor, reason="")
            with pytest.raises(services.NotAllowed):
                services.verdict_retract(verdict=verdict, by=reporter, reason="wrong")
            services.verdict_retract(
                verdict=verdict, by=editor, reason="The MVD withdrew the figure."
            )
    finally:
        verdict_released.disconnect(receiver)
    assert heard == ["published", "retracted"]
    verdict = Verdict.objects.get()
    assert verdict.state == State.RETRACTED and verdict.public_revision is not None
    assert not Verdict.objects.published().exists()
    assert Verdict.objects.released().get() == verdict
    assert actions(verdict)[-1] == ("factcheck.verdict.retracted", "published", "retracted")
    with pytest.raises(services.WrongState):
        services.verdict_update(verdict=verdict, by=editor, version=verdict.version, headline="x")


def test_allowed_transitions_per_role(claim, reporter, editor, rating):
    verdict = draft(claim, reporter, rating)
    assert services.allowed_transitions(verdict, reporter) == ["submit"]
    verdict = services.verdict_submit(verdict=verdict, by=reporter)
    assert services.allowed_transitions(verdict, reporter) == []
    assert services.allowed_transitions(verdict, editor) == ["send_back", "approve", "publish"]
