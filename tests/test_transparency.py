"""The transparency pages (IFCN): who we are, funding, contact, and the desk's own text on the
methodology and corrections pages; edited by administrators alone, each edit in the audit log;
linked from every page's footer, from the sitemap and from ClaimReview's author."""

import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from factcheck import services, transparency
from factcheck.models import AuditEntry, Funding, TransparencyPage
from factcheck.published.claimreview import claim_review
from factcheck.published.schema import read
from tests.factories import build_desk

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_a_fresh_desk_has_every_page_with_text_in_both_languages():
    pages = {page.kind: page for page in TransparencyPage.objects.all()}
    assert set(pages) == set(TransparencyPage.Kind.values)
    for kind in ["about", "funding", "contact", "corrections"]:
        assert pages[kind].body_ru and pages[kind].body_en, kind
    assert "example.org" in pages["contact"].body_en


@pytest.mark.parametrize(
    "url, needle",
    [
        ("/en/about/", "We are a desk"),
        ("/ru/about/", "Мы — редакция"),
        ("/en/contact/", 'href="mailto:desk@example.org"'),
        ("/ru/contact/", "Пишите нам"),
        ("/en/funding/", "year by year"),
        ("/ru/funding/", "по годам"),
        ("/en/corrections/", "When we get something wrong"),
        ("/ru/corrections/", "Если мы ошиблись"),
    ],
)
def test_each_page_in_each_language(client, url, needle):
    assert needle in text(client.get(url))


def test_the_pages_render_the_desks_markdown_sanitised(client):
    TransparencyPage.objects.filter(kind="about").update(
        body_en="## Team\n\n**Ada** edits.<script>alert(1)</script>", body_ru=""
    )
    page = text(client.get("/en/about/"))
    assert "<h2>Team</h2>" in page and "<strong>Ada</strong>" in page
    assert "<script>alert" not in page
    # No Russian text: the Russian page says the English one rather than nothing.
    assert "<strong>Ada</strong>" in text(client.get("/ru/about/"))


def test_the_methodology_keeps_its_rating_scale_and_adds_the_desks_text(client):
    TransparencyPage.objects.filter(kind="methodology").update(body_en="We *also* phone people.")
    page = text(client.get("/en/methodology/"))
    assert "<em>also</em>" in page
    assert "Our ratings" in page and 'id="rating-false"' in page


@pytest.mark.parametrize("kind", TransparencyPage.Kind.values)
def test_a_missing_page_answers_without_its_text(client, kind):
    TransparencyPage.objects.filter(kind=kind).delete()
    url = "/en/methodology/" if kind == "methodology" else f"/en/{kind}/"
    assert client.get(url).status_code == 200


def test_funding_is_a_table_of_rows_in_the_readers_language(client):
    Funding.objects.create(
        funder="Фонд прессы",
        funder_en="Press Fund",
        year=2025,
        amount=Decimal("12000.00"),
        currency="EUR",
        purpose="зарплаты",
        purpose_en="salaries",
    )
    Funding.objects.create(funder="Readers", year=2026, amount=Decimal("800.50"), currency="USD")
    page = text(client.get("/en/funding/"))
    rows = re.findall(
        r"<tr><td>(\d{4})</td><th scope=\"row\"[^>]*>([^<]+)</th><td>([^<]+)</td>", page
    )
    assert rows == [("2026", "Readers", "800.50 USD"), ("2025", "Press Fund", "12,000.00 EUR")]
    assert "salaries" in page
    ru = text(client.get("/ru/funding/"))
    assert "Фонд прессы" in ru and "зарплаты" in ru


@pytest.mark.parametrize(
    "values, field",
    [
        ({"amount": Decimal("-1")}, "amount"),
        ({"currency": "eur"}, "currency"),
        ({"year": 25}, "year"),
    ],
)
def test_a_funding_row_is_checked(administrator, values, field):
    row = Funding(funder="X", year=2025, amount=Decimal(1), currency="EUR")
    for key, value in values.items():
        setattr(row, key, value)
    with pytest.raises(ValidationError):
        transparency.funding_save(funding=row, by=administrator, changed=[])
    assert not Funding.objects.exists()


def test_only_administrators_edit_the_pages(client, reporter, editor, administrator):
    page = TransparencyPage.objects.get(kind="about")
    url = reverse("admin:factcheck_transparencypage_change", args=[page.pk])
    funding_add = reverse("admin:factcheck_funding_add")
    for user in (reporter, editor):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"body_ru": "x", "body_en": "x"}).status_code == 403
        assert client.get(funding_add).status_code == 403
        with pytest.raises(services.NotAllowed):
            transparency.page_save(page=page, by=user, changed=["body_en"])
    page.refresh_from_db()
    assert page.body_en.startswith("We are a desk")
    assert not AuditEntry.objects.filter(action__startswith="factcheck.transparency").exists()

    client.force_login(administrator)
    assert client.get(url).status_code == 200
    response = client.post(url, {"body_ru": "Мы — «Пример».", "body_en": "We are *Example*."})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body_en == "We are *Example*." and page.updated_by == administrator
    [entry] = AuditEntry.objects.filter(action="factcheck.transparency.page_changed")
    assert entry.actor == administrator and entry.subject == page
    assert entry.data == {"page": "about", "fields": ["body_en", "body_ru"]}
    assert "<em>Example</em>" in text(client.get("/en/about/"))


def test_funding_rows_are_added_and_removed_with_an_audit_entry(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:factcheck_funding_add"),
        {"funder": "Фонд", "funder_en": "Fund", "year": 2025, "amount": "500", "currency": "EUR"},
    )
    assert response.status_code == 302
    row = Funding.objects.get()
    client.post(reverse("admin:factcheck_funding_delete", args=[row.pk]), {"post": "yes"})
    assert not Funding.objects.exists()
    entries = AuditEntry.objects.filter(action__startswith="factcheck.funding").order_by("pk")
    assert [(e.action, e.data["funder"], e.data["year"], e.actor) for e in entries] == [
        ("factcheck.funding.added", "Фонд", 2025, administrator),
        ("factcheck.funding.deleted", "Фонд", 2025, administrator),
    ]


FOOTER_LINKS = [
    "/{lang}/about/",
    "/{lang}/funding/",
    "/{lang}/contact/",
    "/{lang}/methodology/",
    "/{lang}/corrections/",
]


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/ru/",
        "/en/verdicts/claim-1/",
        "/en/events/",
        "/en/events/event-1/",
        "/en/sources/",
        "/en/sources/mvd/",
        "/en/search/?q=died",
        "/en/methodology/",
        "/ru/corrections/",
        "/en/about/",
        "/ru/funding/",
        "/en/contact/",
    ],
)
def test_every_page_links_the_transparency_pages_from_its_footer(client, url):
    build_desk(2)
    response = client.get(url)
    page = response.content.decode()
    footer = page[page.index('<footer class="footer">') :]
    lang = url.split("/")[1]
    for link in FOOTER_LINKS:
        assert f'href="{link.format(lang=lang)}"' in footer, (url, link)


def test_claimreview_author_is_the_who_we_are_page(client):
    desk = build_desk(1)
    page = text(client.get("/en/verdicts/claim-1/"))
    [review] = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]
    assert review["author"]["url"] == "http://127.0.0.1:8000/en/about/"
    # In Russian (the partner feed gives each review in its verdict's language): the Russian page.
    published = read(desk.verdicts[0].public_revision.snapshot)
    with translation.override("ru"):
        review = claim_review(published, url="x")
    assert review["author"]["url"] == "http://127.0.0.1:8000/ru/about/"


def test_the_sitemap_offers_the_pages_in_both_languages(client):
    sitemap = text(client.get("/sitemap.xml"))
    for path in ["/en/about/", "/ru/about/", "/en/funding/", "/ru/contact/"]:
        assert f"http://127.0.0.1:8000{path}" in sitemap


def test_the_demo_desk_fills_the_pages_and_the_funding_table(client):
    from django.core.management import call_command

    call_command("loaddemo", verbosity=0)
    assert "Example Media Foundation" in text(client.get("/en/about/"))
    assert "Демо-медиа" in text(client.get("/ru/about/"))
    funding = text(client.get("/en/funding/"))
    assert "Example Foundation" in funding and "55,000.00 EUR" in funding
    assert Funding.objects.count() == 4
    # Loaded through the service: each page's change is in the audit log, by the demo admin.
    assert AuditEntry.objects.filter(action="factcheck.transparency.page_changed").count() == 5
