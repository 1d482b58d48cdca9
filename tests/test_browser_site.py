"""The public site in real Chromium, on the demo desk (the January 2022 case study): a reader
follows the story from the home page to the timeline, a verdict, its evidence and the figures, in
English and in Russian. Screenshots land in test-artifacts/screenshots/site-*.png."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from factcheck import services
from factcheck.models import Figure, Rating, Verdict
from sources.models import Source
from tests.accessibility import Audit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


UMBRELLA = "kazakhstan-unrest-january-2022"


def publish_demo_figures():
    """Publish the demo's figure claims the publish check lets through, so the figures view has
    several counts side by side (the demo itself publishes only the gas price)."""
    reporter = User.objects.get(username="reporter")
    editor, second = User.objects.get(username="editor"), User.objects.get(username="editor2")
    unproven = Rating.objects.get(slug="unproven")
    for figure in Figure.objects.select_related("claim").order_by("pk"):
        claim = figure.claim
        verdict = claim.verdicts.first()
        if verdict is not None and verdict.state not in {"draft", "sent_back", "in_review"}:
            continue
        try:
            if verdict is None:
                verdict = services.verdict_create(
                    claim=claim,
                    by=reporter,
                    headline=f"{claim.short}: one official source, not yet confirmed",
                    rating=unproven,
                    conclusion="Only the authorities give this figure; we found no second origin.",
                    explanation="The figure is quoted as published. We will update this check.",
                )
            if verdict.rating is None or not verdict.conclusion:
                continue
            if verdict.state != Verdict.State.IN_REVIEW:
                verdict = services.verdict_submit(verdict=verdict, by=reporter)
            verdict = services.verdict_approve(verdict=verdict, by=second)
            services.verdict_publish(verdict=verdict, by=editor)
        except services.WorkflowError:
            continue  # e.g. no cited URL: the demo keeps it unpublished, and so do we


def shoot(page, screenshots_dir, name):
    page.screenshot(path=str(screenshots_dir / f"site-{name}.png"), full_page=True)


def test_a_reader_follows_the_story_in_both_languages(browser, live_server, screenshots_dir):
    call_command("loaddemo", verbosity=0)
    publish_demo_figures()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    audit = Audit()
    page = context.new_page()
    try:
        # The root follows the browser's language.
        page.goto(f"{live_server.url}/")
        assert page.url == f"{live_server.url}/en/"
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.locator(".card").count() >= 8
        shoot(page, screenshots_dir, "home-en")
        audit.check(page, "home (en)")

        # Filters work without JavaScript: a plain GET form.
        page.select_option("#filter-rating", "unproven")
        with page.expect_navigation():
            page.click(".filters button[type=submit]")
        assert "rating=unproven" in page.url
        assert all(text == "Unproven" for text in page.locator(".card .rating").all_inner_texts())
        audit.check(page, "home, filtered (en)")

        # From the home page to the story's timeline.
        page.goto(f"{live_server.url}/en/")
        with page.expect_navigation():
            page.click(f"a.chip[href='/en/events/{UMBRELLA}/']")
        assert page.url.endswith(f"/en/events/{UMBRELLA}/")
        entries = page.locator(".timeline__entry")
        titles = entries.locator(".timeline__title").all_inner_texts()
        assert titles[0].startswith("Gas-price protest in Zhanaozen")
        assert any("CSTO contingents" in title for title in titles)
        seizure = page.locator("#event-almaty-airport-seized")
        assert "reversed by" in seizure.inner_text().lower()
        assert "Late evening of 5 January 2022" in seizure.inner_text()
        shoot(page, screenshots_dir, "timeline-en")
        audit.check(page, "event timeline (en)")

        # From the timeline to a verdict and its evidence.
        with page.expect_navigation():
            seizure.locator(".claim-line__link").first.click()
        assert "/en/verdicts/" in page.url
        assert page.locator("h1").get_attribute("lang") == "en"
        assert page.locator(".claim-box__quote [lang=ru]").first.is_visible()
        assert page.locator(".origin").count() >= 2
        ld = page.locator("script[type='application/ld+json']").inner_text()
        assert '"@type":"ClaimReview"' in ld
        shoot(page, screenshots_dir, "verdict-en")
        audit.check(page, "verdict (en)")
        verdict_path = page.url.removeprefix(live_server.url)

        # The figures side by side.
        page.goto(f"{live_server.url}/en/events/{UMBRELLA}/figures/")
        assert page.locator(".figures__table").count() >= 3
        assert "Killed" in page.locator("h2").all_inner_texts()
        shoot(page, screenshots_dir, "figures-en")
        audit.check(page, "figures (en)")

        # The same pages in Russian, through the language switch.
        page.goto(f"{live_server.url}/en/")
        with page.expect_navigation():
            page.click(".language-switch a[hreflang=ru]")
        assert page.url == f"{live_server.url}/ru/"
        assert page.evaluate("document.documentElement.lang") == "ru"
        assert page.locator("h1").inner_text() == "Свежие проверки"
        shoot(page, screenshots_dir, "home-ru")
        audit.check(page, "home (ru)")
        page.goto(f"{live_server.url}/ru/events/{UMBRELLA}/")
        when = page.locator("#event-almaty-airport-freed .timeline__when").inner_text()
        assert when == "В ночь с 5 на 6 января 2022"
        shoot(page, screenshots_dir, "timeline-ru")
        audit.check(page, "event timeline (ru)")
        page.goto(live_server.url + verdict_path.replace("/en/", "/ru/", 1))
        assert page.locator("#evidence-heading").inner_text() == "Доказательства"
        shoot(page, screenshots_dir, "verdict-ru")
        audit.check(page, "verdict (ru)")
        page.goto(f"{live_server.url}/ru/events/{UMBRELLA}/figures/")
        assert "Погибшие" in page.locator("h2").all_inner_texts()
        shoot(page, screenshots_dir, "figures-ru")
        audit.check(page, "figures (ru)")

        # Search, in Russian words whatever their case.
        page.goto(f"{live_server.url}/en/search/?q=АЭРОПОРТ")
        assert page.locator(".card").count() >= 2
        audit.check(page, "search (en)")

        # The rest of the site, in both languages: WCAG 2.1 AA on every page.
        source = Source.objects.order_by("pk").first()
        for lang in ("en", "ru"):
            for where, path in (
                ("search", "search/?q=airport"),
                ("sources", "sources/"),
                ("source page", f"sources/{source.slug}/"),
                ("methodology", "methodology/"),
                ("corrections", "corrections/"),
                # The transparency pages, as the demo desk fills them (a funding table).
                ("who we are", "about/"),
                ("funding", "funding/"),
                ("contact", "contact/"),
                ("events", "events/"),
                ("404", "no-such-page/"),
            ):
                response = page.goto(f"{live_server.url}/{lang}/{path}")
                assert response.status == (404 if where == "404" else 200), path
                audit.check(page, f"{where} ({lang})")
        audit.assert_clean()
    finally:
        context.close()


def test_a_phone_reader_gets_one_readable_column(browser, live_server, screenshots_dir):
    call_command("loaddemo", verbosity=0)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU")
    audit = Audit()
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/")
        assert page.url.endswith("/ru/")
        # The click starts a navigation; measure the page it leads to, not the one it leaves.
        with page.expect_navigation():
            page.click(".card__headline a >> nth=0")
        # Nothing wider than the screen: no sideways scrolling on a verdict page.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        assert re.match(r".*/ru/verdicts/[-a-z0-9]+/$", page.url)
        shoot(page, screenshots_dir, "verdict-ru-phone")
        audit.check(page, "verdict, phone (ru)")
        page.goto(f"{live_server.url}/ru/events/{UMBRELLA}/")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        shoot(page, screenshots_dir, "timeline-ru-phone")
        audit.check(page, "event timeline, phone (ru)")
        audit.assert_clean()
    finally:
        context.close()
