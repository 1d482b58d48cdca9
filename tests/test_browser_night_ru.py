"""Issue 11's "Done when", in real Chromium: the breaking-news night on a Russian desk.

An editor assigns three claims with deadlines to two reporters; a reporter mentions the editor in
a note; an overdue claim shows on the board; a verdict is written in English and Russian, reviewed
and published in both; the Russian page, its ClaimReview and the partner API asked for Russian
show the Russian version. Every desk page is checked with axe-core. Screenshots of the board and
the Russian desk land in test-artifacts/screenshots/night-ru-*.png (and NIGHT_SHOTS, if set).
"""

import json
import os
import re
import shutil

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from factcheck.models import Claim, Rating, Verdict
from factcheck.partners import services as partners
from tests.accessibility import Audit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

RU = {
    "headline": "Ни одно из двух сообщений этого не подтверждает",
    "conclusion": "Заявление есть только в одном сообщении, которое передаёт один источник.",
    "explanation": "Заявление приводит **только одно сообщение**; второе его не подтверждает.",
}
EN_HEADLINE = "Nothing in the two reports confirms this"


def make_user(username, group, first, last):
    user = User.objects.create_user(
        username=username,
        password=f"pw-{username}",
        first_name=first,
        last_name=last,
        is_staff=True,
        email=f"{username}@example.org",
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def login(browser, live_server, username, audit):
    # A Russian browser: the desk speaks Russian to it (and remembers it for notifications).
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="ru-RU")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}")
    page.click("input[type=submit]")
    page.wait_for_selector("#desk-queue")
    audit.check(page, f"admin index ({username}, Russian)")
    return page


def shot(page, screenshots_dir, name):
    path = screenshots_dir / f"night-ru-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    extra = os.environ.get("NIGHT_SHOTS")
    if extra:
        os.makedirs(extra, exist_ok=True)
        shutil.copy(path, os.path.join(extra, path.name))


def assign(page, live_server, claim, who, day, time, audit=None):
    page.goto(f"{live_server.url}/admin/factcheck/claim/{claim.pk}/change/")
    with page.expect_navigation():
        page.click("#assign-link")
    if audit is not None:
        audit.check(page, "assign a claim (Russian)")
    page.select_option("#id_assignee", label=who)
    page.fill("#id_due_at_0", day)
    page.fill("#id_due_at_1", time)
    with page.expect_navigation():
        page.click("#assign-form input[type=submit]")
    page.wait_for_selector(".messagelist .success")


def test_the_breaking_news_night_in_russian(browser, live_server, screenshots_dir):
    call_command("loaddemo", verbosity=0)
    make_user("n_erik", "editor", "Эрик", "Редактор")
    make_user("n_elena", "editor", "Елена", "Редактор")
    make_user("n_rita", "reporter", "Рита", "Репортёр")
    make_user("n_timur", "reporter", "Тимур", "Репортёр")
    open_claims = list(
        Claim.objects.filter(
            verdicts__isnull=True, claimant__isnull=False, claim_citations__isnull=False
        )
        .distinct()
        .order_by("pk")[:3]
    )
    assert len(open_claims) == 3, "the demo should leave three claims without a verdict"
    first, second, third = open_claims
    audit = Audit()

    # The night starts with the desk signed in, in Russian (which the desk then writes to them in).
    rita = login(browser, live_server, "n_rita", audit)
    timur = login(browser, live_server, "n_timur", audit)

    # 1. The editor assigns three claims to two reporters; the first is already overdue.
    erik = login(browser, live_server, "n_erik", audit)
    assign(erik, live_server, first, "Рита Репортёр", "2026-01-05", "09:00", audit)
    assign(erik, live_server, second, "Тимур Репортёр", "2099-01-01", "03:00")
    assign(erik, live_server, third, "Рита Репортёр", "2099-01-01", "06:00")
    for claim, who in ((first, "n_rita"), (second, "n_timur"), (third, "n_rita")):
        claim.refresh_from_db()
        assert claim.assignee.username == who and claim.due_at is not None

    # 2. The board: three cards with assignee and due time, the first marked overdue, in Russian.
    erik.goto(f"{live_server.url}/admin/board/")
    card = erik.locator(f'#desk-board li:has(a[href$="/claim/{first.pk}/change/"])')
    text = card.inner_text()
    assert "Рита Репортёр" in text and "просрочено" in text
    other = erik.locator(f'#desk-board li:has(a[href$="/claim/{second.pk}/change/"])')
    assert "Тимур Репортёр" in other.inner_text() and "просрочено" not in other.inner_text()
    card.locator("a").focus()  # usable with the keyboard
    audit.check(erik, "the desk's board (Russian)")
    shot(erik, screenshots_dir, "board")

    # 3. The reporter is told in Russian, and mentions the editor in a note on her claim.
    rita.goto(f"{live_server.url}/admin/")
    assert first.short in rita.inner_text("#work-overdue")
    assert "назначил" in rita.inner_text("#work-notifications").lower()
    rita.goto(f"{live_server.url}/admin/factcheck/claim/{first.pk}/change/")
    rita.fill("#id_note_text", "@n_erik второе сообщение лишь передаёт первое, это не источник.")
    with rita.expect_navigation():
        rita.click("#desk-notes button[type=submit]")
    assert "лишь передаёт первое" in rita.inner_text("#desk-notes-thread")
    audit.check(rita, "claim change form with notes (Russian)")
    erik.goto(f"{live_server.url}/admin/")
    assert "упомянул" in erik.inner_text("#work-notifications")

    # 4. The reporter writes the verdict in English, then its Russian version beside it.
    rita.goto(f"{live_server.url}/admin/factcheck/verdict/add/?claim={first.pk}")
    rita.select_option("#id_rating", str(Rating.objects.get(slug="unproven").pk))
    rita.fill("#id_headline", EN_HEADLINE)
    rita.fill("#id_conclusion", "Only one report carries the statement, relaying a single origin.")
    rita.fill(
        "#id_explanation",
        "The statement appears in **one report only**; the other does not confirm it.",
    )
    with rita.expect_navigation():
        rita.click("input[name=_continue]")
    rita.wait_for_selector(".messagelist .success")
    verdict = Verdict.objects.get(claim=first)
    rita.select_option("#id_translations-0-language", "ru")
    rita.fill("#id_translations-0-headline", RU["headline"])
    rita.fill("#id_translations-0-conclusion", RU["conclusion"])
    rita.fill("#id_translations-0-explanation", RU["explanation"])
    # The Russian explanation has its own live preview, as the English one does.
    preview = rita.locator(
        "#id_translations-0-explanation >> xpath=ancestor::div[@class='markdown-editor']"
    )
    preview.locator(".markdown-preview-body strong", has_text="только одно сообщение").wait_for()
    audit.check(rita, "verdict form with its Russian version (Russian)")
    with rita.expect_navigation():
        rita.click("input[name=_continue]")
    rita.wait_for_selector(".messagelist .success")
    assert verdict.translations.get(language="ru").headline == RU["headline"]
    shot(rita, screenshots_dir, "desk-verdict")
    with rita.expect_navigation():
        rita.click("button[value=submit]")
    rita.wait_for_selector(".messagelist .success")

    # 5. The editor reviews both languages, approves and publishes them together.
    erik.goto(f"{live_server.url}/admin/factcheck/verdict/{verdict.pk}/change/")
    assert RU["headline"] in erik.content()
    with erik.expect_navigation():
        erik.click("button[value=approve]")
    erik.wait_for_selector(".messagelist .success")
    assert "английский, русский" in erik.inner_text("#approvals-group").lower()
    assert "Препятствий для публикации нет." in erik.inner_text("#publish-check")
    with erik.expect_navigation():
        erik.click("button[value=publish]")
    erik.wait_for_selector(".messagelist .success")
    audit.check(erik, "verdict change form, published (Russian)")
    shot(erik, screenshots_dir, "desk-published")
    verdict.refresh_from_db()
    assert verdict.public_revision.snapshot["translations"][0]["headline"] == RU["headline"]

    # 6. Readers of the Russian site get the Russian version, and so do its machines.
    reader = browser.new_context(locale="ru-RU").new_page()
    reader.goto(f"{live_server.url}/ru/verdicts/{first.slug}/")
    assert reader.inner_text("h1") == RU["headline"]
    assert "пока доступен только" not in reader.content()
    audit.check(reader, "the Russian verdict page")
    shot(reader, screenshots_dir, "site-verdict")
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', reader.content(), re.S
    )
    [review] = [json.loads(b) for b in blocks]
    assert review["inLanguage"] == "ru" and review["url"].endswith(f"/ru/verdicts/{first.slug}/")
    hreflangs = reader.eval_on_selector_all(
        "link[rel=alternate][hreflang]", "links => links.map(l => l.hreflang)"
    )
    assert sorted(hreflangs) == ["en", "ru", "x-default"]

    # 7. The partner API, asked for Russian, serves the Russian version.
    partner = partners.partner_create(name="Night partner")
    _key, raw = partners.api_key_create(partner=partner)
    answer = reader.request.get(
        f"{live_server.url}/api/v1/verdicts/{verdict.pk}/?lang=ru",
        headers={"Authorization": f"Api-Key {raw}"},
    )
    assert answer.status == 200
    item = answer.json()
    assert item["headline"] == RU["headline"] and item["language"] == "ru"
    listed = reader.request.get(
        f"{live_server.url}/api/v1/verdicts/?lang=ru&page_size=100",
        headers={"Authorization": f"Api-Key {raw}"},
    ).json()["results"]
    assert any(i["id"] == verdict.pk and i["headline"] == RU["headline"] for i in listed)
    refused = reader.request.get(
        f"{live_server.url}/api/v1/verdicts/?lang=xx",
        headers={"Authorization": f"Api-Key {raw}"},
    )
    assert refused.status == 400 and "lang" in refused.json()

    audit.assert_clean()
    timur.goto(f"{live_server.url}/admin/")
    assert second.short in timur.inner_text("#work-assigned")
    for page in (erik, rita, timur, reader):
        page.context.close()
