"""The API's events and sources lists and the site's sources index read their page, not the archive.

The API's events are tested one at a time (public.IsPublicEvent) and its sources by a probe of
the counts (public.sources()), so that a page in id order reads its own rows; the sources index
reads the claimants' maintained totals (ClaimantTotal) through their ordering index. Here: the
per-row tests give exactly the set definitions (public.public_event_ids(), facet_ids()), paging
returns every public item once and nothing unpublished, the totals follow every release, and
the queries have the shape their indexes serve. (The plans themselves are read at 10k and 1M in
bench/BENCHMARKS.md, not on a test's tiny tables.)
"""

import pytest
from django.db import connection
from django.db.models import F

from events.models import Event
from factcheck.models import ClaimantTotal, PublicFacet
from factcheck.published import facets, public
from factcheck.site import sources as sources_view
from sources.models import Source
from tests.factories import sample
from tests.test_published_visibility import HIDDEN, api_get, desk  # noqa: F401


def _walk(api_get, url: str) -> list[dict]:  # noqa: F811
    """Every item of a list, following `next` one item per page."""
    items, seen_urls = [], set()
    while url:
        assert url not in seen_urls
        seen_urls.add(url)
        body = api_get(url).json()
        items += body["results"]
        url = body["next"]
        if url:
            url = url.removeprefix("http://testserver")
    return items


def _defined_events() -> set[int]:
    return set(Event.objects.filter(pk__in=public.public_event_ids()).values_list("pk", flat=True))


def test_each_event_tested_on_its_own_is_the_set_definition(desk):  # noqa: F811
    tested = set(public.events_in_order().values_list("pk", flat=True))
    assert tested == _defined_events()
    assert {e.slug for e in Event.objects.filter(pk__in=tested)} == {
        "january-2022-unrest",
        "event-1",
        "event-2",
        "shown-sibling",
    }
    every = list(Event.objects.values_list("pk", flat=True))
    assert set(public.links_of(every)) == set(public.event_links())
    # A retraction takes out what only it named, in both at once.
    for verdict in desk.verdicts:
        sample.retract(verdict)
    assert set(public.events_in_order().values_list("pk", flat=True)) == _defined_events()


def test_event_pages_give_every_public_event_once(api_get, desk):  # noqa: F811
    items = _walk(api_get, "/api/v1/events/?page_size=1")
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    assert set(ids) == _defined_events()
    assert ids == sorted(ids)
    body = str(items)
    for secret in HIDDEN:
        assert secret not in body
    # The links of each page are the public links touching its events.
    listed = {
        (i["id"], link["event"]["id"])
        if link["direction"] == "out"
        else (link["event"]["id"], i["id"])
        for i in items
        for link in i["links"]
    }
    assert listed == {(link.from_event_id, link.to_event_id) for link in public.event_links()}


def test_one_event_is_found_only_when_public(api_get, desk):  # noqa: F811
    for event in Event.objects.all():
        expected = 200 if event.pk in _defined_events() else 404
        assert api_get(f"/api/v1/events/{event.pk}/").status_code == expected, event.slug


def test_the_events_page_tests_each_row_rather_than_reading_every_public_event(db):
    """The page's SQL is one walk of events in id order with a correlated test of each row, not
    the recursive set of every public event (`named(id)`)."""
    sql = str(public.events_in_order().order_by("pk")[:101].query)
    assert "named(id)" not in sql
    assert "EXISTS (WITH RECURSIVE chain" in sql
    assert 'WHERE s.id = "events_event"."id"' in sql  # seeded by the outer row
    assert sql.rstrip().endswith("LIMIT 101")
    if connection.vendor == "postgresql":
        # Each step an index probe, not a hash of every event (see IsPublicEvent).
        assert sql.count("OFFSET 0") == 2 and "LATERAL" in sql


def test_source_pages_give_every_public_source_once(api_get, desk):  # noqa: F811
    items = _walk(api_get, "/api/v1/sources/?page_size=1")
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    named = Source.objects.filter(
        pk__in=public.facet_ids(public.FacetKind.CLAIMANT, public.FacetKind.CITED)
    )
    assert set(ids) == set(named.values_list("pk", flat=True))
    assert not {"hidden-source", "late-source"} & {item["slug"] for item in items}


def test_public_sources_probe_the_counts_per_row(db):
    sql = str(public.sources().order_by("pk")[:101].query)
    assert "DISTINCT" not in sql  # not the set of every named source
    assert '"object_id" = ("sources_source"."id")' in sql and "LIMIT 1" in sql


def _totals() -> dict[str, int]:
    return dict(ClaimantTotal.objects.values_list("source__slug", "verdicts"))


def _summed() -> dict[str, int]:
    sums: dict[str, int] = {}
    for source_id, n in PublicFacet.objects.filter(kind="claimant").values_list(
        "object_id", "verdicts"
    ):
        slug = Source.objects.get(pk=source_id).slug
        sums[slug] = sums.get(slug, 0) + n
    return sums


def test_claimant_totals_follow_every_release(db):
    alpha, beta = sample.source("alpha"), sample.source("beta")
    first = sample.publish(sample.claim(1, claimant=alpha))
    second = sample.publish(sample.claim(2, claimant=alpha))
    third = sample.publish(sample.claim(3, claimant=beta))
    sample.claim(4, claimant=sample.source("draft-only"))  # never published
    assert _totals() == _summed() == {"alpha": 2, "beta": 1}
    # A republication under another claimant moves one from the old to the new.
    claim = second.claim
    claim.claimant = beta
    claim.save()
    sample.republish(second)
    assert _totals() == _summed() == {"alpha": 1, "beta": 2}
    # Another rating, the same claimant: the total does not move.
    sample.republish(first, rating="unproven")
    assert _totals() == {"alpha": 1, "beta": 2}
    sample.retract(third)
    sample.retract(first)
    assert _totals() == _summed() == {"beta": 1}  # a total lives while above zero
    assert facets.rebuild_totals() == 1 and _totals() == {"beta": 1}
    facets.rebuild()
    assert _totals() == {"beta": 1}


def test_sources_index_pages_by_total_then_name(client, db, monkeypatch):
    monkeypatch.setattr(sources_view, "SOURCES_PAGE", 2)
    many, zeta, beta = (sample.source(s) for s in ("many", "zeta", "beta"))
    for n, claimant in enumerate((many, many, many, zeta, zeta, beta, beta)):
        sample.publish(sample.claim(n, claimant=claimant))
    sample.claim(99, claimant=sample.source("draft-only"))
    shown = []
    for number in (1, 2):
        response = client.get("/en/sources/", {"page": number})
        assert response.context["page"].num_pages == 2
        shown += [(row["ref"].slug, row["total"]) for row in response.context["rows"]]
    assert shown == [("many", 3), ("beta", 2), ("zeta", 2)]
    # Beyond the last page: the last page.
    response = client.get("/en/sources/", {"page": 9})
    assert [row["ref"].slug for row in response.context["rows"]] == ["zeta"]


def test_the_sources_index_reads_the_totals_ordering_index(db):
    (index,) = ClaimantTotal._meta.indexes
    assert index.name == "claimanttotal_order_idx"
    assert [str(e) for e in index.expressions] == [
        str(F("verdicts").desc()),
        str(F("source")),
    ]
    page = ClaimantTotal.objects.select_related("source").order_by(
        "-verdicts", "source__name", "source_id"
    )[:50]
    sql = str(page.query)
    assert 'ORDER BY "factcheck_claimanttotal"."verdicts" DESC' in sql
    assert "GROUP BY" not in sql and "SUM(" not in sql


@pytest.mark.parametrize("published", [2, 8])
def test_the_sources_index_costs_five_queries_whatever_its_size(
    client, db, django_assert_num_queries, published
):
    for n in range(published):
        sample.publish(sample.claim(n, claimant=sample.source(f"claimant-{n % 5}")))
    client.get("/en/sources/")
    # 1. how many claimants, 2. the page's claimants and sources, 3. their counts per rating,
    # 4. the ratings, 5. the newest release
    with django_assert_num_queries(5):
        assert client.get("/en/sources/").status_code == 200


def test_the_migration_fills_the_totals_of_an_existing_archive(db):
    from importlib import import_module

    from django.apps import apps

    for n, slug in enumerate(("alpha", "alpha", "beta")):
        sample.publish(sample.claim(n, claimant=sample.source(slug)))
    kept = _totals()
    ClaimantTotal.objects.all().delete()
    import_module("factcheck.migrations.0028_claimant_totals").fill(apps, None)
    assert _totals() == kept == {"alpha": 2, "beta": 1}
