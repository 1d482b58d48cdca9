"""Only published revisions are ever visible: on every page, in the feed, the sitemap and search.

The desk built here holds an unpublished claim with a draft verdict (every text of it marked
UNPUBLISHED-DRAFT), a retracted verdict (its conclusion marked RETRACTED-CONCLUSION), a source
and a stand-alone event that only the unpublished claim names, and a published verdict whose
working copy and claim are being edited (HALF-EDITED).
"""

import pytest

from events.models import Event
from factcheck import services
from factcheck.models import Claim, ClaimCitation
from tests.factories import build_desk, desk_users, make_claim, source

SECRETS = (
    "UNPUBLISHED-DRAFT",
    "RETRACTED-CONCLUSION",
    "HALF-EDITED",
    "ghost-source",
    "Призрак",
    "ghost-event",
    "Событие-призрак",
)

PUBLIC_URLS = [
    "/en/",
    "/ru/",
    "/en/?event=event-1",
    "/en/?source=pravila-zhizni",
    "/en/?rating=false",
    "/en/verdicts/claim-1/",
    "/en/verdicts/retracted-claim/",
    "/en/events/",
    "/en/events/january-2022-unrest/",
    "/ru/events/january-2022-unrest/",
    "/en/events/event-1/",
    "/en/events/event-2/",
    "/en/events/january-2022-unrest/figures/",
    "/en/sources/",
    "/en/sources/mvd/",
    "/en/sources/pravila-zhizni/",
    "/en/search/?q=UNPUBLISHED-DRAFT",
    "/en/search/?q=HALF-EDITED",
    "/en/search/?q=RETRACTED-CONCLUSION",
    "/en/search/?q=Черновик",
    "/en/search/?q=airport",
    "/en/methodology/",
    "/en/corrections/",
    "/en/feed/",
    "/ru/feed/",
    "/sitemap.xml",
    "/robots.txt",
]


@pytest.fixture
def desk(db):
    desk = build_desk(2)
    ghost = source("ghost-source", "Призрак", "Ghost", "person")
    ghost_event = Event.objects.create(
        slug="ghost-event",
        title="Событие-призрак",
        starts_at=desk.children[0].starts_at,
        time_zone="Asia/Almaty",
    )
    reporter, editor = desk_users()
    claim = make_claim(
        "ghost-claim",
        text="UNPUBLISHED-DRAFT ghost claim",
        claimant=ghost,
        events=[ghost_event],
        citations=[(ghost, ClaimCitation.Stance.APPEARANCE, "UNPUBLISHED-DRAFT")],
    )
    verdict = services.verdict_create(claim=claim, by=reporter, headline="UNPUBLISHED-DRAFT g")
    services.verdict_submit(verdict=verdict, by=reporter)  # in review: still unpublished
    published = desk.verdicts[0]
    services.verdict_update(
        verdict=published, by=editor, version=published.version, headline="HALF-EDITED headline"
    )
    Claim.objects.filter(pk=published.claim_id).update(text_en="HALF-EDITED translation")
    return desk


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_nothing_unpublished_reaches_readers(client, desk, url):
    response = client.get(url)
    assert response.status_code == 200, url
    body = response.content.decode()
    if "?q=" in url:
        body = body.replace(url.split("?q=")[1], "")  # the search box echoes the words asked
        assert 'class="card__headline"' not in body
    for secret in SECRETS:
        assert secret not in body, (url, secret)


@pytest.mark.parametrize(
    "url",
    [
        "/en/verdicts/secret-draft-claim/",
        "/en/verdicts/ghost-claim/",
        "/en/events/ghost-event/",
        "/en/events/ghost-event/figures/",
        "/en/sources/ghost-source/",
    ],
)
def test_unpublished_pages_are_404_for_readers(client, desk, url, django_user_model):
    assert client.get(url).status_code == 404
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    assert client.get(url).status_code == 404


def test_staff_see_unpublished_events_and_sources_marked(client, desk):
    reporter, _editor = desk_users()
    client.force_login(reporter)
    event = client.get("/en/events/ghost-event/")
    assert event.status_code == 200 and "Not public" in event.content.decode()
    assert "no-store" in event["Cache-Control"]
    source_page = client.get("/en/sources/ghost-source/")
    assert source_page.status_code == 200 and "Not public" in source_page.content.decode()
    ghost = Event.objects.get(slug="ghost-event")
    ghost.parent = desk.umbrella
    ghost.save()
    timeline = client.get("/en/events/january-2022-unrest/").content.decode()
    assert "Событие-призрак" in timeline and "no page: no published claim names it" in timeline


def test_the_timeline_shows_the_events_an_editor_put_on_it_but_no_unpublished_claim(client, desk):
    ghost = Event.objects.get(slug="ghost-event")
    ghost.parent = desk.umbrella
    ghost.save()
    # Typed in, not yet shown by an editor, named by no published claim: readers do not see it.
    timeline = client.get("/en/events/january-2022-unrest/").content.decode()
    assert 'id="event-ghost-event"' not in timeline and "Событие-призрак" not in timeline

    ghost.on_timeline = True
    ghost.save()
    timeline = client.get("/en/events/january-2022-unrest/").content.decode()
    entry = timeline.split('id="event-ghost-event"')[1].split("</li>")[0]
    assert "Событие-призрак" in entry
    assert 'href="/en/events/ghost-event/"' not in timeline  # no page of its own
    assert "UNPUBLISHED-DRAFT" not in timeline
    assert client.get("/en/events/ghost-event/").status_code == 404


def test_a_published_claims_source_cited_only_by_a_draft_stays_hidden(client, desk):
    # The draft names "pravila-zhizni" as its claimant, but published verdicts cite it as
    # evidence: its page is public and lists only the published uses.
    page = client.get("/en/sources/pravila-zhizni/").content.decode()
    assert "Cited as evidence" in page
    assert "We have not published a check of a claim by this source." in page


def test_no_archived_copy_of_evidence_only_a_draft_cites(client, desk, django_user_model):
    """Issue 13: the desk's copy of a page that only unpublished work cites stays in."""
    from sources.models import Citation
    from tests.archive_server import stored_capture

    ghost = Citation.objects.get(quote="UNPUBLISHED-DRAFT")
    stored_capture(ghost, body="<p>UNPUBLISHED-DRAFT page</p>")
    url = f"/archive/citations/{ghost.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    assert client.get(url).status_code == 404
    for page in PUBLIC_URLS:
        assert url not in client.get(page).content.decode(), page
