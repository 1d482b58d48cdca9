"""The explanation's Markdown in the desk: a live preview rendered as readers get it, the HTML that
will be dropped said to the author (not silently removed), and read-only views rendered."""

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.site.markup import dropped_markup
from tests.test_admin_workflow import change_url, form_data, rating  # noqa: F401 - a fixture
from tests.test_workflow import draft

PREVIEW = reverse("admin:factcheck_verdict_markdown_preview")


@pytest.mark.parametrize(
    ("text", "dropped"),
    [
        ("**Bold**, a [link](https://example.org), a footnote[^1].\n\n[^1]: Note.", []),
        ("`<iframe>` in code is text", []),
        ("Seen <iframe src=x></iframe> here", ["<iframe>"]),
        ('<a href="https://ok.example" onclick="alert(1)">ok</a>', ["onclick= on <a>"]),
        ("[click](javascript:alert(1))", ["javascript: link"]),
        ("<script>alert(1)</script>\n\n<b>x</b> <b>y</b>", ["<script>", "<b>"]),
    ],
)
def test_what_sanitising_drops_is_named(text, dropped):
    assert dropped_markup(text) == dropped


def test_the_editor_has_a_preview_of_the_saved_text(client, claim, reporter, rating):  # noqa: F811
    verdict = draft(claim, reporter, rating, explanation="Как **сообщило** МВД <iframe></iframe>")
    client.force_login(reporter)
    page = client.get(change_url(verdict)).content.decode()
    assert f'data-preview-url="{PREVIEW}"' in page
    assert "desk/markdown-preview.js" in page
    assert "<p>Как <strong>сообщило</strong> МВД </p>" in page  # rendered, not source
    assert "Readers will not get this HTML: &lt;iframe&gt;." in page


def test_the_preview_renders_what_readers_would_get(client, reporter):
    client.force_login(reporter)
    answer = client.post(PREVIEW, {"text": "# Заголовок\n\n**да** <img src=x onerror=alert(1)>"})
    assert answer.status_code == 200
    data = answer.json()
    assert data["html"] == "<h2>Заголовок</h2>\n<p><strong>да</strong> </p>"
    assert data["dropped"] == ["<img>"]
    assert data["dropped_message"] == "Readers will not get this HTML: <img>."
    assert client.get(PREVIEW).status_code == 405


@pytest.mark.django_db
def test_the_preview_is_the_desks_alone(client, partner_key):
    assert client.post(PREVIEW, {"text": "x"}).status_code == 302  # to the login page
    answer = client.post(PREVIEW, {"text": "x"}, HTTP_AUTHORIZATION=f"Api-Key {partner_key}")
    assert answer.status_code == 302


def test_saving_html_that_will_be_dropped_warns_the_author(
    client,
    claim,
    reporter,
    rating,  # noqa: F811
):
    verdict = draft(claim, reporter, rating)
    client.force_login(reporter)
    explanation = 'See <iframe src="https://x.example"></iframe> and [this](javascript:go())'
    response = client.post(
        change_url(verdict), form_data(verdict, explanation=explanation), follow=True
    )
    page = response.content.decode()
    assert "Explanation: Readers will not get this HTML: &lt;iframe&gt;, javascript: link." in page
    verdict.refresh_from_db()
    assert verdict.explanation == explanation  # kept as written: the author decides


def test_a_read_only_verdict_shows_its_markdown_rendered(
    client,
    claim,
    reporter,
    editor,
    rating,  # noqa: F811
):
    verdict = draft(claim, reporter, rating, explanation="Две **разные** цифры")
    services.verdict_submit(verdict=verdict, by=reporter)  # in review: nobody edits it
    client.force_login(reporter)
    page = client.get(change_url(verdict)).content.decode()
    assert "Две <strong>разные</strong> цифры" in page
    assert "Две **разные** цифры" not in page
    assert '<textarea name="explanation"' not in page
