"""What is public is defined once (factcheck.published.public), and every surface keeps to it.

Around a small published desk this builds what must stay in the newsroom: an event a reporter
typed in beside the published ones (a hidden sibling), an event under a published one (a hidden
child), a link from the hidden sibling, an event an editor showed under a hidden umbrella and one
shown with no umbrella at all, a source only a draft cites and one cited only after publication,
and a published claim's conflict with an unpublished claim. Beside them, an event an editor put
on the public umbrella's timeline, which is public. Every page, the feed, the sitemap, search,
ClaimReview and the partner API are read for the hidden ones, and the ETags of public pages and
of every API endpoint are checked not to move when only what is hidden changes.
"""

import pytest
from django.core.cache import cache

from events.models import Event, EventLink
from factcheck.models import Claim, ClaimCitation, ClaimConflict, Figure, Verdict
from factcheck.published import public
from sources.models import Citation
from tests.factories import build_desk, make_claim, publish, source

HIDDEN = (
    "HIDDEN-SIBLING",
    "hidden-sibling",
    "HIDDEN-CHILD",
    "hidden-child",
    "HIDDEN-LINK",
    "ORPHAN-SHOWN",
    "orphan-shown",
    "LONELY-SHOWN",
    "lonely-shown",
    "HIDDEN-SOURCE",
    "hidden-source",
    "LATE-SOURCE",
    "late-source",
    "UNPUBLISHED-DRAFT",
)

PAGES = [
    "/en/",
    "/ru/",
    "/en/?event=january-2022-unrest",
    "/en/verdicts/claim-1/",
    "/en/verdicts/claim-2/",
    "/en/verdicts/conflicted/",
    "/en/events/",
    "/ru/events/",
    "/en/events/january-2022-unrest/",
    "/en/events/event-1/",
    "/en/events/event-2/",
    "/en/events/january-2022-unrest/figures/",
    "/en/sources/",
    "/en/sources/mvd/",
    "/en/sources/orda/",
    "/en/search/?q=died",
    "/en/corrections/",
    "/en/feed/",
    "/sitemap.xml",
]
API = [
    "/api/v1/verdicts/",
    "/api/v1/claims/",
    "/api/v1/claimreview/",
    "/api/v1/events/",
    "/api/v1/sources/",
    "/api/v1/verdicts/?q=died",
]
ETAG_PAGES = [
    "/en/",
    "/en/events/",
    "/en/events/january-2022-unrest/",
    "/en/events/event-1/",
    "/en/events/event-2/",
    "/en/events/january-2022-unrest/figures/",
    "/en/verdicts/claim-1/",
    "/sitemap.xml",
]


@pytest.fixture
def desk(db):
    desk = build_desk(2)
    umbrella, (first, second) = desk.umbrella, desk.children
    at = first.starts_at
    sibling = Event.objects.create(
        slug="hidden-sibling", title="HIDDEN-SIBLING", starts_at=at, parent=umbrella
    )
    Event.objects.create(slug="hidden-child", title="HIDDEN-CHILD", starts_at=at, parent=first)
    EventLink.objects.create(
        from_event=sibling, kind=EventLink.Kind.FOLLOWS, to_event=first, note="HIDDEN-LINK"
    )
    Event.objects.create(
        slug="orphan-shown", title="ORPHAN-SHOWN", starts_at=at, parent=sibling, on_timeline=True
    )
    Event.objects.create(slug="lonely-shown", title="LONELY-SHOWN", starts_at=at, on_timeline=True)
    shown = Event.objects.create(
        slug="shown-sibling",
        title="SHOWN-SIBLING",
        starts_at=at,
        parent=umbrella,
        on_timeline=True,
        time_zone="Asia/Almaty",
    )
    EventLink.objects.create(from_event=shown, kind=EventLink.Kind.RESPONDS_TO, to_event=second)

    hidden_source = source("hidden-source", "HIDDEN-SOURCE")
    desk.draft_claim.claimant = hidden_source
    desk.draft_claim.save()
    late = source("late-source", "LATE-SOURCE")
    citation = Citation.objects.create(
        source=late, url="https://late.example/", title="t", quote="q", quote_language="ru"
    )
    ClaimCitation.objects.create(
        claim=desk.verdicts[0].claim, citation=citation, stance=ClaimCitation.Stance.SUPPORTS
    )

    conflicted = make_claim(
        "conflicted",
        text="Погибли 12 человек",
        short="12 people died",
        claimant=desk.mvd,
        events=[second],
        citations=[
            (desk.magazine, ClaimCitation.Stance.APPEARANCE, "погибли 12"),
            (desk.orda, ClaimCitation.Stance.SUPPORTS, "12"),
        ],
    )
    for other in (desk.draft_claim, desk.verdicts[0].claim):
        ClaimConflict.objects.create(
            claim=conflicted, other=other, kind="contradicts", note="They disagree."
        )
    publish(conflicted, headline="Twelve")
    return desk


@pytest.fixture
def api_get(client, partner_key):
    cache.clear()

    def get(path):
        return client.get(path, headers={"authorization": f"Api-Key {partner_key}"})

    return get


def _body(response) -> str:
    assert response.status_code == 200, response
    return response.content.decode()


def test_the_definitions(desk):
    public_events = set(public.events().values_list("slug", flat=True))
    assert public_events == {"january-2022-unrest", "event-1", "event-2", "shown-sibling"}
    pages = set(public.event_pages().values_list("slug", flat=True))
    assert pages == {"january-2022-unrest", "event-1", "event-2"}
    links = {(link.from_event.slug, link.to_event.slug) for link in public.event_links()}
    assert links == {("event-2", "event-1"), ("shown-sibling", "event-2")}
    sources = set(public.sources().values_list("slug", flat=True))
    assert sources == {"mvd", "orda", "pravila-zhizni"}


@pytest.mark.parametrize("url", PAGES)
def test_no_page_shows_what_is_hidden(client, desk, url):
    body = _body(client.get(url))
    for secret in HIDDEN:
        assert secret not in body, (url, secret)


@pytest.mark.parametrize("url", API)
def test_the_api_shows_nothing_hidden(api_get, desk, url):
    body = _body(api_get(url))
    for secret in HIDDEN:
        assert secret not in body, (url, secret)


def test_hidden_items_have_no_page_and_no_api_item(client, api_get, desk):
    for slug in ("hidden-sibling", "hidden-child", "orphan-shown", "lonely-shown"):
        assert client.get(f"/en/events/{slug}/").status_code == 404
        assert api_get(f"/api/v1/events/{Event.objects.get(slug=slug).pk}/").status_code == 404
    for slug in ("hidden-source", "late-source"):
        assert client.get(f"/en/sources/{slug}/").status_code == 404
    assert api_get(f"/api/v1/sources/{desk.draft_claim.claimant_id}/").status_code == 404


def test_an_event_an_editor_showed_is_public_without_a_page(client, api_get, desk):
    timeline = _body(client.get("/en/events/january-2022-unrest/"))
    assert 'id="event-shown-sibling"' in timeline
    index = _body(client.get("/en/events/"))
    assert 'href="/en/events/january-2022-unrest/#event-shown-sibling"' in index
    assert client.get("/en/events/shown-sibling/").status_code == 404
    assert "shown-sibling" not in _body(client.get("/sitemap.xml"))
    shown = Event.objects.get(slug="shown-sibling")
    item = api_get(f"/api/v1/events/{shown.pk}/").json()
    assert item["umbrella"]["slug"] == "january-2022-unrest"
    assert [(link["direction"], link["event"]["slug"]) for link in item["links"]] == [
        ("out", "event-2")
    ]


def test_a_conflict_with_an_unpublished_claim_is_never_shown(client, api_get, desk):
    page = _body(client.get("/en/verdicts/conflicted/"))
    assert "Claims in conflict with this one" in page
    assert 'href="/en/verdicts/claim-1/"' in page
    claim = next(
        c for c in api_get("/api/v1/claims/").json()["results"] if c["slug"] == "conflicted"
    )
    assert [c["claim"]["slug"] for c in claim["conflicts"]] == ["claim-1"]


def _etags(client) -> dict[str, str]:
    etags = {}
    for url in ETAG_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        etags[url] = response["ETag"]
    return etags


def test_renaming_hidden_events_changes_no_public_etag(client, desk):
    before = _etags(client)
    for slug in ("hidden-sibling", "hidden-child", "orphan-shown", "lonely-shown"):
        Event.objects.filter(slug=slug).update(title="Renamed HIDDEN", on_timeline=False)
    EventLink.objects.filter(note="HIDDEN-LINK").update(note="Renamed HIDDEN-LINK")
    assert _etags(client) == before
    # A public event's new title does change the pages that show it.
    Event.objects.filter(slug="shown-sibling").update(title="SHOWN-SIBLING renamed")
    after = _etags(client)
    assert after["/en/events/"] != before["/en/events/"]
    assert after["/en/events/january-2022-unrest/"] != before["/en/events/january-2022-unrest/"]


def _api_etags(api_get, desk) -> dict[str, str]:
    umbrella, first = desk.umbrella, desk.children[0]
    paths = [
        *API,
        "/api/v1/ratings/",
        f"/api/v1/verdicts/?event={umbrella.pk}",
        f"/api/v1/claims/?event={first.pk}",
        f"/api/v1/claimreview/?event={umbrella.pk}",
        f"/api/v1/events/?parent={umbrella.pk}",
        f"/api/v1/events/{first.pk}/",
        f"/api/v1/sources/{desk.magazine.pk}/",
        f"/api/v1/verdicts/{desk.verdicts[0].pk}/",
        f"/api/v1/claims/{desk.verdicts[0].claim_id}/",
    ]
    etags = {}
    for path in paths:
        response = api_get(path)
        assert response.status_code == 200, (path, response.content)
        etags[path] = response["ETag"]
    return etags


def test_hidden_edits_change_no_public_etag(client, api_get, desk):
    """Drafts, working copies, unpublished claims, hidden events and sources only drafts use:
    none of them moves a public ETag, on the site or in the API (a partner polling with
    If-None-Match would otherwise be told that something changed, and could guess what)."""
    pages = [url for url in PAGES if url not in ETAG_PAGES]
    before = _etags(client) | {url: client.get(url)["ETag"] for url in pages}
    before_api = _api_etags(api_get, desk)
    published, draft = desk.verdicts[0], desk.draft_verdict
    # Working copies: a draft, and the next revision of a published verdict.
    Verdict.objects.filter(pk=draft.pk).update(headline="Edited UNPUBLISHED-DRAFT", version=9)
    Verdict.objects.filter(pk=published.pk).update(headline="Not yet republished")
    # Claims: the draft's, and the live row of a published one (its snapshot is what is public).
    Claim.objects.filter(pk=draft.claim_id).update(text="Edited UNPUBLISHED-DRAFT")
    Claim.objects.filter(pk=published.claim_id).update(text="Edited after publication")
    Figure.objects.filter(claim=draft.claim_id).update(value=1000)
    ClaimConflict.objects.filter(other=draft.claim_id).update(note="Edited HIDDEN note")
    # Sources only a draft (or a post-publication edit) uses, and a new one a new draft cites.
    for slug in ("hidden-source", "late-source"):
        type(desk.mvd).objects.filter(slug=slug).update(name=f"Renamed {slug}")
    newcomer = source("newcomer", "NEWCOMER")
    make_claim(
        "another-draft",
        text="Another draft",
        claimant=newcomer,
        events=[desk.children[0]],
        citations=[(newcomer, ClaimCitation.Stance.APPEARANCE, "draft")],
    )
    # Hidden events: renamed, moved, and new ones under public events (the API's `?event=`
    # filter walks sub-events: only public ones may count).
    Event.objects.filter(slug="hidden-child").update(title="Renamed", parent=desk.children[1])
    Event.objects.filter(slug="hidden-sibling").update(description="Edited")
    at = desk.children[0].starts_at
    for parent in (desk.umbrella, desk.children[0]):
        Event.objects.create(
            slug=f"new-under-{parent.pk}", title="NEW", starts_at=at, parent=parent
        )

    after = _etags(client) | {url: client.get(url)["ETag"] for url in pages}
    assert after == before
    assert _api_etags(api_get, desk) == before_api
    # A public change does move them (the check above is not vacuous).
    Event.objects.filter(pk=desk.children[0].pk).update(title_en="Event one, renamed")
    assert (
        _api_etags(api_get, desk)[f"/api/v1/events/{desk.children[0].pk}/"]
        != before_api[f"/api/v1/events/{desk.children[0].pk}/"]
    )
