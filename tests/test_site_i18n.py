"""Russian and English: language by URL prefix or the browser's header, content in its language."""

import re
from datetime import UTC, datetime

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from events.precision import Precision, describe
from tests.factories import build_desk


@pytest.fixture
def desk(db):
    return build_desk(4)


@pytest.mark.parametrize(
    ("accept", "target"),
    [("ru-RU,ru;q=0.9,en;q=0.8", "/ru/"), ("en-GB,en;q=0.9", "/en/"), ("kk", "/en/"), ("", "/en/")],
)
def test_root_redirects_by_the_browsers_language(client, db, accept, target):
    headers = {"accept-language": accept} if accept else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302 and response["Location"] == target
    assert "Accept-Language" in response["Vary"]


def test_admin_and_api_stay_unprefixed(client, db):
    assert client.get("/admin/").status_code == 302  # to the login page, not to /en/admin/
    assert not client.get("/admin/")["Location"].startswith("/en/")
    assert client.get("/ru/admin/").status_code == 404


def test_interface_in_russian(client, desk):
    page = client.get("/ru/").content.decode()
    assert '<html lang="ru">' in page
    assert "Свежие проверки" in page and "Как мы проверяем" in page
    assert '<option value="">Любая оценка</option>' in page
    assert '<span class="rating rating--mixed">Полуправда</span>' in page
    assert 'href="/en/" hreflang="en" lang="en">English</a>' in page


def test_event_times_at_their_precision_in_both_languages(client, desk):
    en = client.get("/en/events/january-2022-unrest/").content.decode()
    ru = client.get("/ru/events/january-2022-unrest/").content.decode()
    assert "Night of 3 to 4 January 2022" in en
    assert "В ночь с 3 на 4 января 2022" in ru
    assert "4 January 2022, about 23:00" in en and "4 января 2022, около 23:00" in ru
    assert "Late evening of 5 January 2022" in en and "Поздно вечером 5 января 2022" in ru


def test_precision_phrases_are_translated():
    moment = datetime(2022, 1, 4, 22, 0, tzinfo=UTC)
    with translation.override("ru"):
        assert describe(moment, Precision.NIGHT) == "в ночь с 4 на 5 января 2022"
        assert describe(moment, Precision.ABOUT) == "4 января 2022, около 22:00"
        assert describe(moment, Precision.MORNING) == "утром 4 января 2022"
        assert describe(moment, Precision.EVENING) == "вечером 4 января 2022"
        assert describe(moment, Precision.DAYTIME) == "днём 4 января 2022"
    with translation.override("en"):
        assert describe(moment, Precision.NIGHT) == "night of 4 to 5 January 2022"


def test_content_keeps_its_language_with_the_translation_beside_it(client, desk):
    for prefix in ("en", "ru"):
        page = client.get(f"/{prefix}/verdicts/claim-1/").content.decode()
        assert '<span lang="ru" dir="auto">Погибли 10 человек</span>' in page
        assert '<span lang="en" dir="auto">10 people died</span>' in page
        # The verdict is written in English whatever the interface language.
        assert '<h1 lang="en" dir="auto">Verdict 1 on the death toll</h1>' in page
        assert '<div class="prose" lang="en" dir="auto">' in page
    en = client.get("/en/verdicts/claim-1/").content.decode()
    ru = client.get("/ru/verdicts/claim-1/").content.decode()
    # Names: the reader's language first, the original beside it.
    assert re.search(
        r'lang="en" dir="auto">Kazakhstan&#x27;s Interior Ministry</span> '
        r'<span class="translation" lang="ru" dir="auto">МВД Казахстана',
        en,
    )
    assert re.search(
        r'lang="ru" dir="auto">МВД Казахстана</span> '
        r'<span class="translation" lang="en" dir="auto">Kazakhstan',
        ru,
    )
    assert "Что мы выяснили" in ru and "Доказательства" in ru
    # The evidence rule counts by direction: the claim's own appearance does not confirm it.
    assert "Confirmed by 1 independent origin; contradicted by 0." in en
    assert "Подтверждает 1 независимый источник; опровергает 0." in ru


@pytest.mark.parametrize(
    ("n", "confirmed", "contradicted"),
    [
        (0, "Подтверждает 0 независимых источников;", "опровергает 0."),
        (1, "Подтверждает 1 независимый источник;", "опровергает 1."),
        (2, "Подтверждают 2 независимых источника;", "опровергают 2."),
        (5, "Подтверждает 5 независимых источников;", "опровергает 5."),
        (11, "Подтверждает 11 независимых источников;", "опровергает 11."),
        (21, "Подтверждает 21 независимый источник;", "опровергает 21."),
        (23, "Подтверждают 23 независимых источника;", "опровергают 23."),
    ],
)
def test_evidence_summary_agrees_with_its_number_in_russian(n, confirmed, contradicted):
    with translation.override("ru"):
        assert (
            ngettext(
                "Confirmed by %(counter)s independent origin;",
                "Confirmed by %(counter)s independent origins;",
                n,
            )
            % {"counter": n}
            == confirmed
        )
        assert (
            ngettext("contradicted by %(counter)s.", "contradicted by %(counter)s.", n)
            % {"counter": n}
            == contradicted
        )


def test_plural_forms(client, desk):
    page = client.get("/ru/sources/").content.decode()
    assert "4 утверждения" in page


def test_pages_link_to_their_other_language(client, desk):
    page = client.get("/en/events/event-2/?x=1").content.decode()
    assert 'href="/ru/events/event-2/?x=1" hreflang="ru" lang="ru">Русский</a>' in page
