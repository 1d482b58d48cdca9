"""The demo desk's transparency pages (IFCN): a fictional organisation, plausibly described, with
reserved example.org addresses (RFC 2606) so that nothing written here reaches anyone.

`manage.py loaddemo` writes a page's text only while no one on the desk has edited it (its
`updated_by` is empty, as the migration left it), and adds the funding rows missing by their
natural key (funder, year, purpose)."""

from dataclasses import dataclass
from decimal import Decimal

PAGES = {
    "about": (
        """«Демо-редакция» — независимая редакция проверки фактов, основанная в 2021 году. Мы
проверяем заявления о публичных событиях в Казахстане и Центральной Азии: что было сказано, кем,
где и когда, — по доказательствам, которые можно найти и процитировать.

## Организация

Редакцию издаёт некоммерческая организация «Демо-медиа» (Example Media Foundation). У неё нет
акционеров: никто не владеет долей и не получает прибыли. Устав опубликован по адресу
[example.org/charter](https://example.org/charter).

## Команда

- Главный редактор: Анна Пример
- Редакторы: Ерик Редактор, Елена Редактор
- Репортёр: Рита Репортёр

Ни один член редакции не состоит в политической партии и не работает на государственные органы.
""",
        """The Demo Desk is an independent fact-checking desk founded in 2021. We check claims about
public events in Kazakhstan and Central Asia: what was said, by whom, where and when, against the
evidence we can find and quote.

## Organisation

The desk is published by the Example Media Foundation, a non-profit. It has no shareholders: no
one owns a stake or takes a profit. Its charter is published at
[example.org/charter](https://example.org/charter).

## Team

- Editor-in-chief: Anna Primer
- Editors: Erik Editor, Elena Editor
- Reporter: Rita Reporter

No member of the desk belongs to a political party or works for a state body.
""",
    ),
    "funding": (
        """Мы публикуем каждого, кто даёт нам деньги, и каждую сумму по годам. Мы не берём денег у
правительств, политических партий и кандидатов, а также у тех, чьи заявления мы проверяем.
Частные пожертвования меньше 100 евро в год сведены в одну строку «Читатели».
""",
        """We publish everyone who gives us money, and every amount, year by year. We take no money
from governments, political parties or candidates, nor from anyone whose claims we check.
Private gifts under 100 euros a year are summed in one row, "Readers".
""",
    ),
    "contact": (
        """- Редакция: [desk@example.org](mailto:desk@example.org)
- Исправления: [corrections@example.org](mailto:corrections@example.org)
- Почтовый адрес: Демо-медиа, а/я 1, 050000 Алматы, Казахстан

Мы отвечаем на письма в течение трёх рабочих дней.
""",
        """- The desk: [desk@example.org](mailto:desk@example.org)
- Corrections: [corrections@example.org](mailto:corrections@example.org)
- Post: Example Media Foundation, PO Box 1, 050000 Almaty, Kazakhstan

We answer mail within three working days.
""",
    ),
    "methodology": (
        """Мы выбираем для проверки заявления, которые широко разошлись или влияют на решения
людей, независимо от того, кто их сделал. Каждый материал пишет один член редакции и одобряет
другой редактор.
""",
        """We choose claims that spread widely or bear on people's decisions, whoever made them.
Every fact-check is written by one member of the desk and approved by another editor.
""",
    ),
    "corrections": (
        """Если мы ошиблись, мы исправляем материал, отмечаем исправление в нём самом и в журнале
ниже. Отозванный материал остаётся по своему адресу с объяснением причины. Просьбы об исправлении
присылайте на [corrections@example.org](mailto:corrections@example.org).
""",
        """When we get something wrong we correct it, and note the correction on the fact-check
itself and in the log below. A retracted fact-check keeps its address and says why. Send
correction requests to [corrections@example.org](mailto:corrections@example.org).
""",
    ),
}


@dataclass(frozen=True)
class FundingData:
    funder: str
    funder_en: str
    year: int
    amount: Decimal
    currency: str
    purpose: str
    purpose_en: str


FUNDING = [
    FundingData(
        "Фонд «Пример»",
        "Example Foundation",
        2021,
        Decimal("40000"),
        "EUR",
        "основание редакции",
        "founding the desk",
    ),
    FundingData(
        "Фонд «Пример»",
        "Example Foundation",
        2022,
        Decimal("55000"),
        "EUR",
        "зарплаты редакции",
        "the desk's salaries",
    ),
    FundingData(
        "Программа медиагрантов (example.org)",
        "Media grants programme (example.org)",
        2022,
        Decimal("12500"),
        "USD",
        "архив доказательств",
        "the evidence archive",
    ),
    FundingData(
        "Читатели", "Readers", 2022, Decimal("3180.50"), "EUR", "пожертвования", "donations"
    ),
]
