"""Issue 12's intake in real Chromium, on the demo desk: a reader sends a claim in Russian from the
footer link, another asks for a correction from a published verdict's page, and an editor triages
the first in the desk's queue as a duplicate of the similar published verdict the triage page
suggests; the reader's reply mail
carries its link. Every page on the way (the forms, their errors, the thanks page, the queue and
the triage page) passes axe-core."""

import pytest
from django.core import mail
from django.core.management import call_command

from factcheck import similar
from factcheck.models import Submission, Verdict
from tests.accessibility import Audit
from tests.test_browser_workflow import login, make_user

# The demo's two claims that Almaty airport was seized, each with a published verdict.
AIRPORT_SEIZURE = {"airport-seized-by-rioters-late-5-january", "airport-seized-by-protesters"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _intake_settings(settings):
    settings.FACTCHECK_INTAKE_MIN_SECONDS = 0  # the browser is quicker than a reader
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_a_reader_sends_a_claim_and_a_correction_and_the_editor_answers(
    browser, live_server, screenshots_dir
):
    call_command("loaddemo", verbosity=0)
    published = Verdict.objects.filter(state="published").select_related("claim").first()
    audit = Audit()

    # A reader, in Russian, from the footer of the home page.
    reader = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = reader.new_page()
    page.goto(f"{live_server.url}/ru/")
    page.click("footer a[href='/ru/submit/']")
    page.wait_for_selector("form.intake-form")
    audit.check(page, "submit form (ru)")
    page.click("form.intake-form button[type=submit]")  # empty: the errors, each naming its field
    page.wait_for_selector("#form-errors")
    assert page.locator("#form-errors li").count() == 2
    audit.check(page, "submit form with errors (ru)")
    page.fill("#id_text", "Протестующие захватили аэропорт Алматы")
    page.fill("#id_seen_where", "https://t.me/example/1")
    page.fill("#id_email", "reader@example.org")
    page.click("form.intake-form button[type=submit]")
    page.wait_for_url("**/ru/submit/thanks/?kind=claim")
    audit.check(page, "thanks page (ru)")
    page.screenshot(path=str(screenshots_dir / "intake-thanks-ru.png"), full_page=True)

    # Another reader asks for a correction from the verdict's page, in English.
    page.goto(f"{live_server.url}/en/verdicts/{published.claim.slug}/")
    page.click(".notes__request a")
    page.wait_for_selector("form.intake-form")
    audit.check(page, "correction form (en)")
    page.fill("#id_text", "The figure in the second paragraph is out of date.")
    page.click("form.intake-form button[type=submit]")
    page.wait_for_url("**/en/submit/thanks/?kind=correction")
    correction = Submission.objects.get(kind="correction")
    assert correction.verdict_id == published.pk

    # The editor's queue and triage page.
    make_user("i_erik", "editor", "Erik", "Editor")
    desk = login(browser, live_server, "i_erik")
    desk.goto(f"{live_server.url}/admin/factcheck/submission/")
    assert desk.locator("#result_list tbody tr").count() == 2
    audit.check(desk, "triage queue")
    claim_sent = Submission.objects.get(kind="claim")
    desk.goto(f"{live_server.url}/admin/factcheck/submission/{claim_sent.pk}/change/")
    desk.wait_for_selector("#similar-claims")
    audit.check(desk, "triage page")
    desk.screenshot(path=str(screenshots_dir / "intake-triage.png"), full_page=True)
    # The desk's own airport-seizure claim is suggested first, with its published verdict; the
    # editor links the reader's submission to it in one click.
    top = similar.suggest(claim_sent.text, limit=5)[0]
    assert top.claim.slug in AIRPORT_SEIZURE and top.verdict is not None
    first = desk.locator("#similar-claims li").first
    assert str(top.claim) in first.inner_text()
    first.locator("button[type=submit]").click()
    desk.wait_for_url("**/admin/factcheck/submission/")
    claim_sent.refresh_from_db()
    assert claim_sent.state == "duplicate" and claim_sent.claim_id == top.claim.pk
    (reply,) = [m for m in mail.outbox if m.to == ["reader@example.org"]]
    assert f"/ru/verdicts/{top.claim.slug}/" in reply.body
    assert "Спасибо" in reply.body
    audit.assert_clean()
