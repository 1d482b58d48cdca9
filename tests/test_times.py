"""Times as the evidence gives them: entered and shown in one declared zone, named rightly across
month and year boundaries, and not shown at all when the evidence gives no date."""

import json
import re
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from events.models import Event
from events.precision import Precision, describe
from factcheck.models import Claim, ClaimCitation, Figure
from factcheck.published import schema
from sources.models import Citation
from tests.factories import (
    ClaimFactory,
    EventFactory,
    FigureFactory,
    make_claim,
    migrating,
    publish,
    source,
)
from tests.test_admin_core import claim_post, event_post, management_forms


@pytest.fixture
def desk(client, administrator):
    client.force_login(administrator)
    return client


def claim_review(page: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found, "no ClaimReview on the page"
    return json.loads(found.group(1))


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- A claim's first appearance, in its own zone ---------------------------------------------


def test_a_reporters_night_in_almaty_is_published_as_that_night(desk, client, settings):
    # The desk's default zone is UTC; the report, and the event, are in Almaty (UTC+6 in 2022).
    settings.EVENT_TIME_ZONE = "UTC"
    event = EventFactory(title="Аэропорт освобождён", slug="airport-freed")
    mvd = source("mvd", "МВД Казахстана", "Kazakhstan's MVD", "government")
    add = reverse("admin:factcheck_claim_add")
    form_page = desk.get(add)
    # The zone is chosen among the real ones, offered beside the field.
    assert 'list="id_appeared_time_zone_zones"' in html(form_page)
    assert '<option value="Asia/Almaty">' in html(form_page)
    data = claim_post(
        form_page,
        text="Аэропорт освобождён",
        short="The airport was freed in the night to 6 January",
        slug="airport-freed-claim",
        claimant=mvd.pk,
        events=[event.pk],
        appeared_at_0="2022-01-05",
        appeared_at_1="23:00",
        appeared_precision="night",
        appeared_time_zone="Asia/Almaty",
    )
    response = desk.post(add, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    claim = Claim.objects.get(slug="airport-freed-claim")
    assert claim.appeared_at == datetime(2022, 1, 5, 17, 0, tzinfo=UTC)  # 23:00 in Almaty
    assert claim.appeared_time_zone == "Asia/Almaty"
    # Shown back as the reporter typed it.
    change = desk.get(reverse("admin:factcheck_claim_change", args=[claim.pk]))
    assert change.context["adminform"].form["appeared_at"].value() == datetime(2022, 1, 5, 23, 0)

    citation = Citation.objects.create(
        source=mvd, url="https://example.kz/mvd", title="Заявление", quote="освобождён"
    )
    ClaimCitation.objects.create(
        claim=claim, citation=citation, stance=ClaimCitation.Stance.APPEARANCE
    )
    publish(claim, rating="unproven")
    client.logout()

    english = html(client.get("/en/verdicts/airport-freed-claim/"))
    assert "night of 5 to 6 January 2022" in english
    russian = html(client.get("/ru/verdicts/airport-freed-claim/"))
    assert "в ночь с 5 на 6 января 2022" in russian
    for page in (english, russian):
        assert claim_review(page)["itemReviewed"]["datePublished"] == "2022-01-05"


def test_claimreview_dates_a_claim_by_the_local_day_the_page_names(db, client):
    # 02:00 on 6 January in Almaty is still 5 January in UTC: markup and page must agree on the 6th.
    mvd = source("mvd", "МВД Казахстана", "Kazakhstan's MVD", "government")
    claim = make_claim(
        "curfew",
        text="Комендантский час",
        claimant=mvd,
        citations=[(mvd, ClaimCitation.Stance.APPEARANCE, "комендантский час")],
        appeared_at=datetime(2022, 1, 5, 20, 0, tzinfo=UTC),
    )
    claim.appeared_time_zone = "Asia/Almaty"
    claim.save()
    publish(claim, rating="unproven")
    page = html(client.get("/en/verdicts/curfew/"))
    assert '<span class="when">6 January 2022</span>' in page
    assert claim_review(page)["itemReviewed"]["datePublished"] == "2022-01-06"


def test_a_snapshot_from_before_the_zone_shows_its_time_as_it_did(db, client):
    # Published before claims had a zone: shown, as then, in the zone of the claim's events.
    event = EventFactory(time_zone="Asia/Almaty")
    mvd = source("mvd", "МВД Казахстана", "Kazakhstan's MVD", "government")
    claim = make_claim(
        "old",
        text="Старое заявление",
        claimant=mvd,
        events=[event],
        citations=[(mvd, ClaimCitation.Stance.APPEARANCE, "заявление")],
        appeared_at=datetime(2022, 1, 5, 20, 0, tzinfo=UTC),
    )
    verdict = publish(claim, rating="unproven")
    revision = verdict.public_revision
    del revision.snapshot["claim"]["appeared_time_zone"]
    revision.save()
    page = html(client.get("/en/verdicts/old/"))
    assert '<span class="when">6 January 2022</span>' in page
    assert claim_review(page)["itemReviewed"]["datePublished"] == "2022-01-06"


# --- An unknown zone is a form error, the input kept -----------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Almaty", "Almaty is not a known time zone. Did you mean Asia/Almaty?"),
        ("Mars/Olympus", "Mars/Olympus is not a known time zone."),
    ],
)
def test_an_unknown_event_zone_is_a_form_error_and_the_input_is_kept(desk, typed, message):
    add = reverse("admin:events_event_add")
    data = event_post(desk.get(add), title="Захват", starts_at_1="23:00", time_zone=typed)
    response = desk.post(add, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["time_zone"]
    assert form.errors["time_zone"][0].startswith(message)
    assert form["title"].value() == "Захват"
    assert form["time_zone"].value() == typed
    assert "23:00" in str(form["starts_at"])
    assert not Event.objects.exists()


def test_a_zone_typed_in_the_wrong_case_is_read_as_the_real_one(desk):
    add = reverse("admin:events_event_add")
    data = event_post(desk.get(add), title="Захват", starts_at_1="23:00", time_zone="asia/almaty")
    assert desk.post(add, data).status_code == 302
    event = Event.objects.get(title="Захват")
    assert event.time_zone == "Asia/Almaty"
    assert event.starts_at == datetime(2022, 1, 5, 17, 0, tzinfo=UTC)


def test_an_unknown_claim_zone_is_a_form_error_and_the_input_is_kept(desk):
    add = reverse("admin:factcheck_claim_add")
    data = claim_post(
        desk.get(add),
        appeared_at_0="2022-01-05",
        appeared_at_1="23:00",
        appeared_time_zone="Almaty",
    )
    response = desk.post(add, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["appeared_time_zone"]
    assert "Did you mean Asia/Almaty?" in form.errors["appeared_time_zone"][0]
    assert form["text"].value() == "Протестующие захватили аэропорт"
    assert "23:00" in str(form["appeared_at"])
    assert not Claim.objects.exists()


# --- A figure's "as of", in its own zone -----------------------------------------------------


FIGURE_FIELDS = [
    "status",
    "measure",
    "qualifier",
    "value",
    "unit",
    "counted",
    "counted_en",
    "as_of_0",
    "as_of_1",
    "as_of_precision",
    "as_of_time_zone",
    "superseded_by",
]


def figure_post(response, **fields):
    data = {
        "claim": "",
        "status": "reported",
        "measure": "killed",
        "qualifier": "at_least",
        "value": "26",
        "unit": "people",
        "counted": "протестующие",
        "counted_en": "protesters",
        "as_of_0": "2022-01-07",
        "as_of_1": "05:00",
        "as_of_precision": "morning",
        "as_of_time_zone": "Asia/Almaty",
        "superseded_by": "",
        **management_forms(response),
    }
    data.update(fields)
    return data


def toll_claim(event) -> Claim:
    mvd = source("mvd", "МВД Казахстана", "Kazakhstan's MVD", "government")
    return make_claim(
        "toll",
        text="Убиты как минимум 26 протестующих",
        text_en="At least 26 protesters were killed",
        claimant=mvd,
        events=[event],
        citations=[(mvd, ClaimCitation.Stance.APPEARANCE, "убиты как минимум 26")],
    )


def test_a_figure_as_of_a_morning_in_almaty_is_published_as_that_morning(desk, client, settings):
    # The desk and the event are in UTC; the MVD's count is "as of the morning of 7 January" in
    # Almaty (UTC+6): 05:00 there is still 6 January in UTC.
    settings.EVENT_TIME_ZONE = "UTC"
    settings.FACTCHECK_API_ANONYMOUS = True
    event = EventFactory(slug="unrest", time_zone="UTC")
    claim = toll_claim(event)
    add = reverse("admin:factcheck_figure_add")
    form_page = desk.get(add)
    assert 'list="id_as_of_time_zone_zones"' in html(form_page)
    response = desk.post(add, figure_post(form_page, claim=claim.pk))
    assert response.status_code == 302, response.context["adminform"].form.errors
    figure = Figure.objects.get(claim=claim)
    assert figure.as_of == datetime(2022, 1, 6, 23, 0, tzinfo=UTC)
    assert figure.as_of_time_zone == "Asia/Almaty"
    # Shown back in the admin as the reporter typed it, and listed by its local morning.
    change = desk.get(reverse("admin:factcheck_figure_change", args=[figure.pk]))
    assert change.context["adminform"].form["as_of"].value() == datetime(2022, 1, 7, 5, 0)
    with translation.override("en"):
        listed = html(desk.get(reverse("admin:factcheck_figure_changelist")))
    assert "morning of 7 January 2022" in listed

    verdict = publish(claim, rating="unproven")
    client.logout()
    for language, when in (("en", "morning of 7 January 2022"), ("ru", "утром 7 января 2022")):
        page = html(client.get(f"/{language}/verdicts/toll/"))
        assert when in page and "6 January" not in page and "6 января" not in page
        figures = html(client.get(f"/{language}/events/unrest/figures/"))
        assert f'<td class="when">{when}</td>' in figures
        feed = html(client.get(f"/{language}/feed/"))
        assert when in feed
    # Partners get the instant and the zone to name its date in.
    verdict_item = client.get(f"/api/v1/verdicts/{verdict.pk}/").json()
    claim_item = client.get(f"/api/v1/claims/{claim.pk}/").json()
    for found in (verdict_item["claim"]["figure"], claim_item["figure"]):
        assert found["as_of"] == "2022-01-06T23:00:00+00:00"
        assert found["as_of_precision"] == "morning"
        assert found["as_of_time_zone"] == "Asia/Almaty"
        assert "time_zone" not in found


def test_a_figure_in_the_claim_form_is_typed_in_its_zone(desk, settings):
    settings.EVENT_TIME_ZONE = "UTC"
    claim = ClaimFactory()
    change = reverse("admin:factcheck_claim_change", args=[claim.pk])
    page = desk.get(change)
    data = claim_post(page, text=claim.text, short=claim.short, slug=claim.slug)
    figure = figure_post(page)
    data |= {f"figure-0-{key}": figure[key] for key in FIGURE_FIELDS} | {"figure-TOTAL_FORMS": 1}
    response = desk.post(change, data)
    assert response.status_code == 302, response.context["errors"]
    figure = Figure.objects.get(claim=claim)
    assert figure.as_of == datetime(2022, 1, 6, 23, 0, tzinfo=UTC)
    assert figure.as_of_time_zone == "Asia/Almaty"
    formsets = desk.get(change).context["inline_admin_formsets"]
    (form,) = next(i.formset for i in formsets if i.formset.prefix == "figure").forms
    assert form["as_of"].value() == datetime(2022, 1, 7, 5, 0)


def test_an_unknown_figure_zone_is_a_form_error_and_the_input_is_kept(desk):
    claim = toll_claim(EventFactory())
    add = reverse("admin:factcheck_figure_add")
    response = desk.post(add, figure_post(desk.get(add), claim=claim.pk, as_of_time_zone="Almaty"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["as_of_time_zone"]
    assert (
        "Almaty is not a known time zone. Did you mean Asia/Almaty?"
        in form.errors["as_of_time_zone"][0]
    )
    assert form["as_of_time_zone"].value() == "Almaty"
    assert form["counted"].value() == "протестующие"
    assert "05:00" in str(form["as_of"])
    assert not Figure.objects.exists()


def test_a_snapshot_from_before_the_figures_zone_shows_it_as_it_did(db, client, settings):
    # Published before figures had a zone: shown, as then, in the zone of the claim's events, and
    # partners are told that zone.
    settings.FACTCHECK_API_ANONYMOUS = True
    event = EventFactory(slug="unrest", time_zone="Asia/Almaty")
    claim = toll_claim(event)
    FigureFactory(
        claim=claim,
        value=26,
        as_of=datetime(2022, 1, 6, 23, 0, tzinfo=UTC),
        as_of_precision="morning",
        as_of_time_zone="UTC",  # since edited: the snapshot did not record it
    )
    verdict = publish(claim, rating="unproven")
    revision = verdict.public_revision
    del revision.snapshot["claim"]["figure"]["time_zone"]
    revision.save()
    assert schema.read(revision.snapshot).claim.figure.time_zone == ""
    assert "morning of 7 January 2022" in html(client.get("/en/verdicts/toll/"))
    assert "morning of 7 January 2022" in html(client.get("/en/events/unrest/figures/"))
    figure = client.get(f"/api/v1/verdicts/{verdict.pk}/").json()["claim"]["figure"]
    assert figure["as_of_time_zone"] == "Asia/Almaty"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_gives_existing_figures_their_claims_zone(settings):
    settings.EVENT_TIME_ZONE = "UTC"
    target = ("factcheck", "0011_figure_as_of_time_zone")
    executor = MigrationExecutor(connection)
    # The factcheck migration before it, whatever it is named once the branches are merged.
    (before,) = [
        n for n in executor.loader.graph.node_map[target].parents if n.key[0] == "factcheck"
    ]
    leaves = executor.loader.graph.leaf_nodes()
    try:
        migrating.migrate([before.key])
        old = MigrationExecutor(connection).loader.project_state(before.key).apps
        Claim, OldFigure = old.get_model("factcheck", "Claim"), old.get_model("factcheck", "Figure")
        for n, zone in enumerate(["Asia/Almaty", "Europe/Moscow"]):
            claim = Claim.objects.create(
                text=f"Утверждение {n}",
                short=f"Claim {n}",
                slug=f"claim-{n}",
                appeared_time_zone=zone,
            )
            OldFigure.objects.create(
                claim=claim,
                measure="killed",
                counted="протестующие",
                counted_en="protesters",
                value=26,
                as_of=datetime(2022, 1, 7, 2, 0, tzinfo=UTC),
            )
        executor = migrating.migrate([target])
        new = executor.loader.project_state(target).apps.get_model("factcheck", "Figure")
        assert list(
            new.objects.order_by("claim__slug").values_list("as_of_time_zone", "as_of")
        ) == [
            ("Asia/Almaty", datetime(2022, 1, 7, 2, 0, tzinfo=UTC)),
            ("Europe/Moscow", datetime(2022, 1, 7, 2, 0, tzinfo=UTC)),
        ]
    finally:
        migrating.migrate(leaves)


# --- Nights across month and year boundaries --------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "english", "russian"),
    [
        (
            datetime(2022, 1, 5, 23, 0),
            "night of 5 to 6 January 2022",
            "в ночь с 5 на 6 января 2022",
        ),
        (
            datetime(2022, 1, 31, 23, 30),
            "night of 31 January to 1 February 2022",
            "в ночь с 31 января на 1 февраля 2022",
        ),
        (
            datetime(2021, 12, 31, 23, 30),
            "night of 31 December 2021 to 1 January 2022",
            "в ночь с 31 декабря 2021 на 1 января 2022",
        ),
        (
            datetime(2024, 2, 29, 0, 0),  # a date alone: the night from it to the next
            "night of 29 February to 1 March 2024",
            "в ночь с 29 февраля на 1 марта 2024",
        ),
        (
            # After midnight, the night is the one that began the evening before.
            datetime(2022, 1, 1, 2, 0),
            "night of 31 December 2021 to 1 January 2022",
            "в ночь с 31 декабря 2021 на 1 января 2022",
        ),
    ],
)
def test_nights_read_right_across_boundaries(moment, english, russian):
    with translation.override("en"):
        assert describe(moment, Precision.NIGHT) == english
    with translation.override("ru"):
        assert describe(moment, Precision.NIGHT) == russian


def test_a_month_reads_as_running_text_and_an_undated_event_gives_no_date():
    moment = datetime(2022, 1, 5, 12, 0)
    with translation.override("en"):
        assert describe(moment, Precision.MONTH) == "January 2022"
        assert describe(moment, Precision.UNDATED) == "date not established"
    with translation.override("ru"):
        assert describe(moment, Precision.MONTH) == "январь 2022"
        assert describe(moment, Precision.UNDATED) == "дата не установлена"


# --- The demo's undated KNB seizure -----------------------------------------------------------


def test_the_undated_knb_seizure_shows_no_date(db, client, settings):
    call_command("loaddemo", stdout=StringIO())
    knb = Event.objects.get(slug="knb-building-seized")
    assert knb.start_precision == Precision.UNDATED

    for language, undated in (("en", "Date not established"), ("ru", "Дата не установлена")):
        page = html(client.get(f"/{language}/events/kazakhstan-unrest-january-2022/"))
        entry = re.search(r'<li[^>]*id="event-knb-building-seized".*?</li>', page, re.S).group(0)
        when = re.search(r'<p class="timeline__when">(.*?)</p>', entry, re.S).group(1)
        assert when == undated
        assert "<time" not in entry and "2022" not in when
        # The machine-readable times say no more than the words: the night of 4 to 5 January
        # is a date, not 23:30.
        entry = re.search(r'<li[^>]*id="event-state-of-emergency".*?</li>', page, re.S).group(0)
        assert '<time datetime="2022-01-04">' in entry
        index = html(client.get(f"/{language}/events/"))
        assert re.search(rf'<span class="when">{undated}</span> <a href="[^"]*#event-knb', index)


def test_an_undated_event_shows_no_date_on_the_verdict_page_or_to_partners(db, client, settings):
    event = EventFactory(
        slug="knb",
        title="Захват здания КНБ",
        starts_at=datetime(2022, 1, 4, 18, 0, tzinfo=UTC),
        start_precision=Precision.UNDATED,
    )
    mvd = source("mvd", "МВД Казахстана", "Kazakhstan's MVD", "government")
    claim = make_claim(
        "knb-seized",
        text="Захвачено здание КНБ",
        claimant=mvd,
        events=[event],
        citations=[(mvd, ClaimCitation.Stance.APPEARANCE, "захвачено")],
    )
    publish(claim, rating="unproven")
    page = html(client.get("/en/verdicts/knb-seized/"))
    assert '<span class="when">Date not established</span>' in page
    assert "5 January 2022" not in page

    # Partners see the precision beside the instant, which the guide and schema call a sort key
    # only, and the words in `when`.
    settings.FACTCHECK_API_ANONYMOUS = True
    (item,) = client.get("/api/v1/events/").json()["results"]
    assert item["start_precision"] == "undated"
    assert item["when"] == "date not established"
    (verdict,) = client.get("/api/v1/verdicts/").json()["results"]
    assert verdict["events"][0]["start_precision"] == "undated"
