"""A claimant's record in real Chromium (issue 12), on the demo desk: the chart read without
scripts, axe-core's WCAG 2.1 AA check, and screenshots in both languages
(test-artifacts/screenshots/site-claimant-*.png)."""

import pytest
from django.core.management import call_command
from django.db.models import Sum

from factcheck.models import PublicFacet
from sources.models import Source
from tests.accessibility import Audit
from tests.test_browser_site import publish_demo_figures, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_claimant_record_reads_without_scripts_and_passes_axe(
    browser, live_server, screenshots_dir
):
    call_command("loaddemo", verbosity=0)
    publish_demo_figures()
    # The demo's claimant with the most published verdicts (the maintained counts).
    top = (
        PublicFacet.objects.filter(kind=PublicFacet.Kind.CLAIMANT)
        .values("object_id")
        .annotate(n=Sum("verdicts"))
        .order_by("-n", "object_id")
        .first()
    )
    source = Source.objects.get(pk=top["object_id"])
    audit = Audit()
    # Scripts off: the chart is the server's SVG, nothing is drawn in the browser.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        for language in ("en", "ru"):
            page.goto(f"{live_server.url}/{language}/sources/{source.slug}/record/")
            chart = page.locator("svg[role=img]")
            assert chart.is_visible()
            name = chart.locator("title").text_content()
            assert str(top["n"]) in name
            bars = page.locator(".record-chart__bar")
            assert bars.count() >= 1 and bars.first.bounding_box()["width"] > 0
            counts = page.locator(".record-chart__count").all_text_contents()
            assert sum(int(text.split()[0]) for text in counts) == top["n"]
            assert page.locator(".record-scope").is_visible()
            assert page.locator(".card").count() == min(top["n"], 20)
            shoot(page, screenshots_dir, f"claimant-{language}")
        context.close()
        # axe runs as a script: a context that allows them, the same pages.
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        for language in ("en", "ru"):
            page.goto(f"{live_server.url}/{language}/sources/{source.slug}/record/")
            audit.check(page, f"claimant record ({language})")
    finally:
        context.close()
    audit.assert_clean()


def test_the_claim_form_suggests_while_typing_and_links_a_duplicate(
    browser, live_server, screenshots_dir
):
    """An editor types «захватили аэропорт» into a new claim: the desk suggests the demo's
    published airport seizure before saving; saved, the claim is linked to it instead of being
    checked again. axe-core checks the form with its suggestions."""
    call_command("loaddemo", verbosity=0)
    audit = Audit()
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", "demo-editor-2022")
        page.click("input[type=submit]")
        page.wait_for_selector("#desk-queue")
        page.goto(f"{live_server.url}/admin/factcheck/claim/add/")
        assert "No similar claim" in page.locator("#similar-claims").inner_text()
        page.fill("#id_text", "захватили аэропорт")
        page.wait_for_selector("#similar-claims li")
        first = page.locator("#similar-claims li").first
        assert "published verdict" in first.inner_text()
        assert "airport" in first.inner_text().lower()
        audit.check(page, "claim add form with suggestions")
        page.screenshot(path=str(screenshots_dir / "desk-similar-add.png"), full_page=True)

        page.fill("#id_text_en", "Protesters seized the airport")
        page.fill("#id_short", "Protesters seized the airport")
        with page.expect_navigation():
            page.click("input[name=_continue]")
        page.wait_for_selector("#similar-claims li")
        with page.expect_navigation():
            page.locator("#similar-claims li button").first.click()
        assert "recorded as a duplicate of" in page.locator(".messagelist").inner_text()
        assert "Recorded as a duplicate of" in page.locator("#similar-claims").inner_text()
        audit.check(page, "claim change form, linked")
        page.screenshot(path=str(screenshots_dir / "desk-similar-linked.png"), full_page=True)
    finally:
        context.close()
    audit.assert_clean()
