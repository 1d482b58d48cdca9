"""The Russian catalogue: complete, its placeholders intact, its .mo compiled from it; the admin's titles.

Django ignores fuzzy entries and shows an empty msgstr as the English msgid: either way a Russian
reader would get English. makemessages adds both; each must be translated before it is committed.
"""

import ast
import gettext
import re
from collections import Counter

import pytest
from django.conf import settings
from django.contrib import admin
from django.utils import translation

LOCALE = settings.BASE_DIR / "locale" / "ru" / "LC_MESSAGES"


def _po_entries(path):
    """Each live entry of a .po file as a dict: flags, msgctxt, msgid, msgid_plural, msgstrs.

    Obsolete (#~) entries are skipped; strings are unescaped as msgfmt would (C escapes, which
    Python's literal syntax shares).
    """
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        flags, fields, key = set(), {}, None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            else:
                key, _space, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        if "msgid" not in fields:
            continue  # a block of obsolete entries only
        msgstrs = [fields[name] for name in sorted(fields) if name.startswith("msgstr")]
        entries.append(
            {
                "flags": flags,
                "msgctxt": fields.get("msgctxt"),
                "msgid": fields["msgid"],
                "msgid_plural": fields.get("msgid_plural"),
                "msgstrs": msgstrs,
            }
        )
    return entries


@pytest.fixture(scope="module")
def entries():
    found = _po_entries(LOCALE / "django.po")
    assert len(found) > 600  # the parser saw the catalogue, not an empty file
    return found


def test_every_entry_is_translated_and_none_is_fuzzy(entries):
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in entries if e["msgid"] and "" in e["msgstrs"]]
    assert fuzzy == []
    assert untranslated == []


def test_russian_plural_forms(entries):
    # Django's own Russian catalogue has four forms (the fourth for fractions: 1,5 вердикта); the
    # desk's uses the same formula, so each plural entry carries all four.
    (header,) = [e for e in entries if e["msgid"] == ""]
    assert "nplurals=4;" in header["msgstrs"][0]
    assert {len(e["msgstrs"]) for e in entries if e["msgid_plural"]} == {4}


# Named: %(name)s, %(name)d and str.format's {name} (a translation may reorder them); positional:
# %s, %d and {} (it may not). "%%" is a literal percent.
NAMED = re.compile(r"%\([^)]+\)[#0 +-]*\d*(?:\.\d+)?[sdifr]|\{[^{}]+\}")
POSITIONAL = re.compile(r"%[#0 +-]*\d*(?:\.\d+)?[sdifr]|\{\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _shape(text):
    """What a translation must carry over unchanged: placeholders, HTML tags and `code` spans."""
    text = text.replace("%%", "")
    return {
        "named": Counter(NAMED.findall(text)),
        "positional": POSITIONAL.findall(NAMED.sub("", text)),
        "tags": Counter(TAG.findall(text)),
        "code spans": text.count("`"),
    }


def test_placeholders_tags_and_markdown_survive_translation(entries):
    mismatches = []
    for entry in entries:
        if not entry["msgid"]:
            continue
        # Every plural form must show the number: Russian's "one" form also serves 21, 31, ...
        source = _shape(entry["msgid_plural"] or entry["msgid"])
        for form, msgstr in enumerate(entry["msgstrs"]):
            if _shape(msgstr) != source:
                mismatches.append((entry["msgid"], form, source, _shape(msgstr)))
    assert mismatches == []


def test_the_shape_check_sees_a_broken_placeholder():
    assert _shape("%(n)s вердиктов") != _shape("%(n)s verdicts with %(x)s")
    assert _shape("%(n)d ключ") != _shape("%(n)s key")
    assert _shape("Секрет {}: <code>{}</code>") != _shape("Secret {}: {}")
    assert _shape("{b}, {a}") == _shape("{a}, {b}") != _shape("{a}, {c}")
    assert _shape("%s, %d") != _shape("%d, %s")
    assert _shape("Укажите `cursor`") != _shape("Keep the cursor")
    assert _shape("100%% готово") == _shape("100%% done")


def test_compiled_catalogue_matches_the_po_file(entries):
    """django.mo holds exactly the .po's translations: compilemessages was run after the last edit."""
    with (LOCALE / "django.mo").open("rb") as mo:
        compiled = dict(gettext.GNUTranslations(mo)._catalog)
    compiled.pop("", None)  # the header
    expected = {}
    for entry in entries:
        if not entry["msgid"]:
            continue
        key = entry["msgid"]
        if entry["msgctxt"] is not None:
            key = f"{entry['msgctxt']}\x04{key}"
        if entry["msgid_plural"]:
            expected.update({(key, n): msgstr for n, msgstr in enumerate(entry["msgstrs"])})
        else:
            expected[key] = entry["msgstrs"][0]
    assert compiled == expected


def test_django_serves_the_desks_translation_of_every_entry(entries):
    # The project's catalogue wins over Django's own for msgids both have ("Home", "Change").
    with translation.override("ru"):
        for entry in entries:
            if not entry["msgid"]:
                continue
            if entry["msgid_plural"]:
                got = [
                    translation.npgettext(
                        entry["msgctxt"], entry["msgid"], entry["msgid_plural"], n
                    )
                    if entry["msgctxt"]
                    else translation.ngettext(entry["msgid"], entry["msgid_plural"], n)
                    for n in (1, 2, 5)
                ]
                assert got == entry["msgstrs"][:3], entry["msgid"]
            elif entry["msgctxt"]:
                got = translation.pgettext(entry["msgctxt"], entry["msgid"])
                assert got == entry["msgstrs"][0], entry["msgid"]
            else:
                assert translation.gettext(entry["msgid"]) == entry["msgstrs"][0], entry["msgid"]


# The desk's glossary: one Russian word per thing, and none that reads as another thing.
GLOSSARY = {
    "claim": "утверждение",
    "verdict": "вердикт",
    "citation": "цитата",
    "source": "источник",
    "event": "событие",
    "rating": "оценка",
    "revision": "редакция",
    "Correction": "Исправление",
    "Retraction": "Снятие с публикации",  # not «Отзыв», which reads as "review"
    "Retracted": "Снято с публикации",
    "Approve": "Утвердить",
    "approval": "виза редактора",  # not «утверждение»: that is a claim
    "Send back": "Вернуть на доработку",
    "Publish": "Опубликовать",
    "Publish check": "Проверка перед публикацией",
    "Draft": "Черновик",
    "In review": "На проверке",
    "Claimant": "Автор утверждения",
    "made by": "автор утверждения",  # not «автор»: that is the verdict's author
    "quoted passage": "цитируемый фрагмент",  # the citation is «цитата»
    "relays": "передаёт",
}


def test_the_glossary_holds():
    with translation.override("ru"):
        assert {msgid: translation.gettext(msgid) for msgid in GLOSSARY} == GLOSSARY


def test_a_retraction_is_never_called_a_review(entries):
    misleading = [
        (e["msgid"], msgstr)
        for e in entries
        if "retract" in (e["msgid"] + (e["msgid_plural"] or "")).lower()
        for msgstr in e["msgstrs"]
        if re.search(r"отзыв|отозва", msgstr, re.IGNORECASE)
    ]
    assert misleading == []


# --- the admin's titles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "site_name", "header", "index_title"),
    [
        ("en", "Factcheck.kz", "Factcheck.kz newsroom", "Factcheck.kz: the desk&#x27;s work"),
        ("ru", "Factcheck.kz", "Редакция Factcheck.kz", "Factcheck.kz: работа редакции"),
        ("en", "", "Fact-check desk", "The desk&#x27;s work"),
        ("ru", "", "Редакция фактчекинга", "Работа редакции"),
    ],
)
def test_admin_names_the_desk_in_the_users_language(
    client, editor, settings, language, site_name, header, index_title
):
    settings.SITE_NAME = site_name
    client.force_login(editor)
    page = client.get("/admin/", headers={"accept-language": language}).content.decode()
    assert f'<div id="site-name"><a href="/admin/">{header}</a></div>' in page
    assert f"<title>{index_title} | {header}</title>" in page
    assert f"<h1>{index_title}</h1>" in page
    assert "Django" not in page.split("<body", 1)[0] + page.split('id="header"', 1)[1][:400]


def test_admin_titles_follow_the_active_language(settings):
    settings.SITE_NAME = "Factcheck.kz"
    with translation.override("ru"):
        assert str(admin.site.site_header) == "Редакция Factcheck.kz"
        assert str(admin.site.site_title) == "Редакция Factcheck.kz"
    with translation.override("en"):
        assert str(admin.site.site_header) == "Factcheck.kz newsroom"
        assert str(admin.site.index_title) == "Factcheck.kz: the desk's work"


# --- the verdict desk in Russian ---------------------------------------------------------------

RU = {"accept-language": "ru"}


def test_the_workflow_panel_speaks_russian(client, claim, reporter, editor, second_editor):
    from factcheck import services
    from factcheck.models import Rating
    from tests.test_admin_workflow import change_url
    from tests.test_workflow import draft

    verdict = draft(claim, reporter, Rating.objects.get(slug="mostly-true"))
    services.verdict_submit(verdict=verdict, by=reporter)
    services.verdict_approve(verdict=verdict, by=second_editor)
    client.force_login(editor)
    page = client.get(change_url(verdict), headers=RU).content.decode()
    assert "<h2>Проверка перед публикацией</h2>" in page
    assert "Препятствий для публикации нет." in page  # approved by another editor, evidence enough
    assert 'value="approve">Утвердить</button>' in page
    assert 'value="send_back">Вернуть на доработку</button>' in page
    assert 'value="publish" >Опубликовать</button>' in page
    assert 'value="retract"' not in page  # not yet published
    # The approvals inline names each approval in Russian, as an editor's «виза».
    assert "Виза elena: «" in page and "(круг проверки 1)" in page
    assert "approved" not in page.replace('value="approve"', "")


def test_a_stale_save_is_refused_in_russian(client, claim, reporter, editor):
    from factcheck.models import Rating
    from tests.test_admin_workflow import change_url, form_data
    from tests.test_workflow import draft

    verdict = draft(claim, reporter, Rating.objects.get(slug="mostly-true"))
    opened = form_data(verdict)
    client.force_login(editor)
    assert (
        client.post(change_url(verdict), {**opened, "conclusion": "Правка редактора."}).status_code
        == 302
    )
    client.force_login(reporter)
    response = client.post(
        change_url(verdict), {**opened, "conclusion": "Правка репортёра."}, headers=RU
    )
    page = response.content.decode()
    assert "(Erik Editor), уже после того как вы его открыли. Ваши изменения не сохранены." in page
    assert "<li><b>вывод</b>: сейчас «Правка редактора.»; у вас «Правка репортёра.»</li>" in page
