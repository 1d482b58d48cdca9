"""The maintained counts and mentions behind the home page's filters and page counts, the sources
index, events and sources (factcheck.published.facets): exact through every release, never
counting unpublished work; the home page's 304 decided before its work; the indexes its queries
need, checked by definition (never by a plan on a handful of rows)."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.models import PublicFacet, PublicMention, Rating, Verdict
from factcheck.published import facets, public
from tests.factories import build_desk, make_claim, publish, republish, retract, source
from tests.factories.sample import desk_second_editor, desk_users

Kind = PublicFacet.Kind


def stored() -> tuple[Counter, set]:
    counts = Counter(
        {
            (kind, object_id, rating_id): n
            for kind, object_id, rating_id, n in PublicFacet.objects.values_list(
                "kind", "object_id", "rating_id", "verdicts"
            )
        }
    )
    mentions = set(PublicMention.objects.values_list("verdict_id", "kind", "object_id"))
    return counts, mentions


def from_scratch() -> tuple[Counter, set]:
    """What the counts and mentions must be: every published verdict, at its public revision,
    read here straight from the snapshots."""
    counts, mentions = Counter(), set()
    for verdict in public.verdicts().select_related("public_revision"):
        revision = verdict.public_revision
        names = facets.named(revision.snapshot)
        counts.update(facets.counts_of(revision.rating_id, names))
        mentions |= {(verdict.pk, kind, object_id) for kind, object_id in names}
    return counts, mentions


def assert_exact():
    assert stored() == from_scratch()


def count(kind, object_id, rating_slug=None) -> int:
    rating_id = Rating.objects.get(slug=rating_slug).pk if rating_slug else None
    return public.published_count(kind, object_id, rating_id)


@pytest.fixture
def desk(db):
    return build_desk(3)


def test_counts_follow_publication_correction_and_retraction(desk):
    half_true = Rating.objects.get(slug="half-true").pk
    # build_desk: three verdicts by the ministry, one on each child event, rated half true; a
    # draft by the magazine and a retracted verdict by Orda count nowhere.
    assert count(Kind.ALL, 0) == 3 and count(Kind.ALL, 0, "half-true") == 3
    assert count(Kind.CLAIMANT, desk.mvd.pk) == 3
    assert count(Kind.CLAIMANT, desk.orda.pk) == 0
    assert count(Kind.CLAIMANT, desk.magazine.pk) == 0
    assert [count(Kind.EVENT, e.pk) for e in desk.children] == [1, 1, 1]
    assert count(Kind.CITED, desk.orda.pk) == 3 and count(Kind.CITED, desk.magazine.pk) == 3
    assert_exact()

    # A correction that changes the rating moves the verdict between ratings, not in or out.
    republish(desk.verdicts[0], rating="outdated", note="The toll was revised since.")
    assert count(Kind.ALL, 0) == 3 and count(Kind.ALL, 0, "outdated") == 1
    assert count(Kind.CLAIMANT, desk.mvd.pk, "half-true") == 2
    assert_exact()

    # A correction whose claim now names another event and claimant moves those counts.
    claim = desk.verdicts[1].claim
    claim.events.set([desk.children[0]])
    claim.claimant = desk.orda
    claim.save()
    republish(desk.verdicts[1], note="The claim was the agency's, about the first day.")
    assert [count(Kind.EVENT, e.pk) for e in desk.children] == [2, 0, 1]
    assert count(Kind.CLAIMANT, desk.orda.pk) == 1 and count(Kind.CLAIMANT, desk.mvd.pk) == 2
    assert not PublicFacet.objects.filter(kind=Kind.EVENT, object_id=desk.children[1].pk)
    assert_exact()

    retract(desk.verdicts[2])
    assert count(Kind.ALL, 0) == 2 and count(Kind.EVENT, desk.children[2].pk) == 0
    assert not PublicMention.objects.filter(verdict=desk.verdicts[2])
    assert_exact()

    # rebuild() (for bulk loads) computes exactly what the releases maintained.
    before = stored()
    assert facets.rebuild() == (len(before[0]), len(before[1]))
    assert stored() == before
    assert PublicFacet.objects.filter(rating_id=half_true, kind=Kind.ALL).get().verdicts == 1


def test_unpublished_work_never_counts(client, desk):
    assert_exact()
    secret = source("secret-source", "Тайный", "Secret", "outlet")
    # A published verdict reopened and edited: readers (and the counts) keep its public revision
    # until the next one is published.
    claim = desk.verdicts[0].claim
    claim.claimant = secret
    claim.save()
    _reporter, editor = desk_users()
    verdict = Verdict.objects.get(pk=desk.verdicts[0].pk)
    verdict = services.verdict_update(
        verdict=verdict, by=editor, version=verdict.version, headline="Edited, not published"
    )
    services.verdict_submit(verdict=verdict, by=editor)
    services.verdict_approve(verdict=Verdict.objects.get(pk=verdict.pk), by=desk_second_editor())
    assert count(Kind.CLAIMANT, secret.pk) == 0 and count(Kind.CLAIMANT, desk.mvd.pk) == 3
    # The draft (magazine's claim) and the retracted verdict (Orda's) name nothing.
    assert count(Kind.CLAIMANT, desk.magazine.pk) == 0
    assert not PublicMention.objects.filter(verdict=desk.draft_verdict)
    assert not PublicMention.objects.filter(verdict=desk.retracted)
    assert_exact()
    home = client.get("/en/").content.decode()
    assert 'value="secret-source"' not in home and 'value="pravila-zhizni"' not in home
    assert 'value="mvd"' in home


def test_admin_buttons_keep_the_counts_exact(client, desk, editor):
    claim = make_claim(
        "button-claim",
        text="Погибли 5 человек",
        text_en="5 people died",
        claimant=desk.orda,
        events=[desk.children[1]],
        citations=[(desk.orda, "appearance", "5"), (desk.magazine, "supports", "5 погибших")],
    )
    reporter, _editor = desk_users()
    verdict = services.verdict_create(
        claim=claim,
        by=reporter,
        headline="Five died",
        rating=Rating.objects.get(slug="half-true"),
        conclusion="Found.",
        explanation="Two outlets.",
    )
    verdict = services.verdict_submit(verdict=verdict, by=reporter)
    services.verdict_approve(verdict=verdict, by=desk_second_editor())
    client.force_login(editor)
    url = reverse("admin:factcheck_verdict_transition", args=[verdict.pk, "publish"])
    client.post(url)
    assert count(Kind.CLAIMANT, desk.orda.pk) == 1 and count(Kind.ALL, 0) == 4
    assert_exact()
    url = reverse("admin:factcheck_verdict_transition", args=[verdict.pk, "retract"])
    client.post(url, {"comment": "A mistake."})
    assert Verdict.objects.get(pk=verdict.pk).state == Verdict.State.RETRACTED
    assert count(Kind.CLAIMANT, desk.orda.pk) == 0 and count(Kind.ALL, 0) == 3
    assert_exact()


def test_public_events_and_sources_read_the_counts(desk):
    retract(desk.verdicts[2])
    # The retracted verdict's event still has its umbrella's page (the others are named).
    assert set(public.event_pages()) == {desk.umbrella, *desk.children[:2]}
    assert set(public.sources()) == {desk.mvd, desk.orda, desk.magazine}
    published = public.latest()

    def naming(kind, object_id):
        return set(published.filter(public.mentioning(kind, [object_id])))

    assert naming(Kind.EVENT, desk.children[0].pk) == {desk.verdicts[0]}
    assert naming(Kind.EVENT, desk.children[2].pk) == set()  # retracted
    assert naming(Kind.CLAIMANT, desk.mvd.pk) == set(desk.verdicts[:2])
    assert naming(Kind.CITED, desk.magazine.pk) == set(desk.verdicts[:2])
    assert naming(Kind.CLAIMANT, desk.magazine.pk) == set()  # only its draft


# --- the home page: page counts, 304 before the work ---------------------------------------


def test_page_numbers_come_from_the_counts(client, desk, monkeypatch):
    monkeypatch.setattr("factcheck.site.verdicts.PAGE_SIZE", 2)
    assert "Page 1 of 2" in client.get("/en/").content.decode()
    assert "Page 2 of 2" in client.get("/en/?page=9").content.decode()  # past the end: the last
    assert "Page 1 of 2" in client.get("/en/?source=mvd").content.decode()
    retract(desk.verdicts[0])
    page = client.get("/en/").content.decode()
    assert 'rel="next"' not in page and "Page" not in page  # two left: one page
    # An event filter is not counted: "newer"/"older" only, decided by one extra row.
    republish(desk.verdicts[1], note="Another look.")
    publish(
        make_claim(
            "third",
            text="Погибли 3 человека",
            text_en="3 people died",
            claimant=desk.mvd,
            events=[desk.children[2]],
            citations=[(desk.orda, "appearance", "3"), (desk.magazine, "supports", "3 погибших")],
        ),
        headline="Third on event 3",
    )
    umbrella = client.get("/en/?event=january-2022-unrest").content.decode()
    assert 'rel="next"' in umbrella and re.search(r"<span>Page 1</span>", umbrella)
    older = client.get("/en/?event=january-2022-unrest&page=2").content.decode()
    assert 'rel="prev"' in older and 'rel="next"' not in older
    assert older.count('class="card__headline"') == 1


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 6])
def test_home_304_is_decided_before_the_work(client, django_assert_num_queries, size):
    build_desk(size)
    for url in ["/en/", "/en/?page=2", "/en/?event=january-2022-unrest", "/en/?source=mvd"]:
        etag = client.get(url)["ETag"]
        # 1. ratings, 2. claimants (maintained counts), 3. events with their umbrellas, 4. the
        # last release (time and feed position): no count, no cards.
        with django_assert_num_queries(4):
            response = client.get(url, headers={"if-none-match": etag})
        assert response.status_code == 304


def test_home_etag_changes_with_every_release(client, desk):
    etag = client.get("/en/")["ETag"]
    retract(desk.verdicts[0])
    second = client.get("/en/", headers={"if-none-match": etag})
    assert second.status_code == 200 and "Verdict 1 on" not in second.content.decode()
    # A live row the page shows (a claimant's name) changes it too.
    desk.mvd.name_en = "The Interior Ministry"
    desk.mvd.save()
    assert client.get("/en/", headers={"if-none-match": second["ETag"]}).status_code == 200


# --- the indexes the queries need, by definition --------------------------------------------


def _index(model, name):
    return next(i for i in model._meta.indexes if i.name == name)


@pytest.mark.django_db
def test_latest_verdicts_are_ordered_by_an_index_with_publisheds_condition():
    index = _index(Verdict, "verdict_published_latest_idx")
    assert index.fields == ["released_at", "id"]
    # The index's condition is published()'s own WHERE, so the planner may use it for it.
    queryset = public.latest()

    def where(q):
        return str(q.query).split(" WHERE ", 1)[1].split(" ORDER BY ")[0]

    assert where(Verdict.objects.filter(index.condition)) == where(queryset)
    table = Verdict._meta.db_table
    # ORDER BY walks it backwards: released_at DESC, id DESC, nothing from another table.
    order = str(queryset.query).split(" ORDER BY ")[1]
    assert order == f'"{table}"."released_at" DESC, "{table}"."id" DESC'


def test_counts_and_mentions_are_read_through_their_indexes():
    facet = next(c for c in PublicFacet._meta.constraints if c.name == "publicfacet_unique")
    assert facet.fields == ("kind", "object_id", "rating")
    mention = next(c for c in PublicMention._meta.constraints if c.name == "publicmention_unique")
    assert mention.fields == ("kind", "object_id", "verdict")
    # What the pages ask of the mentions: verdict ids by (kind, object id), the index's prefix,
    # and nothing else.
    query = Verdict.objects.filter(public.mentioning(Kind.EVENT, [3, 4])).query
    subquery = str(query).split("IN (SELECT ", 1)[1]
    table = PublicMention._meta.db_table
    assert subquery.startswith(
        f'U0."verdict_id" AS "verdict" FROM "{table}" U0 WHERE (U0."kind" = '
    )
    assert 'U0."object_id" IN (3, 4)' in subquery


# --- pages that list what names an event or a source: bounded --------------------------------


def test_a_timeline_shows_each_events_latest_fact_checks(client, desk, monkeypatch):
    monkeypatch.setattr("factcheck.site.events.CARDS_PER_EVENT", 1)
    # A second verdict on the first event, published last: it is that event's latest.
    publish(
        make_claim(
            "later",
            text="Погибли 4 человека",
            text_en="4 people died",
            claimant=desk.mvd,
            events=[desk.children[0]],
            citations=[(desk.orda, "appearance", "4"), (desk.magazine, "supports", "4 погибших")],
        ),
        headline="Later on event 1",
    )
    page = client.get("/en/events/january-2022-unrest/").content.decode()
    entry = page.split('id="event-event-1"')[1].split('class="timeline__entry')[0]
    assert "/en/verdicts/later/" in entry and "/en/verdicts/claim-1/" not in entry
    assert 'href="/en/?event=event-1"' in entry
    second = page.split('id="event-event-2"')[1].split('class="timeline__entry')[0]
    assert "/en/verdicts/claim-2/" in second and "?event=event-2" not in second
    # Not capped, the first event shows both.
    monkeypatch.setattr("factcheck.site.events.CARDS_PER_EVENT", 10)
    entry = client.get("/en/events/january-2022-unrest/").content.decode()
    entry = entry.split('id="event-event-1"')[1].split('class="timeline__entry')[0]
    assert "/en/verdicts/later/" in entry and "/en/verdicts/claim-1/" in entry


def test_a_source_page_shows_its_latest_claims_and_counts_them_all(client, desk, monkeypatch):
    monkeypatch.setattr("factcheck.site.sources.CARDS", 2)
    page = client.get("/en/sources/mvd/").content.decode()
    assert page.count('class="card__headline"') == 2
    assert "Verdict 3 on the death toll" in page and "Verdict 1 on the death toll" not in page
    assert 'href="/en/?source=mvd"' in page
    # The breakdown counts every claim, not only those shown.
    legend = page.split('class="breakdown__legend"')[1].split("</ul>")[0]
    assert re.sub(r"<[^>]+>|\s", "", legend).endswith("3")


def test_latest_mentioning_walks_the_mentions_index():
    index = _index(PublicMention, "publicmention_latest_idx")
    assert index.fields == ["kind", "object_id", "released_at", "verdict"]
    sql, params = public.latest_mentioning(Kind.EVENT, [4, 3], 11).children[0][1].as_sql(None, None)
    # Per id: the index's equality prefix, then its order backwards, then the bound.
    part = "WHERE kind = %s AND object_id = %s ORDER BY released_at DESC, verdict_id DESC LIMIT %s"
    assert sql.count(part) == 2 and " UNION ALL " in sql
    assert params == [Kind.EVENT, 3, 11, Kind.EVENT, 4, 11]


def test_the_sources_index_renders_a_page_of_claimants(client, desk, monkeypatch):
    monkeypatch.setattr("factcheck.site.sources.SOURCES_PAGE", 1)
    publish(
        make_claim(
            "by-orda",
            text="Погибли 7 человек",
            text_en="7 people died",
            claimant=desk.orda,
            events=[desk.children[0]],
            citations=[(desk.orda, "appearance", "7"), (desk.magazine, "supports", "7 погибших")],
        ),
        headline="Orda's claim",
    )
    first = client.get("/en/sources/").content.decode()
    # The most checked claimant first (three claims), then Orda (one), a page each.
    assert "/en/sources/mvd/" in first and "/en/sources/orda/" not in first
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get("/en/sources/?page=2").content.decode()
    assert "/en/sources/orda/" in second and "/en/sources/mvd/" not in second
