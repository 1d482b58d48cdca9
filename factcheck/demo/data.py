"""The case study behind the demo desk, as plain data: `manage.py loaddemo` turns it into rows.

Everything here comes from two Russian-language news reports on the unrest in Kazakhstan in January
2022, as the project received them (kept in the project's shared `seeds/` folder, which is not part
of a clone, so every passage needed is copied here):

- report 000, by the magazine «Правила жизни» (Pravila Zhizni): Zhanaozen, Almaty, the state of
  emergency, the seizures of the KNB building and of the airport, the appeal to the CSTO, official
  casualty and damage figures;
- report 004, by an outlet the text never names (it writes of "neighbouring Kazakhstan" and of
  Kyrgyzstan's parliament in Bishkek, so probably Kyrgyz): the shooting of an «Алматы» TV crew as
  Orda.kz reported it on Telegram, the protests' course, MVD figures of 7 January, the CSTO troops.

Rules this file keeps:

- Every `quote` of a citation and every `text` of a claim is an exact substring of one report,
  character for character, typos included ("По информациииздания", "самые больше торговые
  центры"); tests/test_demo.py checks this against the seed folder.
- The desk rates only from what these two reports say. Explanations say where evidence is lacking
  instead of filling gaps from elsewhere; nothing is dated more precisely than a report dates it.
- A passage that only passes someone on ("по данным МВД", "сообщило издание «Орда»") names that
  source in `relays`, so repetitions of one statement count as one independent origin.

About addresses (URLs). The reports came to the desk as bare text, without the addresses of the
articles, and no article URL is invented here. Instead:

- Sources carry the real home page of an outlet or office where it is certain (pravilamag.ru,
  orda.kz, akorda.kz) and nothing otherwise (the MVD, Orda.kz's Telegram channel, whose exact
  address we could not confirm).
- No passage has a URL: an unknown address stays unknown. A publisher's home page is not where a
  claim appeared, so it is never given as such (it would reach ClaimReview's `appearance`). The
  title says the passage is the report's text as received, and the public page says the address is
  not known.
- A reader can still look a passage of report 000 up: it is quoted exactly and its publisher,
  Pravila Zhizni, has a known address. Report 004's outlet is unnamed, so nothing of it can be
  located. The publish check wants a reader to be able to locate at least one passage a verdict
  rests on (factcheck.models.claims.is_locatable), so verdicts that rest on report 004 alone stay
  unpublished (two sit in review and in drafts saying so) until someone traces the original.

About ratings. A claim never confirms itself: its appearance, and whatever only repeats its
claimant, does not count (factcheck.models.claims.weigh_evidence). With two reports, a claim one of
them makes has at most one independent confirmation, the other report, unless that one relays a
third party. “True” and “mostly true” need two, so the published verdicts here are at most “half
true”, and several were corrected in public when the rule was applied to them (flow "corrected").
"""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from events.models import EventLink
from events.precision import Precision
from factcheck.models import Claim, ClaimCitation, ClaimConflict, Figure, Verdict
from sources.models import Source

TIME_ZONE = "Asia/Almaty"

Kind = Source.Kind
P = Precision
Stance = ClaimCitation.Stance
Status = Claim.Status
Measure = Figure.Measure
Q = Figure.Qualifier
FigureStatus = Figure.Status
Conflict = ClaimConflict.Kind
Link = EventLink.Kind


def at(local: str) -> datetime:
    """An aware datetime from "YYYY-MM-DD HH:MM" local time in Almaty."""
    return datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(TIME_ZONE))


# Where a precision stands for a stretch of the day, events are placed at one fixed hour, so the
# timeline sorts them the way the reports tell them: daytime 13:00, evening 19:00, late evening
# 22:00, night 23:30 of the first date. Only the precision is ever shown to readers.


# --- Sources ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceData:
    slug: str
    name: str
    name_en: str
    kind: str
    url: str = ""
    country: str = ""
    language: str = "ru"
    description: str = ""


PRAVILA = "pravila-zhizni"
OUTLET_004 = "report-004-outlet"
ORDA = "orda-kz"
MVD = "mvd-kazakhstan"
AUTHORITIES = "kazakh-authorities"
TOKAYEV = "kassym-jomart-tokayev"
LOCAL_MEDIA = "local-media-via-pravila-zhizni"
MEDIA_004 = "media-via-report-004"
PASHINYAN = "nikol-pashinyan"
KZ_MEDIA_004 = "kazakh-media-via-report-004"
BUSINESSPEOPLE = "businesspeople-via-report-004"

SOURCES = [
    SourceData(
        PRAVILA,
        "Правила жизни",
        "Pravila Zhizni",
        Kind.OUTLET,
        url="https://www.pravilamag.ru/",
        country="RU",
        description=(
            "Russian magazine (the name means “Rules of Life”); the author of report 000, which "
            "signs an editorial aside “— Правила жизни”."
        ),
    ),
    SourceData(
        OUTLET_004,
        "Неназванное издание (отчёт 004)",
        "Unnamed outlet (report 004)",
        Kind.OUTLET,
        description=(
            "The outlet that published report 004. The text never names it. It writes of "
            "“neighbouring Kazakhstan”, of Kyrgyzstan's parliament in Bishkek deciding “today” and "
            "of “Kyrgyz soldiers”, so it is probably a Kyrgyz outlet; until the original is traced "
            "the desk records it under this placeholder and gives no address."
        ),
    ),
    SourceData(
        ORDA,
        "Orda.kz",
        "Orda.kz",
        Kind.OUTLET,
        url="https://orda.kz/",
        country="KZ",
        description=(
            "Kazakh online outlet («Орда»). Report 004 relays its Telegram channel on the shooting "
            "of the «Алматы» TV crew. The website and the channel are one newsroom, so they are one "
            "source here: counting them apart would make one origin look like two."
        ),
    ),
    SourceData(
        MVD,
        "МВД Республики Казахстан",
        "Ministry of Internal Affairs of Kazakhstan (MVD)",
        Kind.GOVERNMENT,
        country="KZ",
        description="Kazakhstan's interior ministry, the police's ministry.",
    ),
    SourceData(
        AUTHORITIES,
        "Власти Казахстана",
        "Kazakh authorities",
        Kind.GOVERNMENT,
        country="KZ",
        description=(
            "Used where a report cites “official data of the authorities” or says “the "
            "authorities reported” without naming the body."
        ),
    ),
    SourceData(
        TOKAYEV,
        "Касым-Жомарт Токаев",
        "Kassym-Jomart Tokayev",
        Kind.OFFICIAL,
        url="https://www.akorda.kz/",
        country="KZ",
        description="President of Kazakhstan (the URL is the presidency's website, Akorda).",
    ),
    SourceData(
        LOCAL_MEDIA,
        "Местные СМИ (по сообщению «Правил жизни»)",
        "Local media (unnamed, as relayed by Pravila Zhizni)",
        Kind.OUTLET,
        country="KZ",
        description=(
            "Report 000 opens a passage with “По сообщениям местных СМИ” (according to local "
            "media) without naming them."
        ),
    ),
    SourceData(
        MEDIA_004,
        "СМИ (без названия, по отчёту 004)",
        "Unnamed media (as relayed by report 004)",
        Kind.OUTLET,
        description="Report 004: “В СМИ также появилась информация” (information also appeared in the media).",
    ),
    SourceData(
        KZ_MEDIA_004,
        "Различные казахстанские СМИ (без названий, по отчёту 004)",
        "Various Kazakh media (unnamed, as relayed by report 004)",
        Kind.OUTLET,
        country="KZ",
        description=(
            "Report 004: “МВД и различные казахстанские СМИ сообщали” (the MVD and various Kazakh "
            "media reported). The media are not named; they are a voice of their own beside the "
            "MVD, not the MVD."
        ),
    ),
    SourceData(
        PASHINYAN,
        "Никол Пашинян",
        "Nikol Pashinyan",
        Kind.OFFICIAL,
        country="AM",
        description=(
            "Prime Minister of Armenia; report 004 also calls him the chairman of the CSTO "
            "(Collective Security Treaty Organization)."
        ),
    ),
    SourceData(
        BUSINESSPEOPLE,
        "Бизнесмены (без имён, по отчёту 004)",
        "Businesspeople (unnamed, as relayed by report 004)",
        Kind.PERSON,
        country="KZ",
        description="Report 004: “Бизнесмены сообщили” (businesspeople reported), no names given.",
    ),
]


# --- The two reports and the passages quoted from them ---------------------------------------


@dataclass(frozen=True)
class ReportData:
    # No URL: the reports came without the addresses of the articles (see the module's docstring).
    source: str  # slug of the outlet that published it
    title: str


REPORTS = {
    "000": ReportData(
        PRAVILA,
        "Pravila Zhizni: report on the January 2022 unrest in Kazakhstan (text as received by the "
        "desk; the article's address is not known)",
    ),
    "004": ReportData(
        OUTLET_004,
        "Report 004: an unnamed outlet on the January 2022 unrest in Kazakhstan (text as received "
        "by the desk; outlet and address unknown)",
    ),
}


@dataclass(frozen=True)
class CitationData:
    key: str
    report: str
    quote: str
    translation: str
    relays: str | None = None  # slug of the source the passage only passes on


CITATIONS = [
    # Report 000, Pravila Zhizni.
    CitationData(
        "p-zhanaozen",
        "000",
        "2 января жители Жанаозена вышли к зданию местной администрации (акимата) с требованием "
        "снизить цену на газ, который с нового года подорожал в два раза — с 60 до 120 тенге.",
        "On 2 January residents of Zhanaozen went to the building of the local administration "
        "(akimat) demanding a cut in the price of gas, which had doubled from the new year, from "
        "60 to 120 tenge.",
    ),
    CitationData(
        "p-2011",
        "000",
        "Десять лет назад, в 2011 году, именно в этом западном городе разгорелись крупные протесты "
        "после семимесячной забастовки нефтяников, которые завершились расстрелом митингующих на "
        "День независимости страны 16 декабря.",
        "Ten years ago, in 2011, it was in this very western town that major protests flared up "
        "after a seven-month strike of oil workers; they ended with protesters being shot on the "
        "country's Independence Day, 16 December.",
    ),
    CitationData(
        "p-local-media",
        "000",
        "По сообщениям местных СМИ, власть не отреагировала должным образом (хотя пошла на ряд "
        "уступок, например согласилась снизить цены на газ до 50 тенге в Мангистауской области, а "
        "президент Касым-Жомарт Токаев распустил правительство), и вскоре протесты разрослись и "
        "охватили весь запад страны.",
        "According to local media, the authorities did not respond properly (although they made a "
        "number of concessions, for example agreeing to cut gas prices to 50 tenge in the Mangystau "
        "region, and President Kassym-Jomart Tokayev dismissed the government), and the protests "
        "soon grew and engulfed the whole west of the country.",
        relays=LOCAL_MEDIA,
    ),
    CitationData(
        "p-almaty-joined",
        "000",
        "Параллельно власти начали глушить интернет в Алматы, чтобы не допустить эскалации в "
        "крупнейшем городе страны, но это не помогло — 4 января бывшая столица присоединилась к "
        "протестам.",
        "At the same time the authorities began jamming the internet in Almaty to prevent an "
        "escalation in the country's largest city, but it did not help: on 4 January the former "
        "capital joined the protests.",
    ),
    CitationData(
        "p-demands",
        "000",
        "Далее вовсю зазвучали политические требования: ухода из политики Нурсултана Назарбаева (до "
        "протестов он занимал должность председателя Совбеза), освобождения политзаключенных и "
        "возвращения Конституции 1993 года, в которой ограничено число президентских сроков и "
        "отсутствует закрепленный за Назарбаевым титул елбасы (лидер нации. — Правила жизни).",
        "Then political demands rang out in full: that Nursultan Nazarbayev leave politics (before "
        "the protests he was chairman of the Security Council), that political prisoners be freed, "
        "and that the 1993 Constitution be restored, which limits the number of presidential terms "
        "and lacks the title of Elbasy reserved for Nazarbayev (leader of the nation. — Pravila "
        "Zhizni).",
    ),
    CitationData(
        "p-emergency",
        "000",
        "В ночь с 4 на 5 января Токаев ввел в Алматы и Мангистауской области режим чрезвычайного "
        "положения, а дальше события развивались стремительно: мирный протест резко "
        "радикализировался, в городах появилась военная техника, по всей стране начали глушить "
        "связь, никакой достоверной информации о происходящем не было даже у местных жителей.",
        "On the night of 4 to 5 January Tokayev introduced a state of emergency in Almaty and the "
        "Mangystau region, and from then on events moved fast: the peaceful protest sharply "
        "radicalised, military vehicles appeared in the cities, communications began to be jammed "
        "across the country, and not even local residents had any reliable information about what "
        "was happening.",
    ),
    CitationData(
        "p-radicals",
        "000",
        "Группы радикалов начали жечь полицейские машины, нападать на силовиков, отбирая у них "
        "оружие, и штурмовать административные здания.",
        "Groups of radicals began burning police cars, attacking security officers and taking "
        "their weapons, and storming administrative buildings.",
    ),
    CitationData(
        "p-knb-airport",
        "000",
        "Им даже удалось захватить здание алматинского Комитета национальной безопасности (аналог "
        "российской ФСБ), а поздно вечером 5 января погромщики захватили и разрушили здание "
        "международного аэропорта Алматы.",
        "They even managed to seize the building of the Almaty Committee for National Security "
        "(the counterpart of Russia's FSB), and late in the evening of 5 January rioters seized "
        "and wrecked the building of Almaty International Airport.",
    ),
    CitationData(
        "p-csto",
        "000",
        "Ситуация вышла из-под контроля, и вечером 5 января Токаев заявил, что на Казахстан "
        "осуществляется террористическая атака «извне», и обратился за помощью к ОДКБ.",
        "The situation got out of control, and on the evening of 5 January Tokayev declared that "
        "Kazakhstan was under a terrorist attack “from outside” and turned to the CSTO for help.",
    ),
    CitationData(
        "p-tokayev-terror",
        "000",
        "Токаев заявил, что на Казахстан осуществляется террористическая атака «извне»",
        "Tokayev declared that Kazakhstan was under a terrorist attack “from outside”",
        relays=TOKAYEV,
    ),
    CitationData(
        "p-fog",
        "000",
        "Все, что происходило после, покрыто туманом, который опустился на Алматы вечером 7 января.",
        "Everything that happened afterwards is covered by the fog that descended on Almaty on the "
        "evening of 7 January.",
    ),
    CitationData(
        "p-official-casualties",
        "000",
        "По официальным данным властей, в результате протестов погибли 16 сотрудников силовых "
        "структур, более 1300 получили ранения.",
        "According to the authorities' official data, 16 members of the security forces were "
        "killed as a result of the protests, and more than 1,300 were injured.",
        relays=AUTHORITIES,
    ),
    CitationData(
        "p-civilian-toll",
        "000",
        "Число жертв среди мирного населения уточняется.",
        "The number of victims among civilians is being established.",
    ),
    CitationData(
        "p-damage",
        "000",
        "Пострадали 1270 субъектов бизнеса, более 100 торговых центров и банков, повреждено около "
        "500 полицейских машин.",
        "1,270 businesses and more than 100 shopping centres and banks were affected, and about "
        "500 police cars were damaged.",
    ),
    # Report 004, the unnamed outlet.
    CitationData(
        "k-tv-crew",
        "004",
        "В Алматы 6 января под обстрелом погиб сотрудник телеканала «Алматы», еще один журналист "
        "ранен. Об этом сообщило издание «Орда» в Telegram.",
        "In Almaty on 6 January an employee of the «Almaty» TV channel was killed under fire, and "
        "another journalist was wounded. The outlet «Orda» reported this on Telegram.",
        relays=ORDA,
    ),
    CitationData(
        "k-orda-info",
        "004",
        "По информациииздания, сотрудники телеканала направлялись в городской акимат, который "
        "пригласил их для съёмки видеообращения акима города Бакытжана Сагинтаева к горожанам "
        "«после очистки внутри акимата от протестующих».",
        "According to the outlet, the TV channel's staff were on their way to the city akimat, "
        "which had invited them to film a video address by the city's akim, Bakytzhan Sagintayev, "
        "to residents “after the inside of the akimat had been cleared of protesters”.",
        relays=ORDA,
    ),
    CitationData(
        "k-crew-23",
        "004",
        "Под обстрел съемочная группа попала около 23.00 у резиденции президента, которая "
        "находится вблизи здания акимата.",
        "The film crew came under fire at about 23.00 near the president's residence, which is "
        "close to the akimat building.",
        relays=ORDA,
    ),
    CitationData(
        "k-orda-quote",
        "004",
        "«Погиб водитель. Ранения получил журналист, его госпитализировали. У него раздроблено "
        "несколько пальцев. Оператор обошелся без травм», — сообщает издание.",
        "“The driver was killed. The journalist was wounded and taken to hospital. Several of his "
        "fingers are crushed. The camera operator was unhurt,” the outlet reports.",
        relays=ORDA,
    ),
    CitationData(
        "k-last-shots",
        "004",
        "Корреспондент Orda.kz зафиксировал последние звуки выстрелов со стороны резиденции "
        "президента около 22:55.",
        "An Orda.kz correspondent recorded the last sounds of shots from the direction of the "
        "president's residence at about 22:55.",
        relays=ORDA,
    ),
    CitationData(
        "k-square-stable",
        "004",
        "При этом МВД и различные казахстанские СМИ сообщали, что ситуация на площади, которая "
        "находится неподалеку от резиденции, стабильная.",
        "At the same time the MVD and various Kazakh media reported that the situation on the "
        "square, which is not far from the residence, was stable.",
        relays=MVD,
    ),
    # The same sentence names a second voice: the media are quoted apart, as their own origin.
    CitationData(
        "k-square-stable-media",
        "004",
        "различные казахстанские СМИ сообщали, что ситуация на площади, которая находится "
        "неподалеку от резиденции, стабильная.",
        "various Kazakh media reported that the situation on the square, which is not far from "
        "the residence, was stable.",
        relays=KZ_MEDIA_004,
    ),
    CitationData(
        "k-director",
        "004",
        "Издание пишет, что директор департамента информационных программ телеканала «Алматы» "
        "Айгерим Секербек кызы отказалась от комментариев по поводу гибели сотрудника и ранения "
        "журналиста.",
        "The outlet writes that the director of the «Almaty» TV channel's news programmes "
        "department, Aigerim Sekerbek kyzy, declined to comment on the employee's death and the "
        "journalist's wounding.",
        relays=ORDA,
    ),
    CitationData(
        "k-protests-began",
        "004",
        "Митинги в соседнем Казахстане начались 2 января 2022 года в Мангистауской области из-за "
        "повышения цены на сжиженный газ.",
        "Rallies in neighbouring Kazakhstan began on 2 January 2022 in the Mangystau region "
        "because of a rise in the price of liquefied gas.",
    ),
    CitationData(
        "k-other-cities",
        "004",
        "Затем в течение нескольких дней на митинги стали выходить и жители других городов.",
        "Then, over several days, residents of other cities began to come out to rallies too.",
    ),
    CitationData(
        "k-mass-4-jan",
        "004",
        "Основная масса демонстрантов стала выходить на акции протестов в разных городах 4 января.",
        "The bulk of the demonstrators came out to protests in various cities on 4 January.",
    ),
    CitationData(
        "k-demands",
        "004",
        "Сначала демонстранты требовали снижения стоимости голубого топлива, а затем отставки "
        "действующей власти и снятия неприкосновенности с первого президента Казахстана Нурсултана "
        "Назарбаева.",
        "At first the demonstrators demanded a cut in the price of the “blue fuel” (gas), then "
        "the resignation of the authorities in office and the lifting of the immunity of "
        "Kazakhstan's first president, Nursultan Nazarbayev.",
    ),
    CitationData(
        "k-slogan",
        "004",
        "Самый популярный лозунг: «Шал, кет!» («Старик, уходи!»).",
        "The most popular slogan: “Shal, ket!” (“Old man, go!”).",
    ),
    CitationData(
        "k-government-resigned",
        "004",
        "В итоге на фоне протестов правительство Казахстана ушло в отставку, которую принял "
        "президент Касым-Жомарт Токаев.",
        "In the end, against the background of the protests, the government of Kazakhstan "
        "resigned, and President Kassym-Jomart Tokayev accepted the resignation.",
    ),
    CitationData(
        "k-main-clashes",
        "004",
        "Самые основные столкновения митингующих и силовиков произошли в Алматы.",
        "The main clashes between protesters and the security forces took place in Almaty.",
    ),
    CitationData(
        "k-akimat-seized",
        "004",
        "Днем 5 января в Алматы протестующие захватили здание городской администрации.",
        "During the day on 5 January, protesters in Almaty seized the city administration "
        "building.",
    ),
    CitationData(
        "k-residence",
        "004",
        "В СМИ также появилась информация о том, что демонстранты добрались до госрезиденции "
        "президента Касыма-Жомарта Токаева, которая находится в Алматы. Там в итоге произошел "
        "пожар.",
        "Information also appeared in the media that demonstrators had reached the state "
        "residence of President Kassym-Jomart Tokayev, which is in Almaty. A fire eventually broke "
        "out there.",
        relays=MEDIA_004,
    ),
    CitationData(
        "k-airport-seized",
        "004",
        "Кроме того, митингующие захватили аэропорт Алматы",
        "In addition, protesters seized Almaty airport",
    ),
    CitationData(
        "k-airport-freed",
        "004",
        "но в ночь на 6 января власти сообщили, что он освобожден",
        "but in the night to 6 January the authorities reported that it had been freed",
        relays=AUTHORITIES,
    ),
    CitationData(
        "k-malls-looted",
        "004",
        "Бизнесмены сообщили, что в городе разграблены самые больше торговые центры.",
        "Businesspeople reported that the city's biggest shopping centres had been looted.",
        relays=BUSINESSPEOPLE,
    ),
    CitationData(
        "k-mvd-figures",
        "004",
        "По данным МВД Казахстана на утро 7 января, по стране убиты как минимум 26 протестующих, 18 "
        "ранены, а задержанных более 3 тысяч.",
        "According to the MVD of Kazakhstan as of the morning of 7 January, at least 26 protesters "
        "were killed across the country, 18 were injured, and more than 3,000 were detained.",
        relays=MVD,
    ),
    CitationData(
        "k-civilians-higher",
        "004",
        "Однако, количество погибших и пострадавших со стороны гражданских может быть больше.",
        "However, the number of civilians killed and injured may be higher.",
    ),
    CitationData(
        "k-emergency",
        "004",
        "По всему Казахстану введен режим чрезвычайного положения, который будет действовать на "
        "всей территории страны до 19 января.",
        "A state of emergency has been introduced across Kazakhstan; it will be in force "
        "throughout the country until 19 January.",
    ),
    CitationData(
        "k-curfew",
        "004",
        "Также с 23:00 до 07:00 действует комендантский час.",
        "A curfew is also in force from 23:00 to 07:00.",
    ),
    CitationData(
        "k-csto-appeal",
        "004",
        "На фоне непрекращающихся протестов в стране президент Казахстана Касым-Жомарт Токаев 5 "
        "января обратился к членам ОДКБ и попросил поддержки для «преодоления террористической "
        "угрозы».",
        "Against the background of the continuing protests, the President of Kazakhstan, "
        "Kassym-Jomart Tokayev, on 5 January turned to the members of the CSTO and asked for "
        "support in “overcoming the terrorist threat”.",
    ),
    CitationData(
        "k-terror-threat",
        "004",
        "попросил поддержки для «преодоления террористической угрозы»",
        "asked for support in “overcoming the terrorist threat”",
        relays=TOKAYEV,
    ),
    CitationData(
        "k-called-terrorists",
        "004",
        "Токаев назвал «террористами» демонстрантов, которые требовали снижения цен на сжиженный "
        "газ и снятия неприкосновенности с первого президента Казахстана Нурсултана Назарбаева.",
        "Tokayev called “terrorists” the demonstrators who had demanded lower prices for liquefied "
        "gas and the lifting of the immunity of Kazakhstan's first president, Nursultan "
        "Nazarbayev.",
    ),
    CitationData(
        "k-act-harshly",
        "004",
        "Также Токаев заявил, что «будет действовать максимально жестко» по отношению к "
        "митингующим.",
        "Tokayev also declared that he “will act as harshly as possible” towards the protesters.",
    ),
    CitationData(
        "k-pashinyan",
        "004",
        "Позже премьер-министр Армении и председатель ОДКБ Никол Пашинян сообщил, что ОДКБ направит "
        "свои миротворческие силы в Казахстан.",
        "Later the Prime Minister of Armenia and chairman of the CSTO, Nikol Pashinyan, said that "
        "the CSTO would send its peacekeeping forces to Kazakhstan.",
        relays=PASHINYAN,
    ),
    CitationData(
        "k-troops",
        "004",
        "Свое согласие на участие в кампании ОДКБ в Казахстане высказали пока три страны — Армения "
        "(70 военных), Таджикистан (200 военных), Россия (3000 военных).",
        "So far three countries have agreed to take part in the CSTO campaign in Kazakhstan: "
        "Armenia (70 troops), Tajikistan (200 troops), Russia (3,000 troops).",
    ),
    CitationData(
        "k-kyrgyzstan",
        "004",
        "Кыргызстан еще не принял окончательного решения об отправке военнослужащих в Казахстан, но "
        "на этом настаивает президент и кабмин. Окончательное решение парламент должен принять "
        "сегодня.",
        "Kyrgyzstan has not yet taken a final decision on sending troops to Kazakhstan, but the "
        "president and the cabinet insist on it. Parliament is to take the final decision today.",
    ),
    CitationData(
        "k-bishkek",
        "004",
        "В то время, как депутаты собирались на заседании, возле здания парламента в Бишкеке на "
        "митинг вышли активисты и выступили против отправки кыргызских солдат в Казахстан.",
        "While the deputies were gathering for the session, activists rallied outside the "
        "parliament building in Bishkek and spoke out against sending Kyrgyz soldiers to "
        "Kazakhstan.",
    ),
]


# --- Events ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventData:
    slug: str
    title: str
    title_en: str
    starts_at: datetime
    precision: str
    description: str = ""
    description_en: str = ""
    place: str = ""
    place_en: str = ""
    parent: str | None = "kazakhstan-unrest-january-2022"
    ends_at: datetime | None = None
    end_precision: str = P.DAY


UNREST = "kazakhstan-unrest-january-2022"
ZHANAOZEN = "zhanaozen-gas-price-protest"
ALMATY_JOINS = "almaty-joins-protests"
GOVERNMENT_OUT = "government-leaves-office"
EMERGENCY = "state-of-emergency"
KNB = "knb-building-seized"
AKIMAT = "almaty-akimat-seized"
CSTO_APPEAL = "tokayev-appeals-to-csto"
AIRPORT_SEIZED = "almaty-airport-seized"
AIRPORT_FREED = "almaty-airport-freed"
TV_CREW = "almaty-tv-crew-shot"
MVD_FIGURES = "mvd-figures-7-january"
FOG = "fog-over-almaty"
CSTO_TROOPS = "csto-contingents"
BISHKEK = "bishkek-protest-against-deployment"
ZHANAOZEN_2011 = "zhanaozen-2011"

EVENTS = [
    EventData(
        UNREST,
        "Беспорядки в Казахстане, январь 2022",
        "Unrest in Kazakhstan, January 2022",
        at("2022-01-02 00:00"),
        P.DAY,
        "Протесты из-за цены на газ, начавшиеся 2 января в Жанаозене, распространились на Алматы "
        "и другие города; захваты зданий, режим чрезвычайного положения, обращение к ОДКБ.",
        "Protests over the price of gas that began in Zhanaozen on 2 January spread to Almaty and "
        "other cities: buildings seized, a state of emergency, an appeal to the CSTO.",
        place="Казахстан",
        place_en="Kazakhstan",
        parent=None,
    ),
    EventData(
        ZHANAOZEN,
        "Протест в Жанаозене против цены на газ",
        "Gas-price protest in Zhanaozen",
        at("2022-01-02 00:00"),
        P.DAY,
        "Жители Жанаозена вышли к акимату с требованием снизить цену на газ (отчёт 000); отчёт 004 "
        "датирует начало митингов в Мангистауской области тем же днём.",
        "Residents of Zhanaozen gathered at the akimat demanding a lower gas price (report 000); "
        "report 004 dates the start of rallies in the Mangystau region to the same day.",
        place="Жанаозен, Мангистауская область",
        place_en="Zhanaozen, Mangystau region",
    ),
    EventData(
        ALMATY_JOINS,
        "Алматы присоединяется к протестам",
        "Almaty joins the protests",
        at("2022-01-04 00:00"),
        P.DAY,
        "Отчёт 000: 4 января бывшая столица присоединилась к протестам. Отчёт 004: основная масса "
        "демонстрантов вышла на акции в разных городах 4 января.",
        "Report 000: on 4 January the former capital joined the protests. Report 004: the bulk of "
        "demonstrators came out in various cities on 4 January.",
        place="Алматы",
        place_en="Almaty",
    ),
    EventData(
        EMERGENCY,
        "Режим чрезвычайного положения",
        "State of emergency",
        at("2022-01-04 23:30"),
        P.NIGHT,
        "Отчёт 000: в ночь с 4 на 5 января введён в Алматы и Мангистауской области. Отчёт 004: "
        "действует по всей стране до 19 января, с комендантским часом с 23:00 до 07:00; когда его "
        "распространили на всю страну, не сказано.",
        "Report 000: introduced in Almaty and the Mangystau region on the night of 4 to 5 January. "
        "Report 004: in force across the whole country until 19 January, with a curfew from 23:00 "
        "to 07:00; it does not say when it was extended to the whole country.",
        place="Алматы, Мангистауская область; затем вся страна (отчёт 004)",
        place_en="Almaty, Mangystau region; then the whole country (report 004)",
        ends_at=at("2022-01-19 00:00"),
        end_precision=P.DAY,
    ),
    EventData(
        GOVERNMENT_OUT,
        "Правительство Казахстана прекращает полномочия",
        "Kazakhstan's government leaves office",
        at("2022-01-05 00:00"),
        P.MONTH,
        "Отчёт 000 (со ссылкой на местные СМИ): Токаев распустил правительство. Отчёт 004: "
        "правительство ушло в отставку, Токаев её принял. Ни один отчёт не называет дату.",
        "Report 000 (citing local media): Tokayev dismissed the government. Report 004: the "
        "government resigned and Tokayev accepted the resignation. Neither report gives a date.",
        place="Казахстан",
        place_en="Kazakhstan",
    ),
    EventData(
        KNB,
        "Захват здания КНБ в Алматы",
        "Seizure of the KNB building in Almaty",
        # Undated: the instant only keeps the report's order on the timeline, and is never shown.
        at("2022-01-05 00:00"),
        P.UNDATED,
        "Только отчёт 000, без даты: рассказ о захвате идёт после введения ЧП в ночь с 4 на 5 "
        "января и перед захватом аэропорта поздно вечером 5 января, поэтому на хронологии событие "
        "стоит между ними; дата не установлена до появления датированного источника.",
        "Report 000 only, and undated: it tells of the seizure after the state of emergency of the "
        "night of 4 to 5 January and before the airport's seizure late on 5 January, so the "
        "timeline places it between them; its date is not established until a dated source is "
        "found.",
        place="Алматы, здание Комитета национальной безопасности",
        place_en="Almaty, Committee for National Security building",
    ),
    EventData(
        AKIMAT,
        "Захват здания акимата Алматы",
        "Seizure of Almaty's city administration",
        at("2022-01-05 13:00"),
        P.DAYTIME,
        "Отчёт 004: днём 5 января протестующие захватили здание городской администрации.",
        "Report 004: during the day on 5 January protesters seized the city administration "
        "building.",
        place="Алматы, акимат",
        place_en="Almaty, city administration (akimat)",
    ),
    EventData(
        CSTO_APPEAL,
        "Обращение Токаева к ОДКБ",
        "Tokayev appeals to the CSTO",
        at("2022-01-05 19:00"),
        P.EVENING,
        "Оба отчёта: 5 января Токаев обратился к ОДКБ; отчёт 000 уточняет, что вечером.",
        "Both reports: on 5 January Tokayev turned to the CSTO; report 000 says it was in the "
        "evening.",
        place="Казахстан",
        place_en="Kazakhstan",
    ),
    EventData(
        AIRPORT_SEIZED,
        "Захват аэропорта Алматы",
        "Seizure of Almaty airport",
        at("2022-01-05 22:00"),
        P.LATE_EVENING,
        "Отчёт 000: поздно вечером 5 января «погромщики» захватили и разрушили здание аэропорта. "
        "Отчёт 004: аэропорт захватили «митингующие», время не указано.",
        "Report 000: late in the evening of 5 January “rioters” seized and wrecked the airport "
        "building. Report 004: “protesters” seized the airport; no time given.",
        place="Алматы, международный аэропорт",
        place_en="Almaty International Airport",
    ),
    EventData(
        AIRPORT_FREED,
        "Власти сообщили об освобождении аэропорта Алматы",
        "The authorities said Almaty airport was freed",
        at("2022-01-05 23:30"),
        P.NIGHT,
        "Отчёт 004: в ночь на 6 января власти сообщили, что аэропорт освобождён.",
        "Report 004: in the night to 6 January the authorities reported that the airport had been "
        "freed.",
        place="Алматы, международный аэропорт",
        place_en="Almaty International Airport",
    ),
    EventData(
        TV_CREW,
        "Обстрел съёмочной группы телеканала «Алматы»",
        "«Almaty» TV crew shot at",
        at("2022-01-06 23:00"),
        P.ABOUT,
        "По Orda.kz (через отчёт 004): около 23:00 у резиденции президента погиб водитель, "
        "ранен журналист. Последние выстрелы со стороны резиденции корреспондент Orda.kz "
        "зафиксировал около 22:55 — оба времени приблизительные.",
        "According to Orda.kz (relayed by report 004): at about 23:00 near the president's "
        "residence the driver was killed and a journalist wounded. Orda.kz's correspondent "
        "recorded the last shots from the residence at about 22:55; both times are approximate.",
        place="Алматы, у резиденции президента",
        place_en="Almaty, near the president's residence",
    ),
    EventData(
        MVD_FIGURES,
        "МВД сообщает о погибших и задержанных",
        "The MVD gives casualty and detention figures",
        at("2022-01-07 08:00"),
        P.MORNING,
        "Отчёт 004: по данным МВД на утро 7 января — не менее 26 убитых протестующих, 18 раненых, "
        "более 3 тысяч задержанных.",
        "Report 004: MVD figures as of the morning of 7 January: at least 26 protesters killed, 18 "
        "injured, more than 3,000 detained.",
        place="Казахстан",
        place_en="Kazakhstan",
    ),
    EventData(
        FOG,
        "Туман над Алматы",
        "Fog over Almaty",
        at("2022-01-07 19:00"),
        P.EVENING,
        "Отчёт 000: туман опустился на Алматы вечером 7 января; отчёт пользуется им и как "
        "метафорой того, что дальнейшие события неизвестны.",
        "Report 000: fog descended on Almaty on the evening of 7 January; the report also uses it "
        "as a metaphor for how little is known of what followed.",
        place="Алматы",
        place_en="Almaty",
    ),
    EventData(
        CSTO_TROOPS,
        "Контингенты ОДКБ направляются в Казахстан",
        "CSTO contingents sent to Kazakhstan",
        at("2022-01-06 00:00"),
        P.MONTH,
        "Отчёт 004: «позже» обращения Токаева Пашинян сообщил, что ОДКБ направит миротворческие "
        "силы; согласие дали Армения (70 военных), Таджикистан (200), Россия (3000). Дат нет.",
        "Report 004: “later” than Tokayev's appeal, Pashinyan said the CSTO would send "
        "peacekeeping forces; Armenia (70 troops), Tajikistan (200) and Russia (3,000) had agreed. "
        "No dates given.",
        place="Казахстан",
        place_en="Kazakhstan",
    ),
    EventData(
        BISHKEK,
        "Митинг в Бишкеке против отправки военных",
        "Protest in Bishkek against sending troops",
        at("2022-01-07 00:00"),
        P.MONTH,
        "Отчёт 004: активисты вышли к парламенту в Бишкеке, пока депутаты собирались решать вопрос "
        "об отправке военных. Отчёт не датирован; «сегодня» — день его написания, не раньше 7 "
        "января.",
        "Report 004: activists rallied outside parliament in Bishkek while the deputies gathered "
        "to decide on sending troops. The report is undated; “today” is the day it was written, "
        "7 January or later.",
        place="Бишкек, Кыргызстан",
        place_en="Bishkek, Kyrgyzstan",
        parent=None,
    ),
    EventData(
        ZHANAOZEN_2011,
        "Расстрел митингующих в Жанаозене",
        "Protesters shot in Zhanaozen",
        at("2011-12-16 00:00"),
        P.DAY,
        "Отчёт 000 вспоминает протесты 2011 года после семимесячной забастовки нефтяников, "
        "завершившиеся расстрелом митингующих 16 декабря, в День независимости.",
        "Report 000 recalls the 2011 protests after a seven-month oil workers' strike, which ended "
        "with protesters being shot on 16 December, Independence Day.",
        place="Жанаозен",
        place_en="Zhanaozen",
        parent=None,
    ),
]


@dataclass(frozen=True)
class EventLinkData:
    from_event: str
    kind: str
    to_event: str
    note: str = ""


EVENT_LINKS = [
    EventLinkData(
        ALMATY_JOINS, Link.FOLLOWS, ZHANAOZEN, "Both reports: first Mangystau, then other cities."
    ),
    EventLinkData(
        GOVERNMENT_OUT,
        Link.RESPONDS_TO,
        ZHANAOZEN,
        "Report 000 lists it among the concessions to the protests.",
    ),
    EventLinkData(EMERGENCY, Link.RESPONDS_TO, ALMATY_JOINS),
    EventLinkData(KNB, Link.ESCALATES, ALMATY_JOINS),
    EventLinkData(AKIMAT, Link.ESCALATES, ALMATY_JOINS),
    EventLinkData(AIRPORT_SEIZED, Link.ESCALATES, ALMATY_JOINS),
    EventLinkData(
        CSTO_APPEAL,
        Link.RESPONDS_TO,
        KNB,
        "Report 000: the situation “got out of control” and Tokayev turned to the CSTO.",
    ),
    EventLinkData(CSTO_APPEAL, Link.RESPONDS_TO, AKIMAT),
    EventLinkData(
        AIRPORT_FREED, Link.REVERSES, AIRPORT_SEIZED, "Report 004, relaying the authorities."
    ),
    EventLinkData(
        TV_CREW,
        Link.FOLLOWS,
        AKIMAT,
        "The crew was invited to the akimat “after the inside of the akimat had been cleared of "
        "protesters” (Orda.kz, relayed by report 004).",
    ),
    EventLinkData(CSTO_TROOPS, Link.RESPONDS_TO, CSTO_APPEAL),
    EventLinkData(BISHKEK, Link.RESPONDS_TO, CSTO_TROOPS),
]


# --- Claims ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureData:
    measure: str
    counted: str
    counted_en: str
    qualifier: str
    value: int | None  # None where the report gives no number
    unit: str
    as_of: datetime
    as_of_precision: str
    superseded_by: str | None = None  # slug of the claim whose figure replaces this one
    status: str = FigureStatus.REPORTED


@dataclass(frozen=True)
class ClaimData:
    slug: str
    report: str  # where the text is quoted from
    text: str
    text_en: str
    short: str
    claimant: str
    status: str
    events: tuple[str, ...] = ()
    # (citation key, stance, note)
    citations: tuple[tuple[str, str, str], ...] = ()
    appeared_at: datetime | None = None
    appeared_precision: str = P.DAY
    figure: FigureData | None = None


# Report 000 is undated; its last dated mention is the evening of 7 January. Figures it gives
# without a date are recorded "as of January 2022" (month precision), which is all it supports.
JANUARY_2022 = at("2022-01-07 19:00")
# Report 004 is undated too; it cites MVD figures "as of the morning of 7 January" and a decision
# due "today", so it was written on 7 January or later.
REPORT_004_WRITTEN = at("2022-01-07 12:00")

CLAIMS = [
    # --- Report 000, Pravila Zhizni ---
    ClaimData(
        "zhanaozen-protest-2-january",
        "000",
        "2 января жители Жанаозена вышли к зданию местной администрации (акимата) с требованием "
        "снизить цену на газ",
        "On 2 January residents of Zhanaozen went to the local administration (akimat) demanding "
        "a cut in the price of gas",
        "Zhanaozen residents protested at the akimat over gas prices on 2 January",
        PRAVILA,
        Status.CHECKED,
        events=(ZHANAOZEN,),
        citations=(
            ("p-zhanaozen", Stance.APPEARANCE, ""),
            (
                "k-protests-began",
                Stance.SUPPORTS,
                "Same day and cause; names the region, not the town.",
            ),
        ),
    ),
    ClaimData(
        "gas-price-doubled-60-to-120-tenge",
        "000",
        "газ, который с нового года подорожал в два раза — с 60 до 120 тенге",
        "gas, which had doubled in price from the new year, from 60 to 120 tenge",
        "Gas doubled in price at the new year, from 60 to 120 tenge",
        PRAVILA,
        Status.CHECKED,
        events=(ZHANAOZEN,),
        citations=(
            ("p-zhanaozen", Stance.APPEARANCE, ""),
            (
                "k-protests-began",
                Stance.SUPPORTS,
                "Confirms a rise in the price of liquefied gas; gives no figures.",
            ),
        ),
        figure=FigureData(
            Measure.PRICE,
            "цена на газ в Жанаозене с нового года",
            "price of gas in Zhanaozen from the new year",
            Q.EXACT,
            120,
            "tenge",
            at("2022-01-01 00:00"),
            P.DAY,
            superseded_by="gas-price-cut-to-50-tenge-mangystau",
        ),
    ),
    ClaimData(
        "zhanaozen-2011-protesters-shot",
        "000",
        "Десять лет назад, в 2011 году, именно в этом западном городе разгорелись крупные протесты "
        "после семимесячной забастовки нефтяников, которые завершились расстрелом митингующих на "
        "День независимости страны 16 декабря.",
        "Ten years ago, in 2011, major protests flared up in this very western town after a "
        "seven-month oil workers' strike; they ended with protesters being shot on Independence "
        "Day, 16 December.",
        "In 2011 Zhanaozen protests ended with protesters shot on 16 December",
        PRAVILA,
        Status.UNCHECKED,
        events=(ZHANAOZEN_2011,),
        citations=(("p-2011", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "authorities-did-not-respond-properly",
        "000",
        "власть не отреагировала должным образом",
        "the authorities did not respond properly",
        "The authorities did not respond properly to the Zhanaozen protest",
        LOCAL_MEDIA,
        Status.NOT_CHECKABLE,
        events=(ZHANAOZEN,),
        citations=(("p-local-media", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "gas-price-cut-to-50-tenge-mangystau",
        "000",
        "согласилась снизить цены на газ до 50 тенге в Мангистауской области",
        "[the authorities] agreed to cut gas prices to 50 tenge in the Mangystau region",
        "Authorities agreed to cut the gas price to 50 tenge in Mangystau",
        LOCAL_MEDIA,
        Status.RESEARCHING,
        events=(ZHANAOZEN,),
        citations=(("p-local-media", Stance.APPEARANCE, ""),),
        figure=FigureData(
            Measure.PRICE,
            "цена на газ в Мангистауской области после уступки властей",
            "price of gas in the Mangystau region after the authorities' concession",
            Q.EXACT,
            50,
            "tenge",
            at("2022-01-02 12:00"),
            P.MONTH,
        ),
    ),
    ClaimData(
        "tokayev-dismissed-government",
        "000",
        "президент Касым-Жомарт Токаев распустил правительство",
        "President Kassym-Jomart Tokayev dismissed the government",
        "President Tokayev dismissed the government",
        LOCAL_MEDIA,
        Status.CHECKED,
        events=(GOVERNMENT_OUT,),
        citations=(
            ("p-local-media", Stance.APPEARANCE, ""),
            (
                "k-government-resigned",
                Stance.CONTRADICTS,
                "Says the government resigned and Tokayev accepted.",
            ),
        ),
    ),
    ClaimData(
        "protests-engulfed-whole-west",
        "000",
        "вскоре протесты разрослись и охватили весь запад страны",
        "the protests soon grew and engulfed the whole west of the country",
        "The protests soon spread across the whole west of Kazakhstan",
        LOCAL_MEDIA,
        Status.RESEARCHING,
        events=(ZHANAOZEN,),
        citations=(
            ("p-local-media", Stance.APPEARANCE, ""),
            (
                "k-other-cities",
                Stance.SUPPORTS,
                "Other cities joined within days; no region named.",
            ),
        ),
    ),
    ClaimData(
        "internet-jammed-in-almaty",
        "000",
        "власти начали глушить интернет в Алматы",
        "the authorities began jamming the internet in Almaty",
        "The authorities began jamming the internet in Almaty",
        PRAVILA,
        Status.UNCHECKED,
        events=(ALMATY_JOINS,),
        citations=(("p-almaty-joined", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "almaty-joined-protests-4-january",
        "000",
        "4 января бывшая столица присоединилась к протестам",
        "on 4 January the former capital joined the protests",
        "Almaty joined the protests on 4 January",
        PRAVILA,
        Status.CHECKED,
        events=(ALMATY_JOINS,),
        citations=(
            ("p-almaty-joined", Stance.APPEARANCE, ""),
            (
                "k-mass-4-jan",
                Stance.SUPPORTS,
                "Most demonstrators came out in various cities on 4 January.",
            ),
            ("k-main-clashes", Stance.CONTEXT, "The main clashes were in Almaty; undated."),
        ),
    ),
    ClaimData(
        "political-demands-nazarbayev-prisoners-constitution",
        "000",
        "Далее вовсю зазвучали политические требования: ухода из политики Нурсултана Назарбаева (до "
        "протестов он занимал должность председателя Совбеза), освобождения политзаключенных и "
        "возвращения Конституции 1993 года",
        "Then political demands rang out in full: that Nursultan Nazarbayev leave politics (before "
        "the protests he chaired the Security Council), that political prisoners be freed and that "
        "the 1993 Constitution be restored",
        "Demands: Nazarbayev out, political prisoners freed, 1993 constitution back",
        PRAVILA,
        Status.RESEARCHING,
        events=(UNREST,),
        citations=(
            ("p-demands", Stance.APPEARANCE, ""),
            (
                "k-demands",
                Stance.SUPPORTS,
                "Demands against Nazarbayev (his immunity); nothing on prisoners or 1993.",
            ),
        ),
    ),
    ClaimData(
        "nazarbayev-chaired-security-council",
        "000",
        "до протестов он занимал должность председателя Совбеза",
        "before the protests he held the post of chairman of the Security Council",
        "Nazarbayev chaired the Security Council until the protests",
        PRAVILA,
        Status.UNCHECKED,
        events=(UNREST,),
        citations=(("p-demands", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "constitution-1993-limited-terms",
        "000",
        "Конституции 1993 года, в которой ограничено число президентских сроков и отсутствует "
        "закрепленный за Назарбаевым титул елбасы",
        "the 1993 Constitution, which limits the number of presidential terms and lacks the title "
        "of Elbasy reserved for Nazarbayev",
        "The 1993 Constitution limited presidential terms and had no Elbasy title",
        PRAVILA,
        Status.UNCHECKED,
        events=(UNREST,),
        citations=(("p-demands", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "emergency-almaty-mangystau-night-4-5-january",
        "000",
        "В ночь с 4 на 5 января Токаев ввел в Алматы и Мангистауской области режим чрезвычайного "
        "положения",
        "On the night of 4 to 5 January Tokayev introduced a state of emergency in Almaty and the "
        "Mangystau region",
        "Emergency rule in Almaty and Mangystau from the night of 4 to 5 January",
        PRAVILA,
        Status.RESEARCHING,
        events=(EMERGENCY,),
        citations=(
            ("p-emergency", Stance.APPEARANCE, ""),
            (
                "k-emergency",
                Stance.CONTEXT,
                "Later, the whole country until 19 January: compatible, it does not say when the "
                "emergency began.",
            ),
        ),
    ),
    ClaimData(
        "peaceful-protest-radicalised",
        "000",
        "мирный протест резко радикализировался",
        "the peaceful protest sharply radicalised",
        "The peaceful protest sharply radicalised",
        PRAVILA,
        Status.NOT_CHECKABLE,
        events=(UNREST,),
        citations=(("p-emergency", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "military-vehicles-in-cities",
        "000",
        "в городах появилась военная техника",
        "military vehicles appeared in the cities",
        "Military vehicles appeared in the cities",
        PRAVILA,
        Status.UNCHECKED,
        events=(UNREST,),
        citations=(("p-emergency", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "communications-jammed-nationwide",
        "000",
        "по всей стране начали глушить связь",
        "communications began to be jammed across the country",
        "Communications were jammed across the country",
        PRAVILA,
        Status.UNCHECKED,
        events=(UNREST,),
        citations=(("p-emergency", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "no-reliable-information-even-for-locals",
        "000",
        "никакой достоверной информации о происходящем не было даже у местных жителей",
        "not even local residents had any reliable information about what was happening",
        "Not even local residents had reliable information on events",
        PRAVILA,
        Status.NOT_CHECKABLE,
        events=(UNREST,),
        citations=(("p-emergency", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "radicals-burned-police-cars-stormed-buildings",
        "000",
        "Группы радикалов начали жечь полицейские машины, нападать на силовиков, отбирая у них "
        "оружие, и штурмовать административные здания.",
        "Groups of radicals began burning police cars, attacking security officers and taking "
        "their weapons, and storming administrative buildings.",
        "Radical groups burned police cars, disarmed officers, stormed buildings",
        PRAVILA,
        Status.RESEARCHING,
        events=(UNREST, AKIMAT),
        citations=(
            ("p-radicals", Stance.APPEARANCE, ""),
            (
                "k-akimat-seized",
                Stance.SUPPORTS,
                "An administrative building seized, by “protesters”.",
            ),
            ("k-main-clashes", Stance.SUPPORTS, "Clashes between protesters and security forces."),
        ),
    ),
    ClaimData(
        "knb-building-seized",
        "000",
        "Им даже удалось захватить здание алматинского Комитета национальной безопасности (аналог "
        "российской ФСБ)",
        "They even managed to seize the building of the Almaty Committee for National Security "
        "(the counterpart of Russia's FSB)",
        "Radicals seized the KNB (national security) building in Almaty",
        PRAVILA,
        Status.RESEARCHING,
        events=(KNB,),
        citations=(("p-knb-airport", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "airport-seized-by-rioters-late-5-january",
        "000",
        "поздно вечером 5 января погромщики захватили и разрушили здание международного аэропорта "
        "Алматы",
        "late in the evening of 5 January rioters seized and wrecked the building of Almaty "
        "International Airport",
        "Rioters seized and wrecked Almaty airport late on 5 January",
        PRAVILA,
        Status.CHECKED,
        events=(AIRPORT_SEIZED,),
        citations=(
            ("p-knb-airport", Stance.APPEARANCE, ""),
            (
                "k-airport-seized",
                Stance.SUPPORTS,
                "Confirms the seizure; calls them “protesters”, gives no time.",
            ),
        ),
    ),
    ClaimData(
        "tokayev-terrorist-attack-from-outside",
        "000",
        "на Казахстан осуществляется террористическая атака «извне»",
        "Kazakhstan is under a terrorist attack “from outside”",
        "Kazakhstan is under a terrorist attack from outside",
        TOKAYEV,
        Status.CHECKED,
        events=(CSTO_APPEAL,),
        citations=(
            ("p-tokayev-terror", Stance.APPEARANCE, ""),
            ("k-terror-threat", Stance.APPEARANCE, "Tokayev's own words again: the same origin."),
            (
                "k-called-terrorists",
                Stance.CONTEXT,
                "Whom he called terrorists: gas-price demonstrators.",
            ),
            (
                "p-radicals",
                Stance.CONTEXT,
                "Radical groups described; nothing on where they came from.",
            ),
        ),
        appeared_at=at("2022-01-05 19:00"),
        appeared_precision=P.EVENING,
    ),
    ClaimData(
        "fog-over-almaty-evening-7-january",
        "000",
        "туманом, который опустился на Алматы вечером 7 января",
        "the fog that descended on Almaty on the evening of 7 January",
        "Fog descended on Almaty on the evening of 7 January",
        PRAVILA,
        Status.UNCHECKED,
        events=(FOG,),
        citations=(("p-fog", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "official-16-security-officers-killed",
        "000",
        "По официальным данным властей, в результате протестов погибли 16 сотрудников силовых "
        "структур",
        "According to the authorities' official data, 16 members of the security forces were "
        "killed as a result of the protests",
        "16 security officers were killed, according to official data",
        AUTHORITIES,
        Status.RESEARCHING,
        events=(UNREST,),
        citations=(
            ("p-official-casualties", Stance.APPEARANCE, ""),
            ("p-civilian-toll", Stance.CONTEXT, "Civilian casualties still being established."),
            (
                "k-mvd-figures",
                Stance.CONTEXT,
                "MVD, 7 January morning: protesters, not security forces.",
            ),
        ),
        figure=FigureData(
            Measure.KILLED,
            "сотрудники силовых структур",
            "members of the security forces",
            Q.EXACT,
            16,
            "people",
            JANUARY_2022,
            P.MONTH,
        ),
    ),
    ClaimData(
        "official-over-1300-injured",
        "000",
        "более 1300 получили ранения",
        "more than 1,300 were injured",
        "More than 1,300 security officers were injured, per official data",
        AUTHORITIES,
        Status.UNCHECKED,
        events=(UNREST,),
        citations=(
            (
                "p-official-casualties",
                Stance.APPEARANCE,
                "The sentence does not repeat whom it counts.",
            ),
            ("k-mvd-figures", Stance.CONTEXT, "MVD, 7 January morning: 18 injured."),
        ),
        figure=FigureData(
            Measure.INJURED,
            "сотрудники силовых структур (так читается фраза)",
            "members of the security forces (as the sentence reads)",
            Q.MORE_THAN,
            1300,
            "people",
            JANUARY_2022,
            P.MONTH,
        ),
    ),
    ClaimData(
        "civilian-toll-being-established",
        "000",
        "Число жертв среди мирного населения уточняется",
        "The number of victims among civilians is being established",
        "The number of civilian victims is still being established",
        PRAVILA,
        Status.UNCHECKED,
        events=(UNREST,),
        citations=(
            ("p-civilian-toll", Stance.APPEARANCE, ""),
            (
                "k-civilians-higher",
                Stance.CONTEXT,
                "Report 004: civilian casualties may be higher than the MVD's figures.",
            ),
        ),
        # No number: the count was under way. Dated no more precisely than the report itself.
        figure=FigureData(
            Measure.KILLED,
            "жертвы среди мирного населения",
            "civilian victims",
            Q.EXACT,
            None,
            "people",
            JANUARY_2022,
            P.MONTH,
            status=FigureStatus.BEING_COUNTED,
        ),
    ),
    ClaimData(
        "1270-businesses-affected",
        "000",
        "Пострадали 1270 субъектов бизнеса",
        "1,270 businesses were affected",
        "1,270 businesses were affected",
        PRAVILA,
        Status.UNCHECKED,
        events=(UNREST,),
        citations=(
            (
                "p-damage",
                Stance.APPEARANCE,
                "Follows the official figures; the report does not say whose these are.",
            ),
        ),
        figure=FigureData(
            Measure.DAMAGE,
            "пострадавшие субъекты бизнеса",
            "businesses affected",
            Q.EXACT,
            1270,
            "businesses",
            JANUARY_2022,
            P.MONTH,
        ),
    ),
    ClaimData(
        "over-100-malls-and-banks-affected",
        "000",
        "более 100 торговых центров и банков",
        "more than 100 shopping centres and banks [were affected]",
        "More than 100 shopping centres and banks were affected",
        PRAVILA,
        Status.RESEARCHING,
        events=(UNREST,),
        citations=(
            ("p-damage", Stance.APPEARANCE, ""),
            (
                "k-malls-looted",
                Stance.SUPPORTS,
                "The biggest malls looted, say businesspeople; no number.",
            ),
        ),
        figure=FigureData(
            Measure.DAMAGE,
            "пострадавшие торговые центры и банки",
            "shopping centres and banks affected",
            Q.MORE_THAN,
            100,
            "malls and banks",
            JANUARY_2022,
            P.MONTH,
        ),
    ),
    ClaimData(
        "about-500-police-cars-damaged",
        "000",
        "повреждено около 500 полицейских машин",
        "about 500 police cars were damaged",
        "About 500 police cars were damaged",
        PRAVILA,
        Status.UNCHECKED,
        events=(UNREST,),
        citations=(
            ("p-damage", Stance.APPEARANCE, ""),
            ("p-radicals", Stance.CONTEXT, "Same report: radicals burned police cars."),
        ),
        figure=FigureData(
            Measure.DAMAGE,
            "повреждённые полицейские машины",
            "police cars damaged",
            Q.ABOUT,
            500,
            "police cars",
            JANUARY_2022,
            P.MONTH,
        ),
    ),
    # --- Report 004, the unnamed outlet ---
    ClaimData(
        "almaty-tv-employee-killed-journalist-wounded",
        "004",
        "В Алматы 6 января под обстрелом погиб сотрудник телеканала «Алматы», еще один журналист "
        "ранен.",
        "In Almaty on 6 January an employee of the «Almaty» TV channel was killed under fire, and "
        "another journalist was wounded.",
        "An «Almaty» TV employee was killed and a journalist wounded on 6 January",
        ORDA,
        Status.RESEARCHING,
        events=(TV_CREW,),
        citations=(
            ("k-tv-crew", Stance.APPEARANCE, ""),
            (
                "k-orda-quote",
                Stance.SUPPORTS,
                "Orda.kz's own words: the driver killed, a journalist wounded.",
            ),
            (
                "k-crew-23",
                Stance.SUPPORTS,
                "Time and place: about 23.00, near the presidential residence.",
            ),
            ("k-director", Stance.CONTEXT, "The channel declined to comment."),
        ),
        figure=FigureData(
            Measure.KILLED,
            "сотрудники телеканала «Алматы»",
            "employees of the «Almaty» TV channel",
            Q.EXACT,
            1,
            "people",
            at("2022-01-06 23:00"),
            P.ABOUT,
        ),
    ),
    ClaimData(
        "tv-crew-invited-by-akimat",
        "004",
        "сотрудники телеканала направлялись в городской акимат, который пригласил их для съёмки "
        "видеообращения акима города Бакытжана Сагинтаева к горожанам «после очистки внутри "
        "акимата от протестующих»",
        "the TV channel's staff were on their way to the city akimat, which had invited them to "
        "film a video address by the akim, Bakytzhan Sagintayev, “after the inside of the akimat "
        "had been cleared of protesters”",
        "The akimat invited the TV crew to film the akim's address to residents",
        ORDA,
        Status.UNCHECKED,
        events=(TV_CREW,),
        citations=(("k-orda-info", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "last-shots-from-residence-about-22-55",
        "004",
        "Корреспондент Orda.kz зафиксировал последние звуки выстрелов со стороны резиденции "
        "президента около 22:55.",
        "An Orda.kz correspondent recorded the last sounds of shots from the direction of the "
        "president's residence at about 22:55.",
        "Orda.kz heard the last shots from the presidential residence at about 22:55",
        ORDA,
        Status.UNCHECKED,
        events=(TV_CREW,),
        citations=(
            ("k-last-shots", Stance.APPEARANCE, ""),
            (
                "k-crew-23",
                Stance.CONTEXT,
                "The crew came under fire at about 23.00: the times are approximate.",
            ),
        ),
    ),
    ClaimData(
        "square-near-residence-stable",
        "004",
        "МВД и различные казахстанские СМИ сообщали, что ситуация на площади, которая находится "
        "неподалеку от резиденции, стабильная",
        "the MVD and various Kazakh media reported that the situation on the square, which is not "
        "far from the residence, was stable",
        "The square near the presidential residence was stable, MVD and media said",
        MVD,
        Status.RESEARCHING,
        events=(TV_CREW,),
        citations=(
            ("k-square-stable", Stance.APPEARANCE, "The MVD, first of the two voices named."),
            (
                "k-square-stable-media",
                Stance.APPEARANCE,
                "The same sentence: various Kazakh media, unnamed, said it too.",
            ),
            ("k-last-shots", Stance.CONTRADICTS, "Shots from the residence until about 22:55."),
            (
                "k-crew-23",
                Stance.CONTRADICTS,
                "A crew under fire near the residence at about 23.00.",
            ),
        ),
    ),
    ClaimData(
        "demands-gas-price-then-resignation-immunity",
        "004",
        "Сначала демонстранты требовали снижения стоимости голубого топлива, а затем отставки "
        "действующей власти и снятия неприкосновенности с первого президента Казахстана Нурсултана "
        "Назарбаева.",
        "At first the demonstrators demanded a cut in the price of gas, then the resignation of "
        "the authorities in office and the lifting of Nursultan Nazarbayev's immunity.",
        "Protesters demanded cheaper gas, then the government out and no immunity",
        OUTLET_004,
        Status.UNCHECKED,
        events=(UNREST,),
        citations=(
            ("k-demands", Stance.APPEARANCE, ""),
            (
                "p-demands",
                Stance.SUPPORTS,
                "Demands against Nazarbayev, framed as his leaving politics.",
            ),
        ),
    ),
    ClaimData(
        "shal-ket-most-popular-slogan",
        "004",
        "Самый популярный лозунг: «Шал, кет!» («Старик, уходи!»).",
        "The most popular slogan: “Shal, ket!” (“Old man, go!”).",
        "“Shal, ket!” (“Old man, go!”) was the protests' most popular slogan",
        OUTLET_004,
        Status.NOT_CHECKABLE,
        events=(UNREST,),
        citations=(("k-slogan", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "government-resigned-tokayev-accepted",
        "004",
        "В итоге на фоне протестов правительство Казахстана ушло в отставку, которую принял "
        "президент Касым-Жомарт Токаев.",
        "In the end, against the background of the protests, the government of Kazakhstan "
        "resigned, and President Kassym-Jomart Tokayev accepted the resignation.",
        "The government resigned and President Tokayev accepted its resignation",
        OUTLET_004,
        Status.RESEARCHING,
        events=(GOVERNMENT_OUT,),
        citations=(
            ("k-government-resigned", Stance.APPEARANCE, ""),
            (
                "p-local-media",
                Stance.CONTRADICTS,
                "Local media via Pravila Zhizni: Tokayev dismissed it.",
            ),
        ),
    ),
    ClaimData(
        "main-clashes-in-almaty",
        "004",
        "Самые основные столкновения митингующих и силовиков произошли в Алматы.",
        "The main clashes between protesters and the security forces took place in Almaty.",
        "The main clashes between protesters and security forces were in Almaty",
        OUTLET_004,
        Status.UNCHECKED,
        events=(ALMATY_JOINS,),
        citations=(("k-main-clashes", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "akimat-seized-daytime-5-january",
        "004",
        "Днем 5 января в Алматы протестующие захватили здание городской администрации.",
        "During the day on 5 January, protesters in Almaty seized the city administration "
        "building.",
        "Protesters seized Almaty's city administration in the daytime on 5 January",
        OUTLET_004,
        Status.RESEARCHING,
        events=(AKIMAT,),
        citations=(
            ("k-akimat-seized", Stance.APPEARANCE, ""),
            (
                "k-orda-info",
                Stance.SUPPORTS,
                "The akimat was later “cleared inside of protesters”.",
            ),
            (
                "p-radicals",
                Stance.SUPPORTS,
                "Administrative buildings stormed, by “radicals”; no date.",
            ),
        ),
    ),
    ClaimData(
        "demonstrators-reached-residence-fire",
        "004",
        "В СМИ также появилась информация о том, что демонстранты добрались до госрезиденции "
        "президента Касыма-Жомарта Токаева, которая находится в Алматы. Там в итоге произошел "
        "пожар.",
        "Information also appeared in the media that demonstrators had reached President "
        "Kassym-Jomart Tokayev's state residence in Almaty. A fire eventually broke out there.",
        "Demonstrators reached the presidential residence in Almaty; it caught fire",
        MEDIA_004,
        Status.UNCHECKED,
        events=(UNREST,),
        citations=(("k-residence", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "airport-seized-by-protesters",
        "004",
        "митингующие захватили аэропорт Алматы",
        "protesters seized Almaty airport",
        "Protesters seized Almaty airport",
        OUTLET_004,
        Status.CHECKED,
        events=(AIRPORT_SEIZED,),
        citations=(
            ("k-airport-seized", Stance.APPEARANCE, ""),
            ("p-knb-airport", Stance.SUPPORTS, "Confirms the seizure; calls them “rioters”."),
        ),
    ),
    ClaimData(
        "airport-freed-night-to-6-january",
        "004",
        "в ночь на 6 января власти сообщили, что он освобожден",
        "in the night to 6 January the authorities reported that it had been freed",
        "The authorities said Almaty airport was freed in the night to 6 January",
        AUTHORITIES,
        Status.UNCHECKED,
        events=(AIRPORT_FREED,),
        citations=(("k-airport-freed", Stance.APPEARANCE, ""),),
        appeared_at=at("2022-01-05 23:30"),
        appeared_precision=P.NIGHT,
    ),
    ClaimData(
        "biggest-malls-looted",
        "004",
        "Бизнесмены сообщили, что в городе разграблены самые больше торговые центры.",
        "Businesspeople reported that the city's biggest shopping centres had been looted.",
        "The biggest shopping centres in Almaty were looted",
        BUSINESSPEOPLE,
        Status.UNCHECKED,
        events=(UNREST,),
        citations=(("k-malls-looted", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "mvd-at-least-26-protesters-killed",
        "004",
        "По данным МВД Казахстана на утро 7 января, по стране убиты как минимум 26 протестующих",
        "According to the MVD of Kazakhstan as of the morning of 7 January, at least 26 protesters "
        "were killed across the country",
        "At least 26 protesters were killed by the morning of 7 January, per MVD",
        MVD,
        Status.RESEARCHING,
        events=(MVD_FIGURES,),
        citations=(
            ("k-mvd-figures", Stance.APPEARANCE, ""),
            (
                "k-civilians-higher",
                Stance.CONTEXT,
                "The same report: civilian casualties may be higher.",
            ),
            ("p-civilian-toll", Stance.CONTEXT, "Civilian casualties still being established."),
            (
                "p-official-casualties",
                Stance.CONTEXT,
                "Official data of undated time: security forces only.",
            ),
        ),
        appeared_at=at("2022-01-07 08:00"),
        appeared_precision=P.MORNING,
        figure=FigureData(
            Measure.KILLED,
            "протестующие",
            "protesters",
            Q.AT_LEAST,
            26,
            "people",
            at("2022-01-07 08:00"),
            P.MORNING,
        ),
    ),
    ClaimData(
        "mvd-18-injured",
        "004",
        "18 ранены",
        "18 were injured",
        "18 people were injured by the morning of 7 January, per MVD",
        MVD,
        Status.UNCHECKED,
        events=(MVD_FIGURES,),
        citations=(
            ("k-mvd-figures", Stance.APPEARANCE, "The sentence does not say who the 18 are."),
        ),
        appeared_at=at("2022-01-07 08:00"),
        appeared_precision=P.MORNING,
        figure=FigureData(
            Measure.INJURED,
            "ранены (кто именно, фраза не уточняет)",
            "injured (the sentence does not say who)",
            Q.EXACT,
            18,
            "people",
            at("2022-01-07 08:00"),
            P.MORNING,
        ),
    ),
    ClaimData(
        "mvd-over-3000-detained",
        "004",
        "задержанных более 3 тысяч",
        "more than 3,000 detained",
        "More than 3,000 people were detained by the morning of 7 January, per MVD",
        MVD,
        Status.UNCHECKED,
        events=(MVD_FIGURES,),
        citations=(("k-mvd-figures", Stance.APPEARANCE, ""),),
        appeared_at=at("2022-01-07 08:00"),
        appeared_precision=P.MORNING,
        figure=FigureData(
            Measure.DETAINED,
            "задержанные",
            "people detained",
            Q.MORE_THAN,
            3000,
            "people",
            at("2022-01-07 08:00"),
            P.MORNING,
        ),
    ),
    ClaimData(
        "civilian-casualties-may-be-higher",
        "004",
        "количество погибших и пострадавших со стороны гражданских может быть больше",
        "the number of civilians killed and injured may be higher",
        "Civilian dead and injured may outnumber the MVD's figures of 7 January",
        OUTLET_004,
        Status.UNCHECKED,
        events=(MVD_FIGURES,),
        citations=(
            ("k-civilians-higher", Stance.APPEARANCE, ""),
            (
                "p-civilian-toll",
                Stance.CONTEXT,
                "Report 000: the civilian toll is still being established.",
            ),
        ),
        # Only that it may be higher than the MVD's figures, which it qualifies: not known, as of
        # the morning of 7 January like them.
        figure=FigureData(
            Measure.CASUALTIES,
            "погибшие и пострадавшие со стороны гражданских",
            "civilians killed and injured",
            Q.EXACT,
            None,
            "people",
            at("2022-01-07 08:00"),
            P.MORNING,
            status=FigureStatus.UNKNOWN,
        ),
    ),
    ClaimData(
        "emergency-nationwide-until-19-january",
        "004",
        "По всему Казахстану введен режим чрезвычайного положения, который будет действовать на "
        "всей территории страны до 19 января.",
        "A state of emergency has been introduced across Kazakhstan; it will be in force "
        "throughout the country until 19 January.",
        "A nationwide state of emergency is in force until 19 January",
        OUTLET_004,
        Status.RESEARCHING,
        events=(EMERGENCY,),
        citations=(
            ("k-emergency", Stance.APPEARANCE, ""),
            (
                "p-emergency",
                Stance.CONTEXT,
                "Where it began: Almaty and the Mangystau region, on the night of 4 to 5 January.",
            ),
        ),
    ),
    ClaimData(
        "curfew-23-00-to-07-00",
        "004",
        "Также с 23:00 до 07:00 действует комендантский час.",
        "A curfew is also in force from 23:00 to 07:00.",
        "A curfew is in force from 23:00 to 07:00",
        OUTLET_004,
        Status.UNCHECKED,
        events=(EMERGENCY,),
        citations=(("k-curfew", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "tokayev-asked-csto-for-support-5-january",
        "004",
        "президент Казахстана Касым-Жомарт Токаев 5 января обратился к членам ОДКБ и попросил "
        "поддержки для «преодоления террористической угрозы»",
        "the President of Kazakhstan, Kassym-Jomart Tokayev, on 5 January turned to the members "
        "of the CSTO and asked for support in “overcoming the terrorist threat”",
        "Tokayev asked the CSTO's members for support on 5 January",
        OUTLET_004,
        Status.CHECKED,
        events=(CSTO_APPEAL,),
        citations=(
            ("k-csto-appeal", Stance.APPEARANCE, ""),
            (
                "p-csto",
                Stance.SUPPORTS,
                "Same day, in the evening; Tokayev turned to the CSTO for help.",
            ),
            ("k-pashinyan", Stance.CONTEXT, "The CSTO later said it would send forces."),
        ),
    ),
    ClaimData(
        "tokayev-called-demonstrators-terrorists",
        "004",
        "Токаев назвал «террористами» демонстрантов, которые требовали снижения цен на сжиженный "
        "газ и снятия неприкосновенности с первого президента Казахстана Нурсултана Назарбаева.",
        "Tokayev called “terrorists” the demonstrators who had demanded lower prices for liquefied "
        "gas and the lifting of Nursultan Nazarbayev's immunity.",
        "Tokayev called the gas-price demonstrators “terrorists”",
        OUTLET_004,
        Status.UNCHECKED,
        events=(CSTO_APPEAL,),
        citations=(
            ("k-called-terrorists", Stance.APPEARANCE, ""),
            (
                "p-tokayev-terror",
                Stance.CONTEXT,
                "Tokayev spoke of a terrorist attack “from outside”.",
            ),
        ),
    ),
    ClaimData(
        "tokayev-will-act-as-harshly-as-possible",
        "004",
        "Также Токаев заявил, что «будет действовать максимально жестко» по отношению к "
        "митингующим.",
        "Tokayev also declared that he “will act as harshly as possible” towards the protesters.",
        "Tokayev said he would act as harshly as possible against protesters",
        OUTLET_004,
        Status.UNCHECKED,
        events=(CSTO_APPEAL,),
        citations=(("k-act-harshly", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "csto-will-send-peacekeepers",
        "004",
        "премьер-министр Армении и председатель ОДКБ Никол Пашинян сообщил, что ОДКБ направит свои "
        "миротворческие силы в Казахстан",
        "the Prime Minister of Armenia and chairman of the CSTO, Nikol Pashinyan, said that the "
        "CSTO would send its peacekeeping forces to Kazakhstan",
        "The CSTO will send peacekeeping forces to Kazakhstan, Pashinyan said",
        PASHINYAN,
        Status.UNCHECKED,
        events=(CSTO_TROOPS,),
        citations=(("k-pashinyan", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "armenia-70-troops",
        "004",
        "Армения (70 военных)",
        "Armenia (70 troops) [has agreed to take part in the CSTO campaign in Kazakhstan]",
        "Armenia agreed to send 70 troops to the CSTO mission",
        OUTLET_004,
        Status.UNCHECKED,
        events=(CSTO_TROOPS,),
        citations=(("k-troops", Stance.APPEARANCE, "“So far” three countries."),),
        figure=FigureData(
            Measure.TROOPS,
            "военные Армении в контингенте ОДКБ",
            "Armenian troops in the CSTO contingent",
            Q.EXACT,
            70,
            "troops",
            REPORT_004_WRITTEN,
            P.MONTH,
        ),
    ),
    ClaimData(
        "tajikistan-200-troops",
        "004",
        "Таджикистан (200 военных)",
        "Tajikistan (200 troops) [has agreed to take part in the CSTO campaign in Kazakhstan]",
        "Tajikistan agreed to send 200 troops to the CSTO mission",
        OUTLET_004,
        Status.UNCHECKED,
        events=(CSTO_TROOPS,),
        citations=(("k-troops", Stance.APPEARANCE, "“So far” three countries."),),
        figure=FigureData(
            Measure.TROOPS,
            "военные Таджикистана в контингенте ОДКБ",
            "Tajik troops in the CSTO contingent",
            Q.EXACT,
            200,
            "troops",
            REPORT_004_WRITTEN,
            P.MONTH,
        ),
    ),
    ClaimData(
        "russia-3000-troops",
        "004",
        "Россия (3000 военных)",
        "Russia (3,000 troops) [has agreed to take part in the CSTO campaign in Kazakhstan]",
        "Russia agreed to send 3,000 troops to the CSTO mission",
        OUTLET_004,
        Status.UNCHECKED,
        events=(CSTO_TROOPS,),
        citations=(("k-troops", Stance.APPEARANCE, "“So far” three countries."),),
        figure=FigureData(
            Measure.TROOPS,
            "военные России в контингенте ОДКБ",
            "Russian troops in the CSTO contingent",
            Q.EXACT,
            3000,
            "troops",
            REPORT_004_WRITTEN,
            P.MONTH,
        ),
    ),
    ClaimData(
        "kyrgyzstan-decision-on-troops-pending",
        "004",
        "Кыргызстан еще не принял окончательного решения об отправке военнослужащих в Казахстан, но "
        "на этом настаивает президент и кабмин. Окончательное решение парламент должен принять "
        "сегодня.",
        "Kyrgyzstan has not yet taken a final decision on sending troops to Kazakhstan, but the "
        "president and the cabinet insist on it. Parliament is to take the final decision today.",
        "Kyrgyzstan had not yet decided on sending troops; parliament was to decide",
        OUTLET_004,
        Status.RESEARCHING,
        events=(CSTO_TROOPS, BISHKEK),
        citations=(("k-kyrgyzstan", Stance.APPEARANCE, ""),),
    ),
    ClaimData(
        "bishkek-activists-protest-deployment",
        "004",
        "возле здания парламента в Бишкеке на митинг вышли активисты и выступили против отправки "
        "кыргызских солдат в Казахстан",
        "activists rallied outside the parliament building in Bishkek and spoke out against "
        "sending Kyrgyz soldiers to Kazakhstan",
        "Activists rallied in Bishkek against sending Kyrgyz soldiers",
        OUTLET_004,
        Status.UNCHECKED,
        events=(BISHKEK,),
        citations=(("k-bishkek", Stance.APPEARANCE, ""),),
    ),
]


@dataclass(frozen=True)
class ConflictData:
    """Two claims that do not simply agree; `note` is public and says how they differ."""

    claim: str
    other: str
    kind: str
    note: str


CONFLICTS = [
    ConflictData(
        "airport-seized-by-rioters-late-5-january",
        "airport-seized-by-protesters",
        Conflict.FRAMES_DIFFERENTLY,
        "The same seizure: report 000 calls those who took the airport “погромщики” (rioters), "
        "report 004 “митингующие” (protesters).",
    ),
    ConflictData(
        "tokayev-dismissed-government",
        "government-resigned-tokayev-accepted",
        Conflict.CONTRADICTS,
        "Both say the government went; they disagree on how: dismissed by Tokayev (local media, "
        "via report 000) or resigned, with Tokayev accepting (report 004).",
    ),
    ConflictData(
        "official-16-security-officers-killed",
        "mvd-at-least-26-protesters-killed",
        Conflict.DIFFERENT_POPULATION,
        "Not the same dead: the official figure counts members of the security forces (undated), "
        "the MVD's counts protesters, as of the morning of 7 January.",
    ),
    ConflictData(
        "official-over-1300-injured",
        "mvd-18-injured",
        Conflict.DIFFERENT_POPULATION,
        "The 1,300 read as members of the security forces (undated); the MVD's 18 follow its "
        "count of protesters, as of the morning of 7 January, and the sentence does not say who "
        "they are. Set side by side, they do not measure the same thing.",
    ),
    # Compatible, not contradicting: report 000 tells where and when the emergency began, report
    # 004 (written on 7 January or later) how far it reached by then. Neither says when it was
    # widened, so the desk records the difference in time, not a dispute.
    ConflictData(
        "emergency-almaty-mangystau-night-4-5-january",
        "emergency-nationwide-until-19-january",
        Conflict.DIFFERENT_MOMENT,
        "Compatible: introduced in Almaty and the Mangystau region on the night of 4 to 5 "
        "January (report 000); in force across the country until 19 January by the time of "
        "report 004. Neither report says when it was widened.",
    ),
    ConflictData(
        "political-demands-nazarbayev-prisoners-constitution",
        "demands-gas-price-then-resignation-immunity",
        Conflict.FRAMES_DIFFERENTLY,
        "Both tell of demands aimed at Nazarbayev: report 000 as his leaving politics, with "
        "prisoners freed and the 1993 Constitution back; report 004 as lifting his immunity, "
        "after cheaper gas and the government's resignation. Neither list excludes the other.",
    ),
    ConflictData(
        "square-near-residence-stable",
        "last-shots-from-residence-about-22-55",
        Conflict.CONTRADICTS,
        "Report 004 sets them side by side: shots from the presidential residence until about "
        "22:55, while the MVD and media called the square near it stable. It gives no time for "
        "the MVD's statement.",
    ),
    ConflictData(
        "square-near-residence-stable",
        "almaty-tv-employee-killed-journalist-wounded",
        Conflict.CONTRADICTS,
        "A TV crew came under fire near the presidential residence at about 23.00, one of them "
        "killed, while the MVD and media called the square near the residence stable.",
    ),
    ConflictData(
        "radicals-burned-police-cars-stormed-buildings",
        "akimat-seized-daytime-5-january",
        Conflict.FRAMES_DIFFERENTLY,
        "Administrative buildings taken: by “радикалы” (radicals) in report 000, by "
        "“протестующие” (protesters) in report 004.",
    ),
    ConflictData(
        "tokayev-terrorist-attack-from-outside",
        "tokayev-called-demonstrators-terrorists",
        Conflict.FRAMES_DIFFERENTLY,
        "Who the “terrorists” were: an attack “from outside” in Tokayev's words (report 000); "
        "the demonstrators who demanded cheaper gas and an end to Nazarbayev's immunity, as report "
        "004 tells it.",
    ),
]


# --- Verdicts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerdictData:
    """A verdict and how far it goes through the workflow.

    flow: "draft", "in_review" (submitted), "sent_back", "published", "corrected" (published,
    then changed as in `correction` and republished with its note) or "retracted" (published,
    then retracted for `retraction`).
    """

    claim: str
    flow: str
    headline: str
    rating: str | None = None  # Rating slug
    conclusion: str = ""
    explanation: str = ""
    send_back: str = ""
    correction: dict = field(default_factory=dict)
    retraction: str = ""
    # The verdict's versions in other languages (issue 11): {"ru": {"headline", "conclusion",
    # "explanation"}}, written with the verdict and reviewed and published with it. Quotes from
    # the seed reports are copied exactly. A verdict without one shows, on the Russian site, that
    # it is so far only in English.
    translations: dict = field(default_factory=dict)


VERDICTS = [
    VerdictData(
        "tokayev-asked-csto-for-support-5-january",
        "corrected",
        "Tokayev did ask the CSTO for help on 5 January",
        rating="half-true",
        conclusion=(
            "Both reports say President Tokayev appealed to the Collective Security Treaty "
            "Organization on 5 January; Pravila Zhizni places it in the evening. Both quote the "
            "aim he gave: overcoming a terrorist threat."
        ),
        explanation="""\
**The claim.** The unnamed outlet (report 004) writes that on 5 January President Kassym-Jomart
Tokayev turned to the members of the CSTO and asked for support in “overcoming the terrorist
threat”.

**The evidence.** Pravila Zhizni («Правила жизни») independently reports that on the evening of
5 January Tokayev declared that Kazakhstan was under a terrorist attack “from outside” and turned to
the CSTO for help. That is one origin besides the claim's own source, and it agrees on the appeal,
on who made it and on the date. Report 004 adds that the CSTO's chairman, Armenia's prime minister
Nikol Pashinyan, later said the organisation would send peacekeeping forces, which fits an appeal
having been made.

**The rating.** *Half true*: our rules reserve *mostly true* and *true* for claims that two
origins independent of the claimant confirm; these reports give one.
""",
        correction={
            "headline": "Tokayev asked the CSTO for help on 5 January; the quoted aim is one outlet's",
            "conclusion": (
                "Pravila Zhizni confirms, independently of report 004, that President Tokayev "
                "appealed to the Collective Security Treaty Organization on 5 January, in the "
                "evening. The words report 004 quotes, support in “overcoming the terrorist "
                "threat”, appear in report 004 alone."
            ),
            "explanation": """\
**The claim.** The unnamed outlet (report 004) writes that on 5 January President Kassym-Jomart
Tokayev turned to the members of the CSTO and asked for support in “overcoming the terrorist
threat” («преодоления террористической угрозы»).

**The evidence.** Pravila Zhizni («Правила жизни») independently reports that on the evening of
5 January Tokayev declared that Kazakhstan was under a terrorist attack “from outside” (извне) and
turned to the CSTO for help. That confirms the appeal, who made it and the date: one origin besides
the claim's own source. Report 004 adds that the CSTO's chairman, Armenia's prime minister Nikol
Pashinyan, later said the organisation would send peacekeeping forces, which fits an appeal having
been made.

**What rests on one outlet.** The quoted aim, support in “overcoming the terrorist threat”, is
report 004's alone. Pravila Zhizni does not quote the appeal; it quotes an earlier statement about
an attack “from outside”. Neither report gives the appeal's text or says where it was published.

**The rating.** *Half true*: the appeal is confirmed, its quoted wording is not. Our rules reserve
*mostly true* and *true* for claims that two origins independent of the claimant confirm. Whether
there was a terrorist threat is a separate claim, rated on its own.
""",
            "note_kind": Verdict.NoteKind.CORRECTION,
            "note": (
                "The first version said both reports quote the aim Tokayev gave for his appeal. "
                "Only report 004 quotes it («преодоления террористической угрозы»); Pravila Zhizni "
                "quotes a statement about a terrorist attack “from outside” and says he turned to "
                "the CSTO for help. The headline, the conclusion and the explanation now say which "
                "part rests on one outlet. The rating, Half true, is unchanged."
            ),
        },
    ),
    VerdictData(
        "zhanaozen-protest-2-january",
        "published",
        "The protest over gas prices began on 2 January, in Zhanaozen by one account",
        rating="half-true",
        conclusion=(
            "Both reports date the first protest to 2 January 2022 and tie it to the price of gas. "
            "Only Pravila Zhizni names Zhanaozen and the akimat; the other report names the "
            "Mangystau region."
        ),
        explanation="""\
**The claim.** Pravila Zhizni («Правила жизни») reports that on 2 January residents of Zhanaozen
went to the local administration (akimat) to demand a lower gas price.

**The evidence.** The unnamed outlet (report 004) says, independently, that rallies began on
2 January 2022 in the Mangystau region because of a rise in the price of liquefied gas. The date
and the cause are therefore confirmed by one origin besides Pravila Zhizni.

**What is missing.** The place rests on Pravila Zhizni alone: report 004 names the region, not the
town, and neither report cites a witness, a picture or an official statement about the gathering at
the akimat. Pravila Zhizni itself ties a later 50-tenge concession to the Mangystau region, which
fits, but that is the same origin.

**The rating.** *Half true*: the date and the cause are confirmed, the town and the akimat are not.
Our rules reserve *mostly true* and *true* for claims that two origins independent of the claimant
confirm; these reports give one.
""",
    ),
    VerdictData(
        "gas-price-doubled-60-to-120-tenge",
        "corrected",
        "A rise in the gas price is confirmed; the 60 and 120 tenge have one source",
        rating="half-true",
        conclusion=(
            "Report 004 confirms that a rise in the price of liquefied gas set off the protests. "
            "The figures of 60 and 120 tenge, and what quantity they are for, appear only in "
            "Pravila Zhizni."
        ),
        explanation="""\
**The claim.** Pravila Zhizni («Правила жизни») says that gas doubled in price from the new year,
from 60 to 120 tenge.

**The evidence.** The unnamed outlet (report 004) says the rallies began because of a rise in the
price of *liquefied* gas (сжиженный газ). That supports the rise itself; it gives no figures.

**What is missing.** Both prices rest on Pravila Zhizni alone. Hence *half true*: the rise is
confirmed, the figures are not.
""",
        correction={
            "rating": "unproven",
            "headline": "Gas at 60, then 120 tenge: one report's figures, neither confirmed nor refuted",
            "conclusion": (
                "Only Pravila Zhizni gives the prices of 60 and 120 tenge and says the price "
                "doubled. Report 004 says the price of liquefied gas rose and gives no figure. "
                "Nothing in the two reports confirms or refutes the figures."
            ),
            "explanation": """\
**The claim.** Pravila Zhizni («Правила жизни») says that gas doubled in price from the new year,
from 60 to 120 tenge.

**The evidence.** The unnamed outlet (report 004) says the rallies began because of a rise in the
price of *liquefied* gas (сжиженный газ). That supports a rise; it gives no figures, and a rise is
not a doubling.

**What is missing.** The claim is its figures, and both prices rest on Pravila Zhizni alone.
Neither report says what quantity they are for (a litre, a cubic metre) or who set them. Pravila
Zhizni writes simply «газ»; report 004 specifies liquefied gas. Take the 60 and 120 tenge as one
outlet's figures until a price list or a second report confirms them: *unproven*.

The desk records the 120-tenge price as a figure superseded by the 50 tenge that, according to
local media relayed by Pravila Zhizni, the authorities then agreed to in the Mangystau region
(itself not yet confirmed).
""",
            "note_kind": Verdict.NoteKind.CORRECTION,
            "note": (
                "The first version rated the claim half true because report 004 confirms a rise in "
                "the price of gas. But the claim is its figures: a doubling, from 60 to 120 tenge. "
                "They rest on Pravila Zhizni alone and report 004 gives no figure, so the evidence "
                "neither confirms nor refutes them. The rating was changed from Half true to "
                "Unproven."
            ),
        },
    ),
    VerdictData(
        "almaty-joined-protests-4-january",
        "published",
        "Protests did reach the cities, Almaty among them, around 4 January",
        rating="half-true",
        conclusion=(
            "Report 004 confirms that most demonstrators across the country's cities came out on "
            "4 January and that the main clashes were in Almaty. It does not itself say that "
            "Almaty joined on 4 January."
        ),
        explanation="""\
**The claim.** Pravila Zhizni («Правила жизни») writes that on 4 January the former capital,
Almaty, joined the protests, although the authorities had begun jamming the internet there.

**The evidence.** The unnamed outlet (report 004) says the bulk of demonstrators came out in
various cities on 4 January and, separately, that the main clashes between protesters and the
security forces took place in Almaty. That is one origin besides Pravila Zhizni for the protests
reaching the cities, Almaty among them, around 4 January.

**What is missing.** Report 004 does not date Almaty's first protest: only Pravila Zhizni ties
Almaty to 4 January. The internet jamming in the same sentence is a separate claim, not rated here.

**The rating.** *Half true*: the protests' spread to the cities on 4 January is confirmed, Almaty's
date is not. Our rules reserve *mostly true* and *true* for claims that two origins independent of
the claimant confirm.
""",
    ),
    VerdictData(
        "tokayev-dismissed-government",
        "corrected",
        "Tokayev did not dismiss the government: it resigned, another report says",
        rating="mostly-false",
        conclusion=(
            "Report 004 says the government resigned and President Tokayev accepted the "
            "resignation. That contradicts the local media relayed by Pravila Zhizni, who say he "
            "dismissed it."
        ),
        explanation="""\
**The claim.** Pravila Zhizni («Правила жизни»), citing unnamed local media, lists among the
authorities' concessions that President Kassym-Jomart Tokayev dismissed (распустил) the government.

**The contradicting evidence.** The unnamed outlet (report 004) writes that the government of
Kazakhstan resigned (ушло в отставку) against the background of the protests and that President
Tokayev accepted the resignation. The difference matters: one account makes the change the
president's decision, the other the government's.

**The rating.** *Mostly false*: the government did leave office, but not, according to report 004,
by the president's decision.
""",
        correction={
            "rating": "unproven",
            "headline": "Dismissed, or resigned? The two reports disagree, and neither shows which",
            "conclusion": (
                "Both reports say the government left office during the protests. Local media "
                "relayed by Pravila Zhizni say President Tokayev dismissed it; report 004 says it "
                "resigned and he accepted. Neither cites a decree or a statement, so the desk "
                "cannot say which is right."
            ),
            "explanation": """\
**The claim.** Pravila Zhizni («Правила жизни»), citing unnamed local media, lists among the
authorities' concessions that President Kassym-Jomart Tokayev dismissed (распустил) the government.

**The contradicting evidence.** The unnamed outlet (report 004) writes that the government of
Kazakhstan resigned (ушло в отставку) against the background of the protests and that President
Tokayev accepted the resignation. The difference matters: one account makes the change the
president's decision, the other the government's.

**What the desk can say.** That the government left office during the unrest is in both reports.
Who took the step rests on one report each, and neither cites a decree or a statement by the
president or the government. One report against another refutes neither: the claim is *unproven*
until the decree or the government's statement is found.
""",
            "note_kind": Verdict.NoteKind.CORRECTION,
            "note": (
                "The first version rated the claim mostly false on the strength of report 004, "
                "which says the government resigned and Tokayev accepted. One report against "
                "another refutes neither, and neither cites the decree or a statement by the "
                "president or the government. The rating was changed from Mostly false to "
                "Unproven."
            ),
        },
    ),
    VerdictData(
        "airport-seized-by-rioters-late-5-january",
        "corrected",
        "Almaty airport was seized late on 5 January",
        rating="half-true",
        conclusion=(
            "Both reports say Almaty's international airport was seized. Pravila Zhizni dates it "
            "to the late evening of 5 January."
        ),
        explanation="""\
**The claim.** Pravila Zhizni («Правила жизни») writes that late in the evening of 5 January
rioters (погромщики) seized and wrecked the building of Almaty International Airport.

**The evidence.** The unnamed outlet (report 004) also reports the airport's seizure and adds that
in the night to 6 January the authorities said it had been freed. It confirms the seizure
independently of Pravila Zhizni, and both describe those who took the airport as rioters.

**The rating.** *Half true*: the seizure is confirmed; the time and the damage rest on Pravila
Zhizni alone.
""",
        correction={
            "headline": "Almaty airport was seized on 5 January; who seized it is told differently",
            "conclusion": (
                "Both reports say Almaty's international airport was seized. Only Pravila Zhizni "
                "gives the time (late evening of 5 January), says the building was wrecked and "
                "calls those who seized it rioters; report 004 calls them protesters."
            ),
            "explanation": """\
**The claim.** Pravila Zhizni («Правила жизни») writes that late in the evening of 5 January
rioters (погромщики) seized and wrecked the building of Almaty International Airport.

**The evidence.** The unnamed outlet (report 004) also reports the airport's seizure and adds that
in the night to 6 January the authorities said it had been freed. It confirms the seizure
independently of Pravila Zhizni.

**Where the accounts differ.** Report 004 says protesters (митингующие) seized the airport; Pravila
Zhizni says rioters. Neither report identifies the people involved or cites anyone who saw them,
so each label is the outlet's own. Report 004 does not mention damage to the building and gives no
time of day. Report 004's version is a separate claim, rated on the same evidence.

**The rating.** *Half true*: the seizure is confirmed; the time, the damage and the description of
those responsible rest on Pravila Zhizni alone. Our rules reserve *mostly true* and *true* for
claims that two origins independent of the claimant confirm.
""",
            "note_kind": Verdict.NoteKind.CORRECTION,
            "note": (
                "The first version said that both reports describe those who seized the airport "
                "as rioters. Report 004 calls them protesters («митингующие») and does not mention "
                "damage to the building. The rating, Half true, is unchanged."
            ),
        },
    ),
    VerdictData(
        "airport-seized-by-protesters",
        "published",
        "Almaty airport was seized; “protesters” is one outlet's word for who did it",
        rating="half-true",
        conclusion=(
            "Both reports confirm that Almaty airport was seized. Report 004 says protesters did "
            "it; Pravila Zhizni says rioters. Neither identifies them."
        ),
        explanation="""\
**The claim.** The unnamed outlet (report 004) writes that protesters (митингующие) seized Almaty
airport, and that in the night to 6 January the authorities said it had been freed.

**The evidence.** Pravila Zhizni («Правила жизни») independently reports that the airport building
was seized, late in the evening of 5 January, and calls those who did it rioters (погромщики). That
is one origin besides report 004 for the seizure.

**Where the accounts differ.** Who seized the airport is described, not shown: neither report
names a group, a witness or an arrest. “Protesters” and “rioters” are each outlet's own framing.

**The rating.** *Half true*: the seizure is confirmed, who did it is not. Our rules reserve *mostly
true* and *true* for claims that two origins independent of the claimant confirm.
""",
        translations={
            "ru": {
                "headline": (
                    "Аэропорт Алматы захватили; «митингующие» — слово одного издания о том, "
                    "кто это сделал"
                ),
                "conclusion": (
                    "Оба сообщения подтверждают, что аэропорт Алматы был захвачен. В сообщении "
                    "004 это сделали митингующие, у «Правил жизни» — погромщики. Ни одно издание "
                    "их не называет."
                ),
                "explanation": """\
**Утверждение.** Неназванное издание (сообщение 004) пишет: «Кроме того, митингующие захватили
аэропорт Алматы, но в ночь на 6 января власти сообщили, что он освобожден».

**Доказательства.** «Правила жизни» независимо сообщают, что «поздно вечером 5 января погромщики
захватили и разрушили здание международного аэропорта Алматы». Это один источник, помимо
сообщения 004, подтверждающий захват.

**В чём расходятся версии.** Кто захватил аэропорт, описано, но не показано: ни одно сообщение не
называет группу, свидетеля или задержание. «Митингующие» и «погромщики» — собственные слова каждого
издания.

**Оценка.** *Полуправда*: захват подтверждён, а кто его совершил — нет. По нашим правилам оценки
*в основном правда* и *правда* требуют подтверждения от двух источников, независимых от автора
утверждения.
""",
            }
        },
    ),
    VerdictData(
        "tokayev-terrorist-attack-from-outside",
        "published",
        "Neither report offers evidence of a terrorist attack “from outside”",
        rating="unproven",
        conclusion=(
            "Both reports carry President Tokayev's statement that Kazakhstan faced a terrorist "
            "attack or threat, and both only repeat it: his word is the one origin. Neither names "
            "an attacker from abroad or any evidence of one."
        ),
        explanation="""\
**The claim.** According to Pravila Zhizni («Правила жизни»), on the evening of 5 January
Kassym-Jomart Tokayev declared that Kazakhstan was under a terrorist attack “from outside” (извне),
and turned to the CSTO.

**The evidence.** The only origin is the president: Pravila Zhizni passes his words on without
comment, and the unnamed outlet (report 004) reports that he asked the CSTO for support in
“overcoming the terrorist threat”. Neither report names an attacker, a foreign group or country, or
any evidence. Report 004 writes that those Tokayev called “terrorists” were the demonstrators who
had demanded lower prices for liquefied gas and the lifting of Nursultan Nazarbayev's immunity.
Pravila Zhizni describes groups of radicals burning police cars and seizing buildings, but says
nothing about where they came from.

**What would change the rating.** Official evidence of foreign involvement (names, arrests,
prosecutions) or independent reporting of it. On these two reports the claim can be neither
confirmed nor refuted.
""",
        translations={
            "ru": {
                "headline": "Ни одно из сообщений не приводит доказательств террористической атаки «извне»",
                "conclusion": (
                    "Оба сообщения передают заявление президента Токаева о террористической атаке "
                    "или угрозе, и оба лишь повторяют его: источник один — его слова. Ни одно не "
                    "называет нападавших из-за рубежа и не приводит доказательств."
                ),
                "explanation": """\
**Утверждение.** По словам «Правил жизни», «вечером 5 января Токаев заявил, что на Казахстан
осуществляется террористическая атака «извне», и обратился за помощью к ОДКБ».

**Доказательства.** Единственный источник — президент: «Правила жизни» передают его слова без
комментариев, а неназванное издание (сообщение 004) пишет, что он «попросил поддержки для
«преодоления террористической угрозы»». Ни одно сообщение не называет нападавших, иностранную
группу или страну и не приводит доказательств. Сообщение 004 пишет: «Токаев назвал «террористами»
демонстрантов, которые требовали снижения цен на сжиженный газ и снятия неприкосновенности с
первого президента Казахстана Нурсултана Назарбаева». «Правила жизни» пишут: «Группы
радикалов начали жечь полицейские машины», но ничего не говорят о том, откуда они взялись.

**Что изменило бы оценку.** Официальные доказательства иностранного участия (имена, задержания,
уголовные дела) или независимые сообщения о нём. По этим двум сообщениям утверждение нельзя ни
подтвердить, ни опровергнуть.
""",
            }
        },
    ),
    VerdictData(
        "authorities-did-not-respond-properly",
        "retracted",
        "Whether the authorities responded properly cannot be shown from the reports",
        rating="unproven",
        conclusion=(
            "Pravila Zhizni, citing local media, says the authorities did not respond properly to "
            "the Zhanaozen protest, while listing concessions they made. Neither report "
            "establishes what a proper response would have been."
        ),
        explanation="""\
**The claim.** Pravila Zhizni («Правила жизни») relays unnamed local media saying that the
authorities did not react properly, although they made concessions: a 50-tenge gas price in the
Mangystau region and the government's dismissal.

**The evidence.** No other origin speaks to the authorities' response as a whole. The unnamed
outlet (report 004) mentions the government's resignation and nothing else about concessions.

**Conclusion.** The desk cannot confirm or refute the statement from these reports.
""",
        retraction=(
            "“Did not respond properly” is a judgment attributed to unnamed local media, not a "
            "statement of fact, and the desk does not rate opinions. The factual parts of the same "
            "sentence (the 50-tenge price, the government's dismissal) are checked as separate "
            "claims. This claim is now marked not checkable."
        ),
    ),
    VerdictData(
        "protests-engulfed-whole-west",
        "in_review",
        "The protests spread within days; “the whole west” is one source's phrase",
        rating="mostly-true",
        conclusion=(
            "Report 004 confirms that residents of other cities joined the rallies over the "
            "following days. That the protests covered the entire west of the country is said only "
            "by the local media Pravila Zhizni relays."
        ),
        explanation="""\
**The claim.** Local media, relayed by Pravila Zhizni («Правила жизни»), say the protests soon grew
and engulfed the whole west of the country.

**The evidence.** The unnamed outlet (report 004) writes that over several days residents of other
cities began to come out to rallies, and that most demonstrators came out in various cities on
4 January. That confirms the spread.

**What is missing.** Neither report lists the cities, and report 004 does not say “west”. The
scope rests on unnamed local media.
""",
    ),
    VerdictData(
        "almaty-tv-employee-killed-journalist-wounded",
        "in_review",
        "An «Almaty» TV crew came under fire on 6 January, Orda.kz reported",
        rating="unproven",
        conclusion=(
            "The only origin is Orda.kz, passed on by report 004: its Telegram post says the "
            "driver of an «Almaty» TV crew was killed and a journalist wounded under fire near the "
            "presidential residence at about 23:00. Pravila Zhizni does not mention it."
        ),
        explanation="""\
**The claim.** Report 004 relays Orda.kz's Telegram post: in Almaty on 6 January an employee of
the «Алматы» TV channel was killed under fire and another journalist wounded. Orda.kz's own words,
quoted by report 004: the driver was killed, the journalist was taken to hospital with several
fingers crushed, the camera operator was unhurt.

**The evidence.** Every passage comes from Orda.kz, so there is one origin however many passages
there are. The channel's head of news declined to comment, according to Orda.kz. Pravila Zhizni
(«Правила жизни») does not mention the incident. Orda.kz's correspondent recorded the last shots
from the residence at about 22:55 and the crew came under fire at about 23:00: both times are
approximate, so they do not contradict each other, but they leave the sequence unclear.

**Before publication.** The desk has the address neither of Orda.kz's post nor of report 004, so
a reader could locate none of the passages this verdict rests on; the publish check will refuse it
until the original post is traced and linked.
""",
    ),
    VerdictData(
        "square-near-residence-stable",
        "sent_back",
        "The MVD and Kazakh media called the square stable while shots were heard nearby",
        rating="mostly-false",
        conclusion=(
            "Orda.kz, relayed by report 004, recorded shots from the presidential residence until "
            "about 22:55, and a TV crew came under fire near it at about 23:00, while the MVD and "
            "Kazakh media called the situation on the nearby square stable."
        ),
        explanation="""\
**The claim.** The MVD and various Kazakh media, according to the unnamed outlet (report 004),
reported that the situation on the square near the presidential residence was stable.

**The contradicting evidence.** The same report relays Orda.kz: its correspondent heard the last
shots from the residence at about 22:55, and an «Алматы» TV crew came under fire near the residence
at about 23:00, the driver killed.
""",
        send_back=(
            "The shots were at the residence, not on the square, and report 004 does not say when "
            "the MVD made its statement: nothing shows it was wrong when it was made. Both sides "
            "also reach us only through report 004. Rework this as unproven, or find the MVD's "
            "statement with its time."
        ),
    ),
    VerdictData(
        "government-resigned-tokayev-accepted",
        "draft",
        "The government resigned and Tokayev accepted: one of two accounts",
        rating="unproven",
        conclusion=(
            "Both reports agree that the government left office during the protests. Report 004 "
            "says it resigned and President Tokayev accepted the resignation; local media relayed "
            "by Pravila Zhizni say he dismissed it."
        ),
        explanation="""\
**The claim.** The unnamed outlet (report 004) writes that the government resigned against the
background of the protests and that President Tokayev accepted the resignation.

**The contradicting evidence.** Pravila Zhizni («Правила жизни»), citing local media, says Tokayev
dismissed (распустил) the government.

**Draft note.** Rate this as the opposite claim is rated (unproven, after its correction): the
outcome is in both reports, the mechanism in one each. Look for the decree or the government's
statement.
""",
    ),
    VerdictData(
        "akimat-seized-daytime-5-january",
        "draft",
        "Almaty's city administration was seized on 5 January",
        rating="mostly-true",
        conclusion=(
            "Report 004 says protesters seized the city administration during the day on "
            "5 January. Orda.kz, relayed by the same report, speaks of the akimat being cleared "
            "of protesters inside, and Pravila Zhizni of radicals storming administrative "
            "buildings."
        ),
        explanation="""\
**The claim.** The unnamed outlet (report 004) writes that during the day on 5 January protesters
in Almaty seized the city administration building.

**The evidence.** Orda.kz, relayed by the same report, says the akimat invited a TV crew to film
the akim's address “after the inside of the akimat had been cleared of protesters”, which implies
protesters had been inside. Pravila Zhizni («Правила жизни») says groups of radicals stormed
administrative buildings, without naming the akimat or a date.

**Draft note.** Three origins, but only report 004 names the akimat and the time of day, and it
has no URL; “protesters” against Pravila Zhizni's “radicals” needs a sentence.
""",
    ),
    VerdictData(
        "mvd-at-least-26-protesters-killed",
        "draft",
        "The MVD's 26 dead on 7 January was a floor, and both reports expect more",
        rating="unproven",
        conclusion=(
            "On the morning of 7 January the MVD put the number of protesters killed at no fewer "
            "than 26, according to report 004. Both reports say civilian casualties were still "
            "being counted; neither gives a later figure."
        ),
        explanation="""\
**The claim.** The unnamed outlet (report 004) relays the MVD: as of the morning of 7 January at
least 26 protesters had been killed across the country, 18 injured and more than 3,000 detained.

**The evidence.** The MVD is the only origin for the figure. Report 004 itself adds that civilian
casualties may be higher. Pravila Zhizni («Правила жизни») gives official figures for the security
forces only (16 killed, more than 1,300 injured), undated, and says the number of civilian victims
is being established. The two reports count different people at different times, so their numbers
neither confirm nor contradict each other.

**Draft note.** If a later official count is added to the desk, record it as a figure that
supersedes this one and rate this claim *outdated*: accurate as of 7 January, since overtaken.
""",
    ),
    VerdictData(
        "kyrgyzstan-decision-on-troops-pending",
        "draft",
        "Kyrgyzstan's decision on troops was pending on the day report 004 was written",
        rating="outdated",
        conclusion=(
            "Report 004 said Kyrgyzstan had not yet decided whether to send troops and that its "
            "parliament was to decide “today”. By its own wording the statement described one day "
            "and was due to lapse that same day."
        ),
        explanation="""\
**The claim.** The unnamed outlet (report 004) writes that Kyrgyzstan had not yet taken a final
decision on sending troops to Kazakhstan, that the president and the cabinet insisted on it, and
that parliament was to decide “today”, while activists rallied outside parliament in Bishkek against
the deployment.

**The evidence.** Only report 004. Pravila Zhizni («Правила жизни») does not mention Kyrgyzstan.

**Draft note.** *Outdated* assumes the decision due that day was taken. These two reports do not
say how, or whether, parliament voted: confirm with the parliament's record before submitting.
""",
    ),
    VerdictData(
        "gas-price-cut-to-50-tenge-mangystau",
        "draft",
        "Did the authorities agree to a 50-tenge gas price in Mangystau?",
        explanation="""\
Working notes: only Pravila Zhizni («Правила жизни»), relaying unnamed local media, and undated.
Report 004 says nothing about concessions on the price. Find the regional akimat's or the
government's announcement before rating.
""",
    ),
]
