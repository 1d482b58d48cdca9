"""The public pages stay bounded by what they show, whatever the number of events, claimants and
verdicts: the home page's filters offer the newest stories and the busiest claimants only (and
still filter by any other given in the URL), a timeline is paged, the figures page reads the
latest fact-checks that give a figure; and event visibility decided from one story is exactly
the archive-wide definition."""

import re
from datetime import timedelta

import pytest
from django.db import connection

from events.models import Event
from factcheck.models import ClaimCitation
from factcheck.published import public
from sources.models import Source
from tests.factories import build_desk, make_claim, publish
from tests.factories.desk import T0


def story(n: int, *, published: bool = True, days: int = 0) -> Event:
    """A story (top-level event) `days` after the desk's, with one child event, named by a
    published claim (or by none)."""
    umbrella = Event.objects.create(
        slug=f"story-{n}",
        title=f"История {n}",
        title_en=f"Story {n}",
        starts_at=T0 + timedelta(days=days),
    )
    child = Event.objects.create(
        slug=f"story-{n}-day",
        title=f"День {n}",
        title_en=f"Day {n}",
        starts_at=umbrella.starts_at,
        parent=umbrella,
    )
    if published:
        publish(claim(f"story-{n}-claim", "mvd", child), headline=f"Verdict on story {n}")
    return umbrella


def claim(slug: str, claimant: str, event: Event):
    """A claim by `claimant` about `event` with the evidence build_desk's claims have."""
    mvd, orda, magazine = (Source.objects.get(slug=s) for s in ("mvd", "orda", "pravila-zhizni"))
    return make_claim(
        slug,
        text=f"Заявление {slug}",
        text_en=f"Statement {slug}",
        claimant=Source.objects.get(slug=claimant),
        events=[event],
        citations=[
            (orda, ClaimCitation.Stance.APPEARANCE, "заявление", mvd),
            (magazine, ClaimCitation.Stance.SUPPORTS, "по официальным данным"),
        ],
    )


def options(page: str, select: str) -> list[tuple[str, bool]]:
    """(value, selected) of each option of the select `select`, "Any" first left out."""
    body = page.split(f'<select id="{select}"', 1)[1].split("</select>", 1)[0]
    found = re.findall(r'<option value="([^"]*)"( selected)?>', body)
    return [(value, bool(selected)) for value, selected in found if value]


@pytest.fixture
def desk(db):
    return build_desk(2)


def test_home_offers_the_newest_public_stories_only(client, desk, monkeypatch):
    monkeypatch.setattr("factcheck.site.verdicts.STORY_CHOICES", 2)
    story(1, days=100)
    story(2, days=200)
    story(3, days=300, published=False)  # the newest, but nothing about it is published
    page = client.get("/en/").content.decode()
    # Stories only (no child events), newest first, capped; the unpublished story never.
    assert options(page, "filter-event") == [("story-2", False), ("story-1", False)]
    chips = re.findall(r'<a class="chip" href="/en/events/([^/]+)/">', page)
    assert chips == ["story-2", "story-1"]
    assert "Story 3" not in page and "story-3" not in page
    assert 'href="/en/events/">Every event</a>' in page


def test_a_chosen_event_beyond_the_offer_still_filters_and_shows(client, desk, monkeypatch):
    monkeypatch.setattr("factcheck.site.verdicts.STORY_CHOICES", 1)
    story(1, days=100)
    # A child event of the desk's (older) story: not offered, but given in the URL.
    page = client.get("/en/?event=event-2").content.decode()
    assert options(page, "filter-event") == [("event-2", True), ("story-1", False)]
    headlines = re.findall(r'<h3 class="card__headline"><a [^>]*>([^<]*)</a>', page)
    assert headlines == ["Verdict 2 on the death toll"]
    # The desk's own story, beyond the offer too: its children's verdicts.
    umbrella = client.get("/en/?event=january-2022-unrest").content.decode()
    assert options(umbrella, "filter-event") == [
        ("january-2022-unrest", True),
        ("story-1", False),
    ]
    assert umbrella.count('class="card__headline"') == 2
    # An event without a page is neither offered nor shown, even when asked for.
    unpublished = story(4, published=False)
    page = client.get(f"/en/?event={unpublished.slug}").content.decode()
    assert "Story 4" not in page and 'value="story-4"' not in page
    assert "No published fact-check matches these filters." in page


def test_home_offers_the_busiest_claimants_and_the_chosen_one(client, desk, monkeypatch):
    monkeypatch.setattr("factcheck.site.verdicts.CLAIMANT_CHOICES", 1)
    publish(claim("orda-claim", "orda", desk.children[0]), headline="Claim by Orda")
    # The ministry has two published verdicts, Orda one: only the ministry is offered.
    assert options(client.get("/en/").content.decode(), "filter-source") == [("mvd", False)]
    chosen = client.get("/en/?source=orda").content.decode()
    assert options(chosen, "filter-source") == [("mvd", False), ("orda", True)]
    assert re.findall(r'<h3 class="card__headline"><a [^>]*>([^<]*)</a>', chosen) == [
        "Claim by Orda"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 5])
def test_a_timeline_is_paged(client, django_assert_num_queries, size, monkeypatch):
    monkeypatch.setattr("factcheck.site.events.TIMELINE_PAGE", 2)
    build_desk(size)
    pages, number = [], 1
    while True:
        # 1. the event, 2. a page of its children, 3. links, 4. verdicts, 5. newest release
        with django_assert_num_queries(5):
            page = client.get(f"/en/events/january-2022-unrest/?page={number}").content.decode()
        entries = re.findall(r'<li class="timeline__entry[^"]*" id="event-([^"]+)">', page)
        assert len(entries) <= 2
        pages.append(entries)
        if 'rel="next"' not in page:
            break
        assert f'href="?page={number + 1}"' in page
        number += 1
    assert [e for entries in pages for e in entries] == [f"event-{i + 1}" for i in range(size)]
    assert len(pages) == -(-size // 2)
    assert 'rel="prev"' in page and "Later events" not in page


def test_the_figures_page_reads_the_latest_fact_checks_giving_a_figure(client, db, monkeypatch):
    desk = build_desk(3)
    monkeypatch.setattr("factcheck.site.events.FIGURES_SHOWN", 2)
    page = client.get("/en/events/january-2022-unrest/figures/").content.decode()
    # The two latest of the three verdicts, each giving a figure.
    links = re.findall(r'href="/en/verdicts/(claim-\d)/">the fact-check', page)
    assert sorted(links) == ["claim-2", "claim-3"]
    assert desk.verdicts[0].claim.slug not in links


def test_visibility_within_a_story_is_the_archive_wide_definition(desk):
    # Below the desk's umbrella: an event an editor put on the timeline, one on *its* timeline,
    # and one on no timeline; and a story whose only claim is not published.
    shown = Event.objects.create(
        slug="shown", title="Показано", starts_at=T0, parent=desk.umbrella, on_timeline=True
    )
    deeper = Event.objects.create(
        slug="deeper", title="Глубже", starts_at=T0, parent=shown, on_timeline=True
    )
    hidden = Event.objects.create(slug="hidden", title="Скрыто", starts_at=T0, parent=shown)
    unpublished = story(9, published=False)
    everything = Event.objects.all()
    expected = {(e.pk, e.is_public, e.has_page) for e in public.with_visibility(everything)}
    for event in [desk.umbrella, *desk.children, shown, deeper, hidden, unpublished]:
        one = Event.objects.filter(pk=event.pk)
        got = public.with_visibility(one, within=one.values("pk")).get()
        assert (got.pk, got.is_public, got.has_page) in expected, event.slug
    flags = {e.slug: (e.is_public, e.has_page) for e in public.with_visibility(everything)}
    assert flags["shown"] == (True, False) and flags["deeper"] == (True, False)
    assert flags["hidden"] == (False, False) and flags["story-9"] == (False, False)
    # Several events at once, as a timeline's children and a link's ends are asked.
    some = Event.objects.filter(pk__in=[shown.pk, hidden.pk, desk.children[0].pk])
    got = {(e.pk, e.is_public, e.has_page) for e in public.with_visibility(some, some.values("pk"))}
    assert got <= expected and len(got) == 3


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db
def test_a_story_is_walked_down_through_the_parents_index_on_postgresql():
    # The step down the event tree reads each event's children by its parent (a LATERAL subquery
    # PostgreSQL cannot flatten into a hash of every event, which a plain join became at 1M
    # verdicts: a scan of the whole events table per home, timeline and figures page). SQLite
    # keeps the plain join.
    seed = Event.objects.filter(slug="a-story").values("pk")
    sql = re.sub(r"\s+", " ", public.event_page_ids(within=seed).sql)
    if connection.vendor == "postgresql":
        assert (
            "CROSS JOIN LATERAL (SELECT e.id FROM events_event e WHERE e.parent_id = b.id OFFSET 0)"
            in sql
        )
        assert "JOIN below b" not in sql
    else:
        assert "JOIN below b ON e.parent_id = b.id" in sql


def test_slug_urls_are_reversed_once_per_page_kind_and_language(settings):
    # A list page links every card; the path is reversed once per URL name and language and the
    # slug put in its place, giving what reverse() gives, and "" for what no slug page can be.
    from django.urls import reverse
    from django.utils import translation

    from factcheck.site import presenters

    presenters._slug_paths.clear()
    for language in ("en", "ru"):
        with translation.override(language):
            for name in ("site:verdict", "site:event", "site:source"):
                for slug in ("a-claim", "A_1", "x"):
                    assert presenters.slug_url(name, slug) == reverse(name, kwargs={"slug": slug})
            assert presenters.slug_url("site:verdict", "") == ""
            assert presenters.slug_url("site:verdict", "не-слаг") == ""
            assert presenters.slug_url("site:verdict", "a/b") == ""
    assert len(presenters._slug_paths) == 6  # 3 names x 2 languages, each reversed once
