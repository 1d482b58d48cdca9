"""The list pages: content, a fixed number of queries for two sizes of desk, and 304s."""

import re

import pytest

from events.models import Event, EventLink
from factcheck.models import Figure, Verdict
from tests.factories import build_desk, make_claim, publish, republish, source

# Page, the queries it runs whatever the size of the desk, on SQLite and PostgreSQL alike. See
# each view for the list.
PAGES = {
    # 1. ratings, 2. claimants of published verdicts (maintained counts), 3. the events they
    # name with their umbrellas, 4. newest release, 5. count (maintained), 6. the page of verdicts
    "/en/": 6,
    # The same, an event chosen: no count (the event and its children are a subquery of 5.)
    "/en/?event=event-1": 5,
    # 1. the verdict with its revision and rating, 2. its events, 3. its archived copies
    "/en/verdicts/claim-1/": 3,
    # 1. the public events (one query: factcheck.published.public.events), 2. newest release
    "/en/events/": 2,
    # 1. the event, 2. a page of its children (each marked public), 3. links touching them
    # (ends marked public), 4. published verdicts naming any, 5. newest release
    "/en/events/january-2022-unrest/": 5,
    "/en/events/january-2022-unrest/?page=2": 5,
    "/en/events/event-1/": 5,
    # 1. the event, 2. the latest published verdicts giving a figure about it or its children
    # (its children are a subquery of that one: no longer a query of their own), 3. their
    # figure rows, 4. newest release
    "/en/events/january-2022-unrest/figures/": 4,
    # 1. how many claimants (the maintained totals), 2. the page's claimants with their
    # sources, 3. their published verdicts per rating (maintained counts), 4. ratings,
    # 5. newest release
    "/en/sources/": 5,
    # 1. the source, 2. ratings, 3. its claims per rating (maintained counts), 4. the latest
    # verdicts on its claims, 5. the latest verdicts citing it, 6. newest release
    "/en/sources/mvd/": 6,
    # 1. the matching cards (ASCII words on SQLite are matched in SQL too), 2. newest release
    "/en/search/?q=died": 2,
    # 1. the ratings with their scale, 2. the page's own text (TransparencyPage)
    "/en/methodology/": 2,
    # 1. noted revisions, 2. retractions, 3. newest release, 4. the policy's text
    "/en/corrections/": 4,
    # The transparency pages: 1. the page's text; the funding page 2. its rows
    "/en/about/": 1,
    "/en/funding/": 2,
    "/ru/contact/": 1,
    # 1. latest released verdicts, 2. noted revisions, 3. retractions
    "/en/feed/": 3,
    # 1. verdicts, 2. public events with a page, 3. public sources, 4. newest release
    "/sitemap.xml": 5,
    "/robots.txt": 0,
}


def expected_queries(url: str) -> int:
    return PAGES[url]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 6])
def test_every_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    desk = build_desk(size)
    # More evidence for the bigger desk: corrections, and a figure superseding another.
    if size > 2:
        republish(desk.verdicts[0], note_kind=Verdict.NoteKind.CORRECTION, note="Fixed a date.")
        first, second = (Figure.objects.get(claim=v.claim) for v in desk.verdicts[:2])
        first.superseded_by = second
        first.save()
    for url in PAGES:
        with django_assert_num_queries(expected_queries(url)):
            response = client.get(url)
        assert response.status_code == 200, url


@pytest.fixture
def desk(db):
    return build_desk(3)


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_home_lists_the_latest_verdicts(client, desk):
    page = text(client.get("/en/"))
    headlines = re.findall(r'<h3 class="card__headline"><a [^>]*>([^<]*)</a>', page)
    assert headlines == [
        "Verdict 3 on the death toll",
        "Verdict 2 on the death toll",
        "Verdict 1 on the death toll",
    ]
    assert 'href="/en/events/january-2022-unrest/"' in page


def test_home_filters_by_rating_event_and_source(client, desk):
    by_event = text(client.get("/en/?event=event-2"))
    assert "Verdict 2 on the death toll" in by_event and "Verdict 1 " not in by_event
    umbrella = text(client.get("/en/?event=january-2022-unrest"))
    assert umbrella.count('class="card__headline"') == 3
    assert text(client.get("/en/?source=mvd")).count('class="card__headline"') == 3
    assert text(client.get("/en/?source=orda")).count('class="card__headline"') == 0
    assert text(client.get("/en/?rating=half-true")).count('class="card__headline"') == 3
    false = text(client.get("/en/?rating=false"))
    assert "No published fact-check matches these filters." in false
    assert '<meta name="robots" content="noindex">' in false
    # Unknown values match nothing rather than everything.
    assert text(client.get("/en/?source=nobody")).count('class="card__headline"') == 0
    assert text(client.get("/en/?rating=nonsense")).count('class="card__headline"') == 0
    # The filter offers only what published snapshots name.
    home = text(client.get("/en/"))
    assert '<option value="mvd"' in home and '<option value="orda"' not in home


def test_home_paginates(client, desk, settings, monkeypatch):
    monkeypatch.setattr("factcheck.site.verdicts.PAGE_SIZE", 2)
    first = text(client.get("/en/"))
    assert first.count('class="card__headline"') == 2 and 'rel="next"' in first
    second = text(client.get("/en/?page=2"))
    assert second.count('class="card__headline"') == 1
    assert '<link rel="canonical" href="http://127.0.0.1:8000/en/?page=2">' in second


def test_timeline_shows_events_in_order_at_their_precision(client, desk):
    page = text(client.get("/en/events/january-2022-unrest/"))
    assert "<h1>" in page and "The January 2022 unrest in Kazakhstan" in page
    titles = re.findall(r'<h3 class="timeline__title"><a href="/en/events/(event-\d)/">', page)
    assert titles == ["event-1", "event-2", "event-3"]
    # Event 2 is placed at "night" precision, event 3 at "about a time": 17:00 UTC is 23:00 in
    # Almaty, the events' own time zone.
    assert "Night of 3 to 4 January 2022" in page
    assert "4 January 2022, about 23:00" in page
    # Each event's claims, with their verdicts' ratings.
    entry = page.split('id="event-event-2"')[1].split('id="event-event-3"')[0]
    assert "Погибли 11 человек" in entry and "rating--mixed" in entry
    assert 'href="/en/verdicts/claim-2/"' in entry
    # Linked events shown as such, both ways.
    assert "reverses" in entry and 'href="#event-event-1"' in entry
    assert "reversed by" in entry and 'href="#event-event-3"' in entry
    assert 'href="/en/events/january-2022-unrest/figures/"' in page


def test_child_event_page(client, desk):
    page = text(client.get("/en/events/event-2/"))
    assert 'href="/en/events/january-2022-unrest/#event-event-2"' in page
    assert "Claims about this event" in page and "Погибли 11 человек" in page
    assert "reverses" in page and 'href="/en/events/event-1/"' in page


def test_links_to_events_without_published_claims_are_not_shown(client, desk):
    hidden = Event.objects.create(
        slug="hidden-event",
        title="Скрытое",
        starts_at=desk.children[0].starts_at,
        time_zone="Asia/Almaty",
    )
    EventLink.objects.create(
        from_event=hidden, kind=EventLink.Kind.FOLLOWS, to_event=desk.children[0]
    )
    page = text(client.get("/en/events/january-2022-unrest/"))
    assert "hidden-event" not in page and "Скрытое" not in page


def test_figures_side_by_side(client, desk):
    first, second, third = (Figure.objects.get(claim=v.claim) for v in desk.verdicts)
    first.superseded_by = third
    first.save()
    # A figure superseded only by an unpublished figure is still current to readers.
    second.superseded_by = Figure.objects.get(claim=desk.draft_claim)
    second.save()
    page = text(client.get("/en/events/january-2022-unrest/figures/"))
    assert '<h2 id="measure-1">Killed</h2>' in page
    rows = re.findall(r'<tr class="([^"]*)">\s*<td class="figures__rank">(\d+)', page)
    values = re.findall(r'<th scope="row" class="figures__value">.*?(\d+)</th>', page, re.S)
    assert values == ["12", "11", "10"]
    assert [rank for _cls, rank in rows] == ["1", "2", "3"]
    assert rows[2][0] == "is-superseded" and rows[0][0] == rows[1][0] == ""
    assert "superseded by #1" in page
    assert "at least" in page and "Kazakhstan&#x27;s Interior Ministry" in page
    assert 'href="/en/verdicts/claim-1/"' in page
    assert "999" not in page  # the unpublished claim's figure


def test_figures_are_ranked_only_against_the_same_count(client, desk):
    officers = make_claim(
        "officers-killed",
        text="погибли 16 сотрудников силовых структур",
        short="16 security officers were killed",
        claimant=desk.mvd,
        events=[desk.children[0]],
        citations=[
            (desk.orda, "appearance", "погибли 16 сотрудников", desk.mvd),
            (desk.magazine, "supports", "по официальным данным"),
        ],
    )
    Figure.objects.create(
        claim=officers,
        measure=Figure.Measure.KILLED,
        counted="сотрудники силовых структур",
        counted_en="security officers",
        value=16,
        as_of=desk.children[0].starts_at,
    )
    publish(officers, headline="Sixteen officers")
    page = text(client.get("/en/events/january-2022-unrest/figures/"))
    ranks = re.findall(r'<td class="figures__rank">(\d+)', page)
    values = re.findall(r'<th scope="row" class="figures__value">.*?(\d+)</th>', page, re.S)
    # "people" (12, 11, 10) and "security officers" (16) are different counts of the dead.
    assert dict(zip(values, ranks, strict=True)) == {"12": "1", "11": "2", "10": "3", "16": "1"}


def test_events_index(client, desk):
    page = text(client.get("/en/events/"))
    assert 'href="/en/events/january-2022-unrest/"' in page
    assert page.count('href="/en/events/january-2022-unrest/#event-') == 3


def test_source_page_and_index(client, desk):
    page = text(client.get("/en/sources/mvd/"))
    assert "Claims we checked" in page and page.count('class="card__headline"') == 3
    assert (
        "Half true" in page and 'class="breakdown__bar rating--mixed" style="width: 100%"' in page
    )
    # Cited as evidence: Orda's report relays the MVD.
    assert "Cited as evidence" in page
    orda = text(client.get("/en/sources/orda/"))
    assert "Cited as evidence" in orda and "Verdict 1 on the death toll" in orda
    index = text(client.get("/en/sources/"))
    assert 'href="/en/sources/mvd/"' in index and "3 claims" in index
    assert 'href="/en/sources/orda/"' not in index  # its only claim was retracted


def test_methodology_is_built_from_the_rating_rows(client, desk):
    page = text(client.get("/en/methodology/"))
    for label in ("True", "Mostly true", "Half true", "Mostly false", "False", "Unproven"):
        assert f">{label}</span>" in page
    assert 'id="rating-false"' in page
    assert "Contradicted by at least two independent origins." in page
    assert "Needs at least 2 independent origins contradicting the claim." in page
    ru = text(client.get("/ru/methodology/"))
    assert "Опровергнуто как минимум двумя" in ru


def test_corrections_log(client, desk):
    republish(desk.verdicts[0], note_kind=Verdict.NoteKind.CLARIFICATION, note="We clarified X.")
    page = text(client.get("/en/corrections/"))
    kinds = re.findall(r'<span class="log__kind">([^<]+)</span>', page)
    assert kinds == ["Clarification", "Retraction"]
    assert "We clarified X." in page and "turned out to be fabricated" in page
    assert 'href="/en/verdicts/claim-1/#corrections"' in page
    assert 'href="/en/verdicts/retracted-claim/"' in page


def _publish_news(desk):
    """A change every page but the methodology shows: a correction to verdict 1, and a new
    verdict by a new source on a new event of the timeline, with a figure."""
    republish(desk.verdicts[0], note_kind=Verdict.NoteKind.CORRECTION, note="New figures.")
    event = Event.objects.create(
        slug="csto-arrives",
        title="Прибытие ОДКБ",
        title_en="The CSTO arrives",
        starts_at=desk.children[-1].starts_at,
        time_zone="Asia/Almaty",
        parent=desk.umbrella,
    )
    claim = make_claim(
        "csto-troops",
        text="Погибли 99 человек",
        text_en="99 people died",
        claimant=source("tass", "ТАСС", "TASS", "agency"),
        events=[event],
        citations=[(desk.orda, "appearance", "99"), (desk.magazine, "supports", "99 погибших")],
    )
    Figure.objects.create(
        claim=claim,
        measure="killed",
        counted="люди",
        counted_en="people",
        value=99,
        as_of=event.starts_at,
    )
    publish(claim)


# A timeline's second page (empty for this desk) shows nothing the news changes: left out.
@pytest.mark.parametrize(
    "url", [url for url in PAGES if url != "/robots.txt" and "page=" not in url]
)
def test_every_page_answers_304_until_what_it_shows_changes(client, desk, url):
    first = client.get(url)
    assert first.status_code == 200
    etag, modified = first["ETag"], first.get("Last-Modified")
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    if modified:
        assert client.get(url, headers={"if-modified-since": modified}).status_code == 304
    _publish_news(desk)
    # The methodology and the transparency pages show nothing a publication changes.
    unchanged = {"/en/methodology/", "/en/about/", "/en/funding/", "/ru/contact/"}
    expected = 304 if url in unchanged else 200
    assert client.get(url, headers={"if-none-match": etag}).status_code == expected


def test_an_unrelated_publication_keeps_a_page_current(client, desk):
    etag = client.get("/en/verdicts/claim-2/")["ETag"]
    _publish_news(desk)
    assert client.get("/en/verdicts/claim-2/", headers={"if-none-match": etag}).status_code == 304
