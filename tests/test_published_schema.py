"""The snapshot's one writer and one reader (factcheck.published.schema), and what format 2 added:
the claim's verification status, its typed conflicts, the figure's precision, the evidence by
independent origin and the events' typed links, on the verdict page, in Atom and in the API."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from events.models import Event, EventLink
from events.precision import Precision
from factcheck.models import Claim, ClaimCitation, ClaimConflict, Figure, VerdictRevision
from factcheck.published import schema
from tests.factories import build_desk, make_claim, publish

# A snapshot exactly as format 1 stored it (before the status, conflicts and figure precision).
FORMAT_1 = {
    "format": 1,
    "verdict": {
        "id": 42,
        "revision": 1,
        "headline": "The MVD's count of 26 dead was a floor, not a total",
        "conclusion": "On 7 January the MVD gave 26 as a minimum.",
        "explanation": "Orda.kz relayed the MVD's figure of *at least* 26.",
        "language": "en",
        "first_published_at": "2026-01-08T09:30:00+00:00",
        "published_at": "2026-01-08T09:30:00+00:00",
        "author": "Rita Reporter",
    },
    "rating": {
        "slug": "mostly-true",
        "label": "В основном верно",
        "label_en": "Mostly true",
        "value": 4,
        "best": 5,
        "worst": 1,
    },
    "claim": {
        "id": 17,
        "slug": "claim-1",
        "text": "убиты как минимум 26 протестующих",
        "language": "ru",
        "text_en": "at least 26 protesters were killed",
        "short": "At least 26 protesters killed",
        "claimant": {
            "id": 3,
            "slug": "mvd",
            "name": "МВД Казахстана",
            "name_en": "Kazakhstan's Interior Ministry",
            "kind": "government",
            "url": "https://www.gov.kz/",
            "country": "KZ",
            "language": "ru",
        },
        "appeared_at": "2022-01-07T06:00:00+00:00",
        "appeared_precision": "day",
        "figure": {
            "measure": "killed",
            "counted": "протестующие",
            "counted_en": "protesters",
            "qualifier": "at_least",
            "value": 26,
            "unit": "people",
            "as_of": "2022-01-07T06:00:00+00:00",
            "superseded": False,
        },
    },
    "citations": [
        {
            "id": 101,
            "stance": "appearance",
            "note": "",
            "url": "https://orda.kz/report",
            "archive_url": "",
            "title": "Report",
            "published_at": "2022-01-07T06:40:00+00:00",
            "accessed_at": None,
            "quote": "убиты как минимум 26",
            "quote_language": "ru",
            "translation": "at least 26 killed",
            "source": {
                "id": 7,
                "slug": "orda",
                "name": "Орда",
                "name_en": "Orda.kz",
                "kind": "outlet",
                "url": "https://orda.kz/",
                "country": "KZ",
                "language": "ru",
            },
            "relays": None,
            "origin_id": 7,
        }
    ],
    "origin_count": 1,
    "events": [
        {
            "id": 5,
            "slug": "almaty-unrest",
            "title": "Беспорядки в Алматы",
            "title_en": "Unrest in Almaty",
            "starts_at": "2022-01-05T00:00:00+00:00",
            "start_precision": "day",
            "parent_id": 1,
        }
    ],
    "corrections": [],
}


@pytest.fixture
def desk(db):
    return build_desk(2)


@pytest.fixture
def api_get(client, partner_key):
    cache.clear()

    def get(path, data=None):
        return client.get(path, data or {}, headers={"authorization": f"Api-Key {partner_key}"})

    return get


# --- the writer and the reader ---------------------------------------------------------------


def test_a_format_1_snapshot_still_reads():
    published = schema.read(FORMAT_1)
    assert published.format == 1
    assert published.claim.status is None and published.claim.conflicts == ()
    assert published.claim.figure.as_of_precision == Precision.DAY
    assert published.claim.figure.as_of == datetime(2022, 1, 7, 6, tzinfo=UTC)
    assert published.citations[0].origin.slug == "orda"
    assert published.rating.label_en == "Mostly true"


def test_a_format_1_snapshot_is_served_by_the_page_and_the_api(client, api_get, desk):
    verdict = desk.verdicts[0]
    VerdictRevision.objects.filter(pk=verdict.public_revision_id).update(snapshot=FORMAT_1)
    page = client.get("/en/verdicts/claim-1/").content.decode()
    assert "at least 26 protesters were killed" in page and "7 January 2022" in page
    item = api_get(f"/api/v1/verdicts/{verdict.pk}/").json()
    assert item["claim"]["status"] is None and item["claim"]["conflicts"] == []
    assert item["claim"]["figure"]["as_of_precision"] == "day"
    assert item["evidence"] == [
        {
            "origin": FORMAT_1["citations"][0]["source"],
            "citations": [{"id": 101, "stance": "appearance", "weight": ""}],
        }
    ]
    # Format 1 did not weigh the evidence: the page says what it said then, and partners get null.
    assert item["supporting_origins"] is None and item["contradicting_origins"] is None
    assert "1 independent origin." in page and "Confirmed by" not in page


def test_an_unknown_format_is_refused():
    with pytest.raises(schema.UnreadableSnapshot):
        schema.read(FORMAT_1 | {"format": 99})


def test_the_writer_and_the_reader_agree(desk):
    stored = desk.verdicts[0].public_revision.snapshot
    assert stored["format"] == schema.FORMAT == 3  # 3: the versions in other languages
    assert schema.dump(schema.read(stored)) == stored


# --- what format 2 carries -------------------------------------------------------------------


def _month_figure(desk) -> Claim:
    claim = make_claim(
        "january-toll",
        text="Погибли 225 человек",
        text_en="225 people died",
        claimant=desk.mvd,
        events=[desk.children[0]],
        citations=[
            (desk.orda, ClaimCitation.Stance.APPEARANCE, "погибли 225"),
            (desk.magazine, ClaimCitation.Stance.SUPPORTS, "225"),
        ],
    )
    Figure.objects.create(
        claim=claim,
        measure=Figure.Measure.KILLED,
        counted="люди",
        counted_en="people",
        value=225,
        as_of=datetime(2022, 1, 2, tzinfo=UTC),
        as_of_precision=Precision.MONTH,
    )
    claim.status = Claim.Status.CHECKED
    claim.save()
    return claim


def test_a_figure_keeps_its_precision_everywhere(client, api_get, desk):
    verdict = publish(_month_figure(desk), headline="The January toll")
    page = client.get("/en/verdicts/january-toll/").content.decode()
    assert "as of January 2022" in page and "as of 2 January 2022" not in page
    feed = client.get("/en/feed/").content.decode()
    entry = next(e for e in feed.split("<entry>") if "225" in e)
    assert "as of January 2022" in entry and "as of 2 January 2022" not in entry
    figure = api_get(f"/api/v1/verdicts/{verdict.pk}/").json()["claim"]["figure"]
    assert figure["as_of_precision"] == "month" and figure["value"] == 225
    figures = client.get("/en/events/january-2022-unrest/figures/").content.decode()
    assert "January 2022" in figures


def test_the_verification_status_is_published(client, api_get, desk):
    publish(_month_figure(desk), headline="The January toll")
    page = client.get("/en/verdicts/january-toll/").content.decode()
    assert "Verification status:" in page and "Checked" in page
    claims = api_get("/api/v1/claims/").json()["results"]
    statuses = {c["slug"]: c["status"] for c in claims}
    # Publishing checks a claim (services.verdict_publish): the snapshot records it so.
    assert statuses == {"claim-1": "checked", "claim-2": "checked", "january-toll": "checked"}
    # A later change in the desk reaches nobody until the next publication.
    Claim.objects.filter(slug="claim-1").update(status=Claim.Status.RESEARCHING)
    cache.clear()
    assert api_get(f"/api/v1/claims/{desk.verdicts[0].claim_id}/").json()["status"] == "checked"


def test_a_figure_superseded_at_publication_is_never_current(client, desk):
    claim = _month_figure(desk)
    figure = claim.figure
    figure.superseded_by = Figure.objects.get(claim=desk.draft_claim)  # unpublished successor
    figure.save()
    publish(claim, headline="The January toll")
    page = client.get("/en/events/january-2022-unrest/figures/").content.decode()
    row = page.split("225")[0].rsplit("<tr", 1)[1]
    assert "is-superseded" in row and "figures__current" not in row
    assert "999" not in page  # the unpublished successor itself stays unmentioned


def test_evidence_is_grouped_by_independent_origin(api_get, desk):
    claim = api_get(f"/api/v1/claims/{desk.verdicts[0].claim_id}/").json()
    by_origin = {
        g["origin"]["slug"]: [c["stance"] for c in g["citations"]] for g in claim["evidence"]
    }
    # Orda's appearance relays the MVD: it counts for the MVD, not for Orda.
    assert by_origin == {"mvd": ["appearance"], "pravila-zhizni": ["supports"], "orda": ["context"]}


def test_conflicts_are_typed_and_shown_only_between_published_claims(
    client, api_get, desk, django_assert_num_queries
):
    claim = make_claim(
        "twelve",
        text="Погибли 12 человек",
        short="12 people died",
        claimant=desk.mvd,
        events=[desk.children[1]],
        citations=[
            (desk.magazine, ClaimCitation.Stance.APPEARANCE, "погибли 12"),
            (desk.orda, ClaimCitation.Stance.SUPPORTS, "12"),
        ],
    )
    ClaimConflict.objects.create(
        claim=desk.verdicts[0].claim,  # entered on the other claim: read from both sides
        other=claim,
        kind=ClaimConflict.Kind.DIFFERENT_POPULATION,
        note="One counts officers, the other protesters.",
    )
    ClaimConflict.objects.create(
        claim=claim, other=desk.draft_claim, kind="contradicts", note="UNPUBLISHED-CONFLICT-NOTE"
    )
    verdict = publish(claim, headline="Twelve")
    stored = verdict.public_revision.snapshot["claim"]["conflicts"]
    assert {c["claim_id"] for c in stored} == {desk.verdicts[0].claim_id, desk.draft_claim.pk}
    assert {(c["claim_id"], c["kind"]) for c in stored} == {
        (desk.verdicts[0].claim_id, "different_population"),
        (desk.draft_claim.pk, "contradicts"),
    }

    # 1. the verdict, 2. its events, 3. its archived copies (issue 13), 4. which of the
    # conflicting claims are published
    with django_assert_num_queries(4):
        page = client.get("/en/verdicts/twelve/").content.decode()
    section = page.split('id="conflicts-heading"')[1].split("</section>")[0]
    assert "counts a different population" in section.lower()
    assert "One counts officers, the other protesters." in section
    assert 'href="/en/verdicts/claim-1/"' in section
    assert "Погибли 10 человек" in section and "UNPUBLISHED-DRAFT" not in section
    assert "UNPUBLISHED-CONFLICT-NOTE" not in page  # the conflict with the draft is not shown

    item = api_get(f"/api/v1/verdicts/{verdict.pk}/").json()
    assert [(c["claim_id"], c["kind"]) for c in item["claim"]["conflicts"]] == [
        (desk.verdicts[0].claim_id, "different_population")
    ]
    assert item["claim"]["conflicts"][0]["claim"]["url"].endswith("/en/verdicts/claim-1/")
    # The other side recorded the conflict only after its own publication: not in its snapshot.
    other = api_get(f"/api/v1/verdicts/{desk.verdicts[0].pk}/").json()
    assert other["claim"]["conflicts"] == []


# --- events in the API -----------------------------------------------------------------------


def test_events_carry_their_umbrella_and_typed_links_both_ways(api_get, desk):
    first, second = desk.children
    seizure = api_get(f"/api/v1/events/{first.pk}/").json()
    assert seizure["umbrella"]["slug"] == "january-2022-unrest"
    assert seizure["links"] == [
        {
            "kind": "reverses",
            "direction": "in",
            "label": "reversed by",
            "event": {
                "id": second.pk,
                "slug": "event-2",
                "title": "Событие 2",
                "title_en": "Event 2",
            },
            "note": "",
        }
    ]
    recapture = api_get(f"/api/v1/events/{second.pk}/").json()
    assert [
        (link["direction"], link["label"], link["event"]["slug"]) for link in recapture["links"]
    ] == [("out", "reverses", "event-1")]
    listed = {e["slug"]: e for e in api_get("/api/v1/events/").json()["results"]}
    assert listed["january-2022-unrest"]["umbrella"] is None
    assert len(listed["event-1"]["links"]) == 1


def test_the_demo_recapture_and_its_link_reach_the_api(api_get, db):
    call_command("loaddemo", stdout=StringIO())
    freed = Event.objects.get(slug="almaty-airport-freed")
    link = EventLink.objects.get(from_event=freed, kind=EventLink.Kind.REVERSES)
    item = api_get(f"/api/v1/events/{freed.pk}/")
    assert item.status_code == 200
    data = item.json()
    assert data["umbrella"] is not None
    assert ("out", "reverses", link.to_event.slug) in {
        (x["direction"], x["kind"], x["event"]["slug"]) for x in data["links"]
    }
    seizure = api_get(f"/api/v1/events/{link.to_event_id}/").json()
    assert ("in", "reversed by", freed.slug) in {
        (x["direction"], x["label"], x["event"]["slug"]) for x in seizure["links"]
    }
