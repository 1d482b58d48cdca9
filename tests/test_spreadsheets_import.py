"""Claims from a spreadsheet: the dry run names every bad line and why; the import is all or
nothing; the command and the desk page call the same service."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from factcheck.models import AuditEntry, Claim, ClaimCitation
from factcheck.services import NotAllowed
from factcheck.spreadsheets import importer
from factcheck.spreadsheets.columns import COLUMNS
from sources.models import Citation, Source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    # The messages are checked in English; their Russian is in the catalogue.
    with translation.override("en"):
        yield


@pytest.fixture
def sources():
    return {
        "mvd": Source.objects.create(name="МВД", name_en="MVD", kind="government", slug="mvd"),
        "orda": Source.objects.create(name="Орда", kind="outlet", slug="orda"),
    }


def sheet(*rows: dict, bom: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


GOOD = {
    "text": "Протестующие захватили аэропорт Алматы",
    "text_en": "Protesters seized Almaty airport",
    "short": "Protesters seized Almaty airport on 5 January",
    "claimant": "mvd",
    "appeared_at": "2022-01-05 23:10",
    "time_zone": "Asia/Almaty",
    "source": "orda",
    "relays": "mvd",
    "stance": "appearance",
    "url": "https://orda.kz/airport",
    "title": "Аэропорт",
    "quote": "аэропорт Алматы захвачен",
    "published_at": "2022-01-05",
}
MORE = {"source": "orda", "stance": "supports", "title": "Фото", "quote": "фото из аэропорта"}


def test_a_good_file_with_bom_and_cyrillic_imports_claims_with_their_citations(sources, editor):
    data = sheet(GOOD, MORE, {"text": "Второе заявление", "short": "A second claim"})
    plan = importer.check(data)
    assert plan.errors == [] and len(plan.claims) == 2 and plan.citation_count == 2
    assert not Claim.objects.exists()  # the dry run writes nothing

    importer.claims_import(data=data, by=editor, filename="desk.csv")
    claim = Claim.objects.get(short=GOOD["short"])
    assert claim.text == GOOD["text"] and claim.claimant == sources["mvd"]
    assert claim.slug == "protesters-seized-almaty-airport-on-5-january"
    assert claim.created_by == editor
    assert claim.appeared_precision == "minute"
    assert claim.appeared_at.isoformat() == "2022-01-05T17:10:00+00:00"  # 23:10 in Almaty
    links = ClaimCitation.objects.filter(claim=claim).order_by("pk")
    assert [(link.stance, link.citation.quote) for link in links] == [
        ("appearance", "аэропорт Алматы захвачен"),
        ("supports", "фото из аэропорта"),
    ]
    assert links[0].citation.relays == sources["mvd"]
    [entry, _second] = AuditEntry.objects.filter(action="factcheck.claim.imported").order_by("pk")
    assert entry.subject == claim and entry.data == {"file": "desk.csv", "line": 2, "citations": 2}


def test_the_dry_run_names_every_bad_line_and_why(sources):
    Claim.objects.create(text="Уже проверено", short="Already checked", slug="already-checked")
    data = sheet(
        GOOD,  # line 2: fine
        {"text": "Без краткой формы"},  # 3: missing short
        {"text": "Кто это сказал", "short": "Who said it", "claimant": "nobody"},  # 4
        {"text": "Когда", "short": "When", "appeared_at": "5 января"},  # 5: bad date
        {"text": "Длинно", "short": "x" * 76},  # 6: too long, never cut
        {"text": "Ссылка", "short": "Link", **MORE, "url": "javascript:alert(1)"},  # 7: bad URL
        {"text": "Уже проверено", "short": "Again"},  # 8: duplicate of the desk's claim
        GOOD | {"slug": "", "short": "The airport again"},  # 9: the same claim as line 2
        {"source": "orda", "stance": "supports", "title": "T"},  # 10: missing quote
        {"text": "Позиция", "short": "Stance", **MORE, "stance": "maybe"},  # 11: bad stance
    )
    plan = importer.check(data)
    found = {(e.line, e.field): e.message for e in plan.errors}
    assert set(found) == {
        (3, "short"),
        (4, "claimant"),
        (5, "appeared_at"),
        (6, "short"),
        (7, "url"),
        (8, "text"),
        (9, "text"),
        (10, "quote"),
        (11, "stance"),
    }
    assert "unknown source “nobody”" in found[4, "claimant"]
    assert "not a date" in found[5, "appeared_at"]
    assert (
        "76 characters, at most 75" in found[6, "short"] and "nothing is cut" in found[6, "short"]
    )
    assert "not a web address" in found[7, "url"]
    assert "already has this claim (already-checked)" in found[8, "text"]
    assert "same claim is on line 2" in found[9, "text"]
    assert str(plan.errors[0]).startswith("line 3, short:")


def test_one_bad_line_imports_nothing(sources, editor):
    data = sheet(
        GOOD, MORE, {"text": "Плохая дата", "short": "Bad date", "appeared_at": "2022-13-45"}
    )
    with pytest.raises(importer.ImportRefused) as refused:
        importer.claims_import(data=data, by=editor)
    assert [(e.line, e.field) for e in refused.value.plan.errors] == [(4, "appeared_at")]
    assert not Claim.objects.exists() and not Citation.objects.exists()
    assert not AuditEntry.objects.filter(action="factcheck.claim.imported").exists()


def test_a_clash_found_only_on_save_rolls_back_the_whole_file(sources, editor, monkeypatch):
    data = sheet(GOOD, {"text": "Второе", "short": "Second", "slug": "second"})
    real_check = importer.check

    def check_then_someone_saves(data):
        plan = real_check(data)
        Claim.objects.create(text="x", short="x", slug="second")  # between check and save
        return plan

    monkeypatch.setattr(importer, "check", check_then_someone_saves)
    with pytest.raises(importer.ImportRefused):
        importer.claims_import(data=data, by=editor)
    assert list(Claim.objects.values_list("slug", flat=True)) == ["second"]
    assert not Citation.objects.exists()


def test_an_existing_passage_is_cited_again_not_copied(sources, editor):
    citation = Citation.objects.create(
        source=sources["orda"], title="Аэропорт", quote=GOOD["quote"]
    )
    importer.claims_import(data=sheet(GOOD), by=editor)
    assert Citation.objects.get() == citation
    assert ClaimCitation.objects.get().citation == citation


@pytest.mark.parametrize(
    "data, message",
    [
        (b"text,short,colour\n", "unknown column"),
        (b"text\n", "missing column"),
        ("text,short\nтекст,short\n".encode("cp1251"), "not UTF-8"),
        (b"", "empty"),
        (b"text,short\n", "holds no claim"),
    ],
)
def test_a_file_that_is_no_claims_sheet_is_refused_whole(data, message):
    plan = importer.check(data)
    assert not plan.claims and message in " ".join(e.message for e in plan.errors)


def test_the_command_is_a_dry_run_until_commit(sources, editor, tmp_path):
    path = tmp_path / "claims.csv"
    path.write_bytes(sheet(GOOD, {"text": "Без формы"}))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("importclaims", str(path), user=editor.username, commit=True)
    assert not Claim.objects.exists()
    path.write_bytes(sheet(GOOD))
    out = io.StringIO()
    call_command("importclaims", str(path), user=editor.username, stdout=out)
    assert "Dry run: 1 claim(s) with 1 citation(s)" in out.getvalue()
    assert not Claim.objects.exists()
    call_command("importclaims", str(path), user=editor.username, commit=True, stdout=out)
    assert Claim.objects.count() == 1


def test_the_desk_page_checks_then_imports(client, sources, reporter):
    client.force_login(reporter)
    url = reverse("admin:factcheck_claims_import")
    assert client.get(url).status_code == 200
    bad = sheet(GOOD, {"text": "Без формы"})
    response = client.post(url, {"check": "1", "file": SimpleUploadedFile("c.csv", bad)})
    page = response.content.decode()
    assert response.status_code == 200 and "nothing was imported" in page
    assert page.count('class="import-error"') == 1
    response = client.post(url, {"check": "1", "file": SimpleUploadedFile("c.csv", sheet(GOOD))})
    assert "The file is ready" in response.content.decode() and not Claim.objects.exists()
    response = client.post(url, {"import": "1", "file": SimpleUploadedFile("c.csv", sheet(GOOD))})
    assert response.status_code == 302 and Claim.objects.get().created_by == reporter


def test_only_those_who_may_add_claims_and_citations_import(sources, editor):
    editor.groups.clear()
    editor.user_permissions.clear()
    with pytest.raises(NotAllowed):
        importer.claims_import(data=sheet(GOOD), by=type(editor).objects.get(pk=editor.pk))
    assert not Claim.objects.exists()


def test_the_claim_list_links_the_import_and_the_export(client, reporter):
    client.force_login(reporter)
    page = client.get(reverse("admin:factcheck_claim_changelist")).content.decode()
    assert f'href="{reverse("admin:factcheck_claims_import")}"' in page
    assert f'href="{reverse("admin:factcheck_claims_export")}"' in page
