"""The editorial journey in real Chromium: draft, cite, submit, send back, fix, approve, publish,
correct. Screenshots of every step land in test-artifacts/screenshots/workflow-*.png."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from events.models import Event
from factcheck.models import Claim, ClaimCitation, Rating, Verdict
from sources.models import Citation
from tests.accessibility import Audit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def make_user(username, group, first, last):
    user = User.objects.create_user(
        username=username,
        password=f"pw-{username}",
        first_name=first,
        last_name=last,
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def login(browser, live_server, username, audit=None):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    if audit is not None:
        audit.check(page, "admin login")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}")
    page.click("input[type=submit]")
    page.wait_for_selector("#desk-queue")
    return page


def shot(page, screenshots_dir, name):
    page.screenshot(path=str(screenshots_dir / f"workflow-{name}.png"), full_page=True)


def pick_autocomplete(page, container_selector, term):
    page.click(f"{container_selector} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", term)
    option = page.locator(".select2-results__option:not(.loading-results)", has_text=term).first
    option.click()


def test_reporter_editor_journey(browser, live_server, screenshots_dir):
    call_command("loaddemo", verbosity=0)
    make_user("w_rita", "reporter", "Rita", "Reporter")
    make_user("w_erik", "editor", "Erik", "Editor")
    make_user("w_elena", "editor", "Elena", "Editor")

    # A demo claim the desk has not rated yet, attributed, with evidence already.
    claim = (
        Claim.objects.filter(
            verdicts__isnull=True, claimant__isnull=False, claim_citations__isnull=False
        )
        .distinct()
        .order_by("pk")
        .first()
    )
    assert claim is not None, "the demo should leave claims without a verdict"
    already = set(claim.claim_citations.values_list("citation_id", flat=True))
    extra = Citation.objects.exclude(pk__in=already).order_by("pk").first()

    # 1. The reporter cites one more source on the claim.
    audit = Audit()
    rita = login(browser, live_server, "w_rita", audit)
    audit.check(rita, "admin index, reporter")
    rita.goto(f"{live_server.url}/admin/factcheck/claim/{claim.pk}/change/")
    audit.check(rita, "claim change form")
    empty_row = "#claim_citations-group tr.form-row:not(.has_original):not(.empty-form)"
    pick_autocomplete(rita, f"{empty_row} td.field-citation", extra.quote[:30])
    rita.select_option(f"{empty_row} td.field-stance select", "context")
    with rita.expect_navigation():
        rita.click("input[name=_continue]")
    rita.wait_for_selector(".messagelist .success")
    assert ClaimCitation.objects.filter(claim=claim, stance="context").exists()
    shot(rita, screenshots_dir, "1-reporter-cites")

    # 2. The reporter drafts a verdict, without an explanation yet, and submits it.
    rita.goto(f"{live_server.url}/admin/factcheck/verdict/add/?claim={claim.pk}")
    rita.select_option("#id_rating", str(Rating.objects.get(slug="unproven").pk))
    rita.fill("#id_headline", "Nothing in the two reports confirms this")
    rita.fill("#id_conclusion", "Only one report carries the statement, relaying a single origin.")
    with rita.expect_navigation():
        rita.click("input[name=_continue]")
    rita.wait_for_selector("#publish-check")
    assert "The verdict has no explanation." in rita.inner_text("#publish-check")
    audit.check(rita, "verdict change form, draft")
    with rita.expect_navigation():
        rita.click("button[value=submit]")
    rita.wait_for_selector(".messagelist .success")
    assert rita.inner_text(".desk-state") == "IN REVIEW"
    assert rita.locator("#desk-actions").count() == 0  # nothing more for her to do now
    shot(rita, screenshots_dir, "2-reporter-submitted")
    verdict = Verdict.objects.get(claim=claim)

    # 3. The editor finds it in his queue and sends it back with a comment.
    erik = login(browser, live_server, "w_erik")
    assert "Nothing in the two reports confirms this" in erik.inner_text("#queue-awaiting-review")
    audit.check(erik, "admin index, editor with a review queue")
    with erik.expect_navigation():
        erik.click('#queue-awaiting-review a:has-text("Nothing in the two reports confirms this")')
    assert "The verdict has no explanation." in erik.inner_text("#publish-check")
    assert erik.locator("button[value=publish]").is_disabled()
    audit.check(erik, "verdict change form, in review")
    erik.fill(
        "button[value=send_back] >> xpath=.. >> textarea",
        "Write the explanation: say what each report says.",
    )
    with erik.expect_navigation():
        erik.click("button[value=send_back]")
    erik.wait_for_selector(".messagelist .success")
    shot(erik, screenshots_dir, "3-editor-sent-back")

    # 4. The reporter sees the comment, fixes the verdict and resubmits.
    rita.goto(f"{live_server.url}/admin/")
    assert "Nothing in the two reports confirms this" in rita.inner_text("#queue-sent-back")
    with rita.expect_navigation():
        rita.click('#queue-sent-back a:has-text("Nothing in the two reports confirms this")')
    assert "Write the explanation: say what each report says." in rita.inner_text(
        "#sent-back-comment"
    )
    audit.check(rita, "verdict change form, sent back")
    rita.fill(
        "#id_explanation",
        "The statement appears in **one report only**. Its origin is not confirmed by the other "
        "report. <iframe src='https://example.org'></iframe>",
    )
    # The live preview beside the editor renders it as readers will get it, and says what the
    # sanitiser drops (the iframe), before anything is saved.
    preview = rita.locator("#id_explanation >> xpath=ancestor::div[@class='markdown-editor']")
    preview.locator(".markdown-preview-body strong", has_text="one report only").wait_for()
    assert "Readers will not get this HTML: <iframe>." in preview.inner_text()
    audit.check(rita, "verdict change form, live Markdown preview")
    shot(rita, screenshots_dir, "4-markdown-preview")
    with rita.expect_navigation():
        rita.click("input[name=_continue]")
    rita.wait_for_selector(".messagelist .success")
    shot(rita, screenshots_dir, "4-reporter-fixed")
    with rita.expect_navigation():
        rita.click("button[value=submit]")
    rita.wait_for_selector(".messagelist .success")

    # 5. The editor approves and publishes.
    erik.goto(f"{live_server.url}/admin/factcheck/verdict/{verdict.pk}/change/")
    with erik.expect_navigation():
        erik.click("button[value=approve]")
    erik.wait_for_selector(".messagelist .success")
    assert "Nothing stands in the way of publishing." in erik.inner_text("#publish-check")
    with erik.expect_navigation():
        erik.click("button[value=publish]")
    erik.wait_for_selector(".messagelist .success")
    assert "Published" in erik.inner_text(".messagelist")
    assert erik.inner_text(".desk-state") == "PUBLISHED"
    audit.check(erik, "verdict change form, published")
    shot(erik, screenshots_dir, "5-editor-published")
    verdict.refresh_from_db()
    assert verdict.public_revision.number == 1
    assert Verdict.objects.published().filter(pk=verdict.pk).exists()

    # 6. The editor writes a correction; a second editor approves it; the editor publishes it.
    erik.fill("#id_headline", "Nothing in the two reports confirms the statement")
    erik.select_option("#id_note_kind", "correction")
    erik.fill("#id_note", "The headline overstated what the reports say.")
    with erik.expect_navigation():
        erik.click("input[name=_continue]")
    erik.wait_for_selector(".messagelist .success")
    assert "readers still see published revision 1" in erik.inner_text("#desk-status")
    with erik.expect_navigation():
        erik.click("button[value=submit]")
    erik.wait_for_selector(".messagelist .success")
    assert erik.locator("button[value=approve]").count() == 0  # he submitted this round

    elena = login(browser, live_server, "w_elena")
    elena.goto(f"{live_server.url}/admin/factcheck/verdict/{verdict.pk}/change/")
    with elena.expect_navigation():
        elena.click("button[value=approve]")
    elena.wait_for_selector(".messagelist .success")
    shot(elena, screenshots_dir, "6-second-editor-approved")

    erik.goto(f"{live_server.url}/admin/factcheck/verdict/{verdict.pk}/change/")
    with erik.expect_navigation():
        erik.click("button[value=publish]")
    erik.wait_for_selector(".messagelist .success")
    verdict.refresh_from_db()
    assert verdict.public_revision.number == 2
    assert verdict.public_revision.note_kind == "correction"
    assert "The headline overstated" in erik.inner_text("#revisions-group")
    shot(erik, screenshots_dir, "7-editor-published-correction")

    with erik.expect_navigation():
        erik.click("text=Revisions and audit log")
    log = erik.inner_text("#audit-log")
    for action in ("submitted", "sent_back", "approved", "published", "corrected"):
        assert f"factcheck.verdict.{action}" in log
    shot(erik, screenshots_dir, "8-history")
    audit.check(erik, "verdict history and compare")

    # Issue 11: the editor assigns an open claim to the reporter, already overdue; the board
    # shows it so in words; she is told on her index and answers in a note mentioning him.
    open_claim = Claim.objects.filter(verdicts__isnull=True).order_by("pk").first()
    erik.goto(f"{live_server.url}/admin/factcheck/claim/{open_claim.pk}/change/")
    with erik.expect_navigation():
        erik.click("#assign-link")
    audit.check(erik, "assign a claim")
    erik.select_option("#id_assignee", label="Rita Reporter")
    erik.fill("#id_due_at_0", "2026-01-05")
    erik.fill("#id_due_at_1", "09:00")
    with erik.expect_navigation():
        erik.click("#assign-form input[type=submit]")
    erik.wait_for_selector(".messagelist .success")
    erik.goto(f"{live_server.url}/admin/board/")
    card = erik.locator(f'#desk-board li:has(a[href$="/claim/{open_claim.pk}/change/"])')
    assert "Rita Reporter" in card.inner_text() and "overdue" in card.inner_text()
    # Keyboard: the card's link takes focus and opens with Enter.
    card.locator("a").focus()
    audit.check(erik, "the desk's board")
    shot(erik, screenshots_dir, "9-board")
    with erik.expect_navigation():
        erik.keyboard.press("Enter")
    assert f"/claim/{open_claim.pk}/change/" in erik.url
    rita.goto(f"{live_server.url}/admin/")
    assert open_claim.short in rita.inner_text("#work-assigned")
    assert open_claim.short in rita.inner_text("#work-overdue")
    assert "1 unread" in rita.inner_text("#desk-queue")
    audit.check(rita, "admin index with assignments and notifications")
    with rita.expect_navigation():
        rita.click("#work-notifications a")
    rita.fill("#id_note_text", "@w_erik the second report is a relay, not a source.")
    with rita.expect_navigation():
        rita.click("#desk-notes button[type=submit]")
    assert "second report is a relay" in rita.inner_text("#desk-notes-thread")
    audit.check(rita, "claim change form with notes")
    erik.goto(f"{live_server.url}/admin/")
    assert "mentioned you" in erik.inner_text("#work-notifications")

    # The rest of the desk's own pages.
    erik.goto(f"{live_server.url}/admin/factcheck/verdict/")
    assert erik.locator("#result_list").count() == 1
    audit.check(erik, "verdict changelist")
    event = Event.objects.order_by("pk").first()
    erik.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")
    assert erik.locator("#event_form").count() == 1
    audit.check(erik, "event change form")
    audit.assert_clean()
    for page in (rita, erik, elena):
        page.context.close()
