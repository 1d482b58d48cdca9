"""The desk's board (issue 11): open work by workflow state, each card with its assignee and due
time, bounded columns with a link to the rest, a fixed number of queries."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from factcheck.admin.work import BOARD_LENGTH
from factcheck.models import Approval, Claim, Rating, Verdict
from tests.factories import ClaimFactory

State = Verdict.State


def _column(page: str, key: str) -> str:
    return page.split(f'id="board-{key}"')[1].split("</section>")[0]


def _verdict(author, state, **fields):
    verdict = Verdict.objects.create(
        claim=ClaimFactory(status=Claim.Status.RESEARCHING),
        rating=Rating.objects.get(slug="false"),
        headline="V",
        author=author,
    )
    Verdict.objects.filter(pk=verdict.pk).update(state=state, **fields)
    return verdict


def test_the_board_sorts_open_work_into_its_columns(
    client, reporter, editor, second_editor, settings
):
    settings.FACTCHECK_APPROVALS_REQUIRED = 1
    late = timezone.now() - timedelta(hours=3)
    unchecked = ClaimFactory(short="Unchecked claim")
    Claim.objects.filter(pk=unchecked.pk).update(assignee=reporter, due_at=late)
    ClaimFactory(short="Researched claim", status=Claim.Status.RESEARCHING)
    ClaimFactory(short="Checked claim", status=Claim.Status.CHECKED)  # not open work
    _verdict(reporter, State.DRAFT, headline="A draft")
    _verdict(reporter, State.IN_REVIEW, headline="Waiting", review_round=1)
    ready = _verdict(reporter, State.IN_REVIEW, headline="Approved", review_round=1)
    Approval.objects.create(verdict=ready, review_round=1, editor=editor)
    _verdict(reporter, State.SENT_BACK, headline="Returned")
    client.force_login(second_editor)
    page = client.get(reverse("admin:factcheck_board")).content.decode()
    unchecked_column = _column(page, "unchecked")
    assert "Unchecked claim" in unchecked_column
    assert "Rita Reporter" in unchecked_column
    # Overdue is said in words, not by colour alone.
    assert "overdue</strong>" in unchecked_column
    researching = _column(page, "researching")
    # A claim with a verdict is on the board once, in its verdict's column.
    assert "Researched claim" in researching and researching.count("<li>") == 1
    assert "Checked claim" not in page
    assert "A draft" in _column(page, "draft")
    assert "Waiting" in _column(page, "in_review") and "Approved" not in _column(page, "in_review")
    assert "Approved" in _column(page, "ready")
    assert "Returned" in _column(page, "sent_back")
    # Headings name the columns, for screen readers' heading navigation.
    assert page.count('<h2 id="board-') == 6


def test_the_board_runs_a_fixed_number_of_queries(
    client, reporter, editor, django_assert_num_queries
):
    client.force_login(editor)
    # 1. the session 2. the user 3. 4. permissions 5.-10. the six columns
    for size in (2, BOARD_LENGTH + 2):
        while Verdict.objects.filter(state=State.DRAFT).count() < size:
            _verdict(reporter, State.DRAFT, assignee=reporter)
            _verdict(reporter, State.IN_REVIEW, review_round=1)
            ClaimFactory()
        with django_assert_num_queries(10):
            page = client.get(reverse("admin:factcheck_board")).content.decode()
        draft = _column(page, "draft")
        assert draft.count("<li>") == min(size, BOARD_LENGTH)
        # A longer column links to the list holding all of it.
        assert ("?state__exact=draft" in draft) == (size > BOARD_LENGTH)
