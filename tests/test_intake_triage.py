"""The desk's side of issue 12 ("Intake"): the triage queue, each transition with its audit
entry, the reply mail (queued as a task, in the reader's language, with the published verdict's
link) and the erasure of personal data."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from factcheck import services as workflow
from factcheck.intake import services
from factcheck.models import AuditEntry, Claim, ClaimCitation, Rating, Submission
from tests.factories import sample

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = IMMEDIATE
    settings.SITE_URL = "https://desk.example"


@pytest.fixture(autouse=True)
def _in_english():
    """URLs are reversed in English unless a test says otherwise, whatever ran before."""
    with translation.override("en"):
        yield


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the block queues for after commit (mail, publication receivers), as a real
    commit would: the test's own transaction never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def received(text="Протестующие захватили аэропорт Алматы", *, language="ru", **extra):
    return services.submission_create(
        text=text,
        seen_where="https://t.me/x/1",
        email="reader@example.org",
        language=language,
        **extra,
    )


def audit(submission, action):
    return AuditEntry.objects.get(action=f"factcheck.submission.{action}", object_id=submission.pk)


# --- transitions ----------------------------------------------------------------------------


def test_turning_a_submission_into_a_claim_prefills_it_and_answers_on_publication(
    editor, committed
):
    submission = received()
    with committed():
        claim = services.submission_to_claim(
            submission=submission, by=editor, short="Airport seized"
        )
    assert claim.text == submission.text and claim.language == "ru"
    assert claim.short == "Airport seized" and claim.created_by == editor
    submission.refresh_from_db()
    assert (submission.state, submission.claim, submission.decided_by) == ("claimed", claim, editor)
    entry = audit(submission, "claimed")
    assert (entry.actor, entry.from_state, entry.to_state) == (editor, "new", "claimed")
    assert entry.data == {"claim": claim.pk}
    # Nothing to tell the reader yet: the claim has no published verdict.
    assert mail.outbox == [] and submission.answered_at is None

    # Published later: the reader is answered then, in Russian, with the verdict's link.
    with committed():
        verdict = sample.publish(_complete(claim))
    replies = [m for m in mail.outbox if m.to == ["reader@example.org"]]
    assert len(replies) == 1
    link = f"https://desk.example/ru/verdicts/{verdict.claim.slug}/"
    assert link in replies[0].body
    assert "Спасибо" in replies[0].body and "аэропорт Алматы" in replies[0].body
    assert replies[0].subject.endswith(": утверждение, которое вы нам прислали")
    submission.refresh_from_db()
    assert submission.answered_at is not None
    # A republication does not answer twice.
    with committed():
        sample.republish(verdict, note="A detail.")
    assert len([m for m in mail.outbox if m.to == ["reader@example.org"]]) == 1


def _complete(claim: Claim) -> Claim:
    """Give the claim the evidence a publication needs (the sample claims' citations)."""
    donor = sample.claim(900)
    for link in ClaimCitation.objects.filter(claim=donor):
        link.pk = None
        link.claim = claim
        link.save()
    claim.claimant = donor.claimant
    claim.appeared_at = donor.appeared_at
    claim.save()
    return claim


def test_a_duplicate_of_a_published_verdict_is_answered_at_once_with_its_link(editor, committed):
    verdict = sample.publish(sample.claim(1))
    mail.outbox.clear()
    english = received("The airport was seized by protesters", language="en")
    with committed():
        services.submission_mark_duplicate(submission=english, by=editor, verdict=verdict)
    english.refresh_from_db()
    assert (english.state, english.claim_id) == ("duplicate", verdict.claim_id)
    assert audit(english, "duplicate").data == {"claim": verdict.claim_id, "verdict": verdict.pk}
    (reply,) = mail.outbox
    assert reply.to == ["reader@example.org"]
    assert f"https://desk.example/en/verdicts/{verdict.claim.slug}/" in reply.body
    assert "We have checked this claim" in reply.body


def test_a_duplicate_of_a_claim_still_being_checked_waits_for_its_verdict(editor, committed):
    claim = sample.claim(2)
    submission = received()
    with committed():
        services.submission_mark_duplicate(submission=submission, by=editor, claim=claim)
    assert mail.outbox == []
    with committed():
        sample.publish(claim)
    assert [m.to for m in mail.outbox if m.to == ["reader@example.org"]] == [["reader@example.org"]]


def test_declining_needs_a_reason_which_the_reply_carries(editor, committed):
    submission = received(language="en")
    with pytest.raises(workflow.WrongState):
        services.submission_decline(submission=submission, by=editor, reason="  ")
    with committed():
        services.submission_decline(submission=submission, by=editor, reason="It is an opinion.")
    entry = audit(submission, "declined")
    assert (entry.to_state, entry.comment) == ("declined", "It is an opinion.")
    (reply,) = mail.outbox
    assert "It is an opinion." in reply.body and "not to take it further" in reply.body


def test_no_address_no_mail(editor, committed):
    submission = services.submission_create(text="A claim", seen_where="TV", language="en")
    with committed():
        services.submission_decline(submission=submission, by=editor, reason="Not checkable.")
    assert mail.outbox == []


def test_a_correction_request_is_accepted_with_the_verdicts_link(editor, committed):
    verdict = sample.publish(sample.claim(3))
    mail.outbox.clear()
    request = received("The figure is 25.", language="en", verdict=verdict)
    assert request.kind == "correction"
    with committed():
        services.submission_accept_correction(submission=request, by=editor, note="Checking it.")
    request.refresh_from_db()
    assert (request.state, request.claim_id) == ("accepted", verdict.claim_id)
    assert audit(request, "accepted").to_state == "accepted"
    (reply,) = mail.outbox
    assert "correction request" in reply.subject
    assert f"/en/verdicts/{verdict.claim.slug}/" in reply.body


def test_a_decided_submission_is_not_decided_again_and_reporters_may_not_triage(editor, reporter):
    submission = received()
    with pytest.raises(workflow.NotAllowed):
        services.submission_decline(submission=submission, by=reporter, reason="No.")
    services.submission_decline(submission=submission, by=editor, reason="No.")
    with pytest.raises(workflow.WrongState):
        services.submission_to_claim(submission=submission, by=editor)
    with pytest.raises(workflow.WrongState):
        services.submission_accept_correction(submission=submission, by=editor)
    assert (
        AuditEntry.objects.filter(
            object_id=submission.pk, action__startswith="factcheck.submission."
        ).count()
        == 2
    )


# --- the desk's pages -----------------------------------------------------------------------


def _many(n: int) -> None:
    verdict = sample.publish(sample.claim(7))
    for i in range(n):
        services.submission_create(
            text=f"Claim {i}",
            seen_where="TV",
            email="r@example.org" if i % 2 else "",
            verdict=verdict if i % 3 == 0 else None,
        )


@pytest.mark.parametrize("size", [3, 30])
def test_the_queue_costs_the_same_whatever_its_length(
    client, editor, django_assert_num_queries, size
):
    _many(size)
    client.force_login(editor)
    url = reverse("admin:factcheck_submission_changelist") + "?state__exact=new"
    client.get(url)  # warm: content types, permissions
    # 1. the session, 2. the user, 3. and 4. the user's own and group permissions, 5. the count
    # of the filtered rows, 6. the page of submissions with their verdicts (one join).
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == size


def test_the_queue_filters_by_kind_and_state_newest_first(client, editor):
    _many(4)
    client.force_login(editor)
    response = client.get(
        reverse("admin:factcheck_submission_changelist") + "?kind__exact=correction"
    )
    rows = list(response.context["cl"].result_list)
    assert [r.kind for r in rows] == ["correction", "correction"]
    assert rows == sorted(rows, key=lambda r: (r.created_at, r.pk), reverse=True)


def test_the_triage_page_leaves_a_place_for_similar_claims_and_acts_through_the_services(
    client, editor
):
    submission = received()
    client.force_login(editor)
    url = reverse("admin:factcheck_submission_change", args=[submission.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["suggestions"] == []
    assert b'id="similar-claims"' in page.content
    assert submission.text.encode() in page.content
    response = client.post(url, {"action": "to_claim", "short": "Airport seized"})
    claim = Claim.objects.get(short="Airport seized")
    assert response["Location"] == reverse("admin:factcheck_claim_change", args=[claim.pk])
    assert audit(submission, "claimed").actor == editor
    # Decided: the page shows it, with no buttons left.
    page = client.get(url)
    assert b'name="action"' not in page.content


def test_the_triage_page_declines_with_a_reason_named_when_missing(client, editor):
    submission = received()
    client.force_login(editor)
    url = reverse("admin:factcheck_submission_change", args=[submission.pk])
    response = client.post(url, {"action": "decline", "reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["forms"]["decline"].errors
    response = client.post(url, {"action": "duplicate", "claim": "", "verdict": ""})
    assert response.context["forms"]["duplicate"].non_field_errors()
    submission.refresh_from_db()
    assert submission.state == "new"


def test_reporters_and_readers_do_not_see_the_queue_or_the_screenshots(client, reporter, editor):
    submission = received()
    submission.screenshot.save("a.png", ContentFile(b"\x89PNG..."), save=True)
    shot = reverse("admin:factcheck_submission_screenshot", args=[submission.pk])
    assert client.get(shot).status_code == 302  # to the login
    client.force_login(reporter)
    assert client.get(reverse("admin:factcheck_submission_changelist")).status_code == 403
    assert client.get(shot).status_code == 403
    client.force_login(editor)
    response = client.get(shot)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == b"\x89PNG..."


# --- personal data --------------------------------------------------------------------------


def test_personal_data_is_erased_after_the_configured_days_and_the_text_kept(settings, committed):
    settings.FACTCHECK_INTAKE_PERSONAL_DATA_DAYS = 30
    old, recent = received("Old claim"), received("Recent claim")
    old.screenshot.save("old.png", ContentFile(b"image"), save=True)
    name = old.screenshot.name
    Submission.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    Submission.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=29))
    with committed():
        call_command("expire_submissions", stdout=StringIO())
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.email, old.screenshot.name, old.text) == ("", "", "Old claim")
    assert old.personal_data_erased_at is not None
    assert not default_storage.exists(name)
    assert audit(old, "personal_data_erased")
    assert recent.email == "reader@example.org" and recent.personal_data_erased_at is None
    # A reply queued before the erasure sends nothing afterwards.
    from factcheck.intake.replies import send_reply

    assert send_reply(old.pk) == 0


def test_nothing_of_a_submission_is_public(client):
    verdict = sample.publish(sample.claim(5))
    received("zqxsecret submission", verdict=verdict)
    for url in [
        reverse("site:home"),
        reverse("site:verdict", kwargs={"slug": verdict.claim.slug}),
        reverse("site:corrections"),
        reverse("site:search") + "?q=submission",
        reverse("site:feed"),
        reverse("sitemap_xml"),
    ]:
        assert b"zqxsecret" not in client.get(url).content
    assert Rating.objects.exists()
