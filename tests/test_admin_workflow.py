"""The verdict desk in the admin: buttons, refusals, stale saves, history, queue and bulk actions."""

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.models import AuditEntry, Rating, Verdict
from tests.test_workflow import draft, publish_through_review

State = Verdict.State


@pytest.fixture
def rating(db):
    return Rating.objects.get(slug="mostly-true")


def change_url(verdict):
    return reverse("admin:factcheck_verdict_change", args=[verdict.pk])


def transition_url(verdict, name):
    return reverse("admin:factcheck_verdict_transition", args=[verdict.pk, name])


def form_data(verdict, **overrides):
    data = {
        "rating": verdict.rating_id or "",
        "headline": verdict.headline,
        "conclusion": verdict.conclusion,
        "explanation": verdict.explanation,
        "language": verdict.language,
        "note_kind": verdict.note_kind,
        "note": verdict.note,
        "review_by": "",
        "opened_version": verdict.version,
        # the read-only inlines still send their management forms
        "approvals-TOTAL_FORMS": "0",
        "approvals-INITIAL_FORMS": "0",
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
        # the versions in other languages (issue 11): none sent, none changed
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_buttons_follow_role_and_state(client, claim, reporter, editor, rating):
    verdict = draft(claim, reporter, rating)
    client.force_login(reporter)
    page = client.get(change_url(verdict)).content.decode()
    assert (
        'value="submit"' in page and 'value="approve"' not in page and 'value="publish"' not in page
    )
    assert "Publish check" in page
    preview = f"/en/verdicts/{claim.slug}/?preview=1"
    assert preview in page
    assert "Preview" in client.get(preview).content.decode()
    client.logout()
    assert client.get(preview).status_code == 404
    client.force_login(reporter)

    services.verdict_submit(verdict=verdict, by=reporter)
    page = client.get(change_url(verdict)).content.decode()
    assert 'id="desk-actions"' not in page  # nothing a reporter may do while it is in review

    client.force_login(editor)
    page = client.get(change_url(verdict)).content.decode()
    for name in ("approve", "send_back", "publish"):
        assert f'value="{name}"' in page
    assert "It needs 1 more approval" in page
    assert 'value="submit"' not in page


def test_send_back_and_refusals_are_messages(client, claim, reporter, editor, rating):
    verdict = services.verdict_submit(verdict=draft(claim, reporter, rating), by=reporter)
    client.force_login(reporter)
    response = client.post(transition_url(verdict, "approve"), follow=True)
    assert "You are not allowed to review verdicts." in response.content.decode()

    client.force_login(editor)
    response = client.post(transition_url(verdict, "send_back"), {"comment": ""}, follow=True)
    assert "sending back needs a comment" in response.content.decode()
    response = client.post(
        transition_url(verdict, "send_back"), {"comment": "Add the MVD's time."}, follow=True
    )
    assert response.status_code == 200
    assert Verdict.objects.get().state == State.SENT_BACK

    client.force_login(reporter)
    page = client.get(change_url(verdict)).content.decode()
    assert "Add the MVD&#x27;s time." in page or "Add the MVD's time." in page
    assert client.get(transition_url(verdict, "submit")).status_code == 405


def test_publish_button_publishes_after_approval(
    client, claim, reporter, editor, second_editor, rating
):
    verdict = services.verdict_submit(verdict=draft(claim, reporter, rating), by=reporter)
    client.force_login(editor)
    client.post(transition_url(verdict, "approve"), {"comment": "Solid."})
    page = client.get(change_url(verdict)).content.decode()
    assert "Nothing stands in the way of publishing." in page
    response = client.post(transition_url(verdict, "publish"), follow=True)
    assert "Published: readers and partners now see this revision." in response.content.decode()
    assert Verdict.objects.published().count() == 1


def test_failing_publish_check_lists_every_problem(client, claim, reporter, editor, rating):
    verdict = services.verdict_submit(
        verdict=draft(claim, reporter, rating, conclusion="", explanation=""), by=reporter
    )
    client.force_login(editor)
    client.post(transition_url(verdict, "approve"))
    response = client.post(transition_url(verdict, "publish"), follow=True)
    page = response.content.decode()
    assert "The verdict has no conclusion." in page and "The verdict has no explanation." in page
    assert Verdict.objects.get().state == State.IN_REVIEW


def test_second_of_two_concurrent_saves_is_refused(client, claim, reporter, editor, rating):
    verdict = draft(claim, reporter, rating)
    opened = form_data(verdict)  # both open the form at the same version

    client.force_login(editor)
    response = client.post(change_url(verdict), {**opened, "conclusion": "The editor's wording."})
    assert response.status_code == 302

    client.force_login(reporter)
    response = client.post(change_url(verdict), {**opened, "conclusion": "The reporter's wording."})
    assert response.status_code == 200  # the form again, with the reporter's input kept
    page = response.content.decode()
    assert "Erik Editor changed this verdict at" in page
    assert "The editor&#x27;s wording." in page  # what the saved verdict now says
    assert "The reporter&#x27;s wording." in page  # and what they typed, not lost either
    assert Verdict.objects.get().conclusion == "The editor's wording."


def test_editing_published_verdict_in_admin_reopens_it(client, claim, reporter, editor, rating):
    publish_through_review(draft(claim, reporter, rating), reporter, editor)
    verdict = Verdict.objects.get()
    client.force_login(editor)
    response = client.post(
        change_url(verdict),
        form_data(
            verdict,
            headline="A better headline",
            note_kind="correction",
            note="We misdated the figure.",
        ),
    )
    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.state == State.DRAFT and verdict.public_revision.headline != "A better headline"
    assert AuditEntry.objects.filter(action="factcheck.verdict.reopened").exists()


def test_history_view_compares_versions_with_audit_beside(client, claim, reporter, editor, rating):
    verdict = draft(claim, reporter, rating)
    verdict = services.verdict_update(
        verdict=verdict, by=reporter, version=verdict.version, headline="Second"
    )
    client.force_login(editor)
    url = reverse("admin:factcheck_verdict_desk_history", args=[verdict.pk])
    page = client.get(url).content.decode()
    assert "factcheck.verdict.created" in page and "factcheck.verdict.edited" in page
    records = list(verdict.history.order_by("history_id"))
    page = client.get(
        url, {"a": records[0].history_id, "b": records[-1].history_id}
    ).content.decode()
    assert 'id="compare"' in page and "Second" in page and "The MVD&#x27;s count of 26 dead" in page

    claim.short = "At least 26 protesters killed, per the MVD on 7 January"
    claim.save()
    records = list(claim.history.order_by("history_id"))
    page = client.get(url, {"ca": records[0].history_id, "cb": records[-1].history_id})
    page = page.content.decode()
    assert "Compare the claim of" in page
    assert "At least 26 protesters killed in Kazakhstan by 7 January" in page
    assert "At least 26 protesters killed, per the MVD on 7 January" in page


def test_index_queue(client, claim, reporter, editor, rating):
    verdict = services.verdict_submit(verdict=draft(claim, reporter, rating), by=reporter)
    client.force_login(editor)
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="queue-awaiting-review"' in page and verdict.headline.replace("'", "&#x27;") in page
    services.verdict_send_back(verdict=verdict, by=editor, comment="fix")
    client.force_login(reporter)
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="queue-awaiting-review"' not in page
    sent_back = page.split('id="queue-sent-back"')[1].split("</ul>")[0]
    assert "26 dead" in sent_back


def test_bulk_actions_report_each_refusal(client, claim, reporter, editor, rating):
    verdict = draft(claim, reporter, rating)
    client.force_login(reporter)
    response = client.post(
        reverse("admin:factcheck_verdict_changelist"),
        {"action": "submit_selected", "_selected_action": [verdict.pk]},
        follow=True,
    )
    assert "1 verdict submitted." in response.content.decode()
    client.force_login(editor)
    response = client.post(
        reverse("admin:factcheck_verdict_changelist"),
        {"action": "publish_selected", "_selected_action": [verdict.pk]},
        follow=True,
    )
    assert "It needs 1 more approval" in response.content.decode()


def test_verdicts_cannot_be_deleted(client, claim, reporter, administrator, rating):
    verdict = draft(claim, reporter, rating)
    client.force_login(administrator)
    assert (
        client.get(reverse("admin:factcheck_verdict_delete", args=[verdict.pk])).status_code == 403
    )


def test_changelist_query_count_is_fixed(
    client, claim, reporter, editor, rating, django_assert_num_queries
):
    client.force_login(editor)
    url = reverse("admin:factcheck_verdict_changelist")
    # 1 session, 2 user, 3-4 the user's permissions (own and through groups), 5 ratings for the
    # rating filter, 6 users for the author filter, 7 the count (no second count of the
    # unfiltered total, no date hierarchy: BigListAdmin, VerdictAdmin.list_filter), 8 the page
    # of verdicts with claim, rating, author and public revision joined
    for n in (1, 12):
        for i in range(Verdict.objects.count() + 1, n + 1):
            other = claim.__class__.objects.create(
                text=f"утверждение {i}",
                short=f"Claim {i}",
                slug=f"claim-{i}",
                claimant=claim.claimant,
            )
            draft(other, reporter, rating, headline=f"Verdict {i}")
        with django_assert_num_queries(8):
            assert client.get(url).status_code == 200


def test_second_verdict_on_a_claim_is_a_form_error(client, claim, reporter, rating):
    draft(claim, reporter, rating)
    client.force_login(reporter)
    response = client.post(
        reverse("admin:factcheck_verdict_add"),
        {"claim": claim.pk, "rating": rating.pk, "headline": "Another", "language": "en"},
    )
    assert response.status_code == 200
    assert "Verdict with this Claim already exists." in response.content.decode()
    assert Verdict.objects.count() == 1
