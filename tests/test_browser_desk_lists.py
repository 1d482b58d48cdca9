"""The desk's change lists on a laptop: at 1280 px every column of every list is on the screen
(before, the claim list showed three of its seven), and each list passes axe-core."""

import pytest
from django.core.management import call_command

from tests.accessibility import Audit
from tests.test_browser_workflow import login, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

LISTS = [
    "factcheck/claim",
    "factcheck/verdict",
    "factcheck/figure",
    "factcheck/verdictrevision",
    "factcheck/auditentry",
    "sources/citation",
    "sources/source",
    "events/event",
]


def test_every_change_list_fits_a_laptop_screen(browser, live_server, screenshots_dir):
    call_command("loaddemo", verbosity=0)
    make_user("l_erik", "editor", "Erik", "Editor")
    page = login(browser, live_server, "l_erik")
    audit = Audit()
    for name in LISTS:
        page.goto(f"{live_server.url}/admin/{name}/")
        table = page.locator("#result_list")
        assert table.locator("tbody tr").count() > 0, name
        overflow = table.evaluate("t => t.scrollWidth - t.parentElement.clientWidth")
        assert overflow <= 0, f"{name}: the table is {overflow} px wider than its place"
        # and every column header is on the screen, not scrolled out of sight
        right = page.evaluate("document.documentElement.clientWidth")
        edges = table.locator("thead th").evaluate_all(
            "ths => ths.map(th => th.getBoundingClientRect().right)"
        )
        assert max(edges) <= right, name
        audit.check(page, f"change list {name}")
        if name == "factcheck/claim":
            page.screenshot(path=str(screenshots_dir / "desk-claim-list-1280.png"), full_page=True)
    audit.assert_clean()
