"""The Content-Security-Policy in real Chromium: the site, the admin (with its autocompletes) and
the API docs (Redoc, Swagger UI) work under it, with no violation reported, and ClaimReview's
JSON-LD stays readable. Screenshots land in test-artifacts/screenshots/csp-*.png."""

import pytest
from django.contrib.auth.models import Group, User

from factcheck.models import Verdict
from tests.factories import sample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch(page) -> list[str]:
    """Every CSP violation Chromium reports on this page, as its console message."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_site_admin_and_docs_work_under_the_policy(browser, live_server, screenshots_dir):
    verdict = Verdict.objects.get(pk=sample.publish(sample.claim(1)).pk)
    admin = User.objects.create_user(username="csp_ada", password="pw-csp_ada", is_staff=True)
    admin.groups.add(Group.objects.get(name="administrator"))

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    violations = watch(page)
    try:
        response = page.goto(f"{live_server.url}/en/")
        assert "script-src 'self'" in response.headers["content-security-policy"]

        page.goto(f"{live_server.url}/en/verdicts/{verdict.claim.slug}/")
        claimreview = page.evaluate(
            "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]')"
            ".textContent)['@type']"
        )
        assert claimreview == "ClaimReview"
        page.screenshot(path=str(screenshots_dir / "csp-verdict.png"), full_page=True)

        # The admin: log in, the desk, a change form with its JavaScript (autocompletes).
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "csp_ada")
        page.fill("#id_password", "pw-csp_ada")
        page.click("input[type=submit]")
        page.wait_for_selector("#desk-queue")
        page.goto(f"{live_server.url}/admin/factcheck/claim/{verdict.claim.pk}/change/")
        page.click("#claim_citations-group tr.form-row.empty-form ~ tr a, .add-row a")
        page.locator(".select2-selection").first.click()
        page.wait_for_selector(".select2-container--open .select2-search__field")
        page.screenshot(path=str(screenshots_dir / "csp-admin-claim.png"), full_page=True)

        # Redoc, with its search worker, and Swagger UI, both from the sidecar's files.
        page.goto(f"{live_server.url}/api/v1/docs/")
        page.wait_for_selector("h1:has-text('partner API')", timeout=30_000)
        page.fill("input[placeholder='Search...']", "cursor")  # searched in Redoc's worker
        page.wait_for_selector("[data-role='search:results'] li, .search-results li >> nth=0")
        page.screenshot(path=str(screenshots_dir / "csp-redoc.png"))
        page.goto(f"{live_server.url}/api/v1/docs/swagger/")
        page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
        page.wait_for_selector(".opblock-tag")
        page.screenshot(path=str(screenshots_dir / "csp-swagger.png"))
    finally:
        context.close()
    # Redoc's footer credit points at its CDN's logo; the policy keeps the desk off CDNs and the
    # page reads the same without it. Anything else reported is a page the policy breaks.
    redoc_logo = "https://cdn.redoc.ly/redoc/logo-mini.svg"
    assert [message for message in violations if redoc_logo not in message] == []
