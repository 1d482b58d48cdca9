"""The verdict page: what it shows, from which revision, its queries, redirects, tombstone, preview."""

import re

import pytest
from django.contrib.auth.models import User

from factcheck import services
from factcheck.models import Claim, ClaimCitation, Verdict
from tests.factories import (
    T0,
    build_desk,
    desk_users,
    make_claim,
    publish,
    republish,
    source,
)


@pytest.fixture
def desk(db):
    return build_desk(2)


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_shows_the_claim_its_evidence_and_the_verdict(client, desk):
    page = html(client.get("/en/verdicts/claim-1/"))
    # The claim as quoted, in its language, with the translation beside it.
    assert '<span lang="ru" dir="auto">Погибли 10 человек</span>' in page
    assert '<span lang="en" dir="auto">10 people died</span>' in page
    # Who said it, where and when.
    assert "Kazakhstan&#x27;s Interior Ministry" in page
    assert 'href="/en/sources/mvd/"' in page
    assert "2 January 2022" in page
    assert "Where it appeared:" in page and 'href="https://example.kz/claim-1/1"' in page
    # The rating and what it means.
    assert '<span class="rating rating--mixed rating--large">Half true</span>' in page
    assert "partly accurate but leaves out important details" in page
    # Conclusion and explanation, Markdown rendered.
    assert "What we found, in <strong>two</strong> sentences." in page
    assert "The reasoning, in Markdown" in page
    # Every citation: link, archived link, passage, translation, stance.
    for number, quote in [(1, "погибли 10"), (2, "по официальным данным"), (3, "контекст")]:
        assert f'href="https://example.kz/claim-1/{number}"' in page
        assert (
            f'href="https://web.archive.org/web/2022/https://example.kz/claim-1/{number}"' in page
        )
        assert f'<span lang="ru" dir="auto">{quote}</span>' in page
        assert f"Translation of passage {number}" in page
    for stance in ("Where the claim appeared", "Supports", "Context"):
        assert stance in page
    # The events it concerns, at their precision, and the dates.
    assert 'href="/en/events/event-1/"' in page
    assert "Published" in page and "Corrections and updates" in page


def test_citations_are_grouped_by_independent_origin(client, desk):
    page = html(client.get("/en/verdicts/claim-1/"))
    # Counted as the evidence rule counts: the appearance (relaying the MVD, the claimant) and
    # the context never confirm the claim; the magazine's supporting report does.
    assert "Confirmed by 1 independent origin; contradicted by 0." in page
    assert (
        page.count('<span class="citation__weight citation__weight--counted">counted</span>') == 1
    )
    assert "not counted: where the claim appeared" in page and "not counted: context" in page
    groups = re.findall(r'<h3 class="origin__name">(.*?)</h3>', page, re.S)
    assert len(groups) == 3
    # Orda's report only relays the MVD: it sits under the MVD, and says so.
    assert "Interior Ministry" in groups[0]
    mvd_section = page.split('<h3 class="origin__name">')[1]
    assert "Orda.kz" in mvd_section and "relaying" in mvd_section and "погибли 10" in mvd_section
    # Orda's own context citation is its own group, marked as not counting.
    assert "context only" in groups[2] and "Orda.kz" in groups[2]


def test_readers_see_the_public_revision_not_the_working_copy(client, desk):
    verdict = desk.verdicts[0]
    reporter, editor = desk_users()
    services.verdict_update(
        verdict=verdict, by=editor, version=verdict.version, headline="HALF-EDITED headline"
    )
    Claim.objects.filter(pk=verdict.claim_id).update(text="HALF-EDITED claim text")
    page = html(client.get("/en/verdicts/claim-1/"))
    assert "HALF-EDITED" not in page
    assert "Verdict 1 on the death toll" in page and "Погибли 10 человек" in page


def test_corrections_and_updates_are_shown_with_their_dates(client, desk):
    republish(
        desk.verdicts[0],
        note_kind=Verdict.NoteKind.CORRECTION,
        note="An earlier version gave the wrong date for the MVD figure.",
        headline="Verdict 1, corrected",
    )
    page = html(client.get("/en/verdicts/claim-1/"))
    notes = page.split('id="corrections"')[1]
    assert "Correction" in notes and "wrong date for the MVD figure" in notes
    assert "Verdict 1, corrected" in page
    assert "Updated" in page


def test_old_slug_redirects_permanently_to_the_new_one(client, desk):
    verdict = desk.verdicts[0]
    Claim.objects.filter(pk=verdict.claim_id).update(slug="claim-1-renamed")
    # Until the rename is published, readers keep the published address.
    assert client.get("/en/verdicts/claim-1/").status_code == 200
    assert client.get("/en/verdicts/claim-1-renamed/").status_code == 404
    republish(verdict, note_kind=Verdict.NoteKind.UPDATE, note="New address.")
    response = client.get("/en/verdicts/claim-1/")
    assert response.status_code == 301
    assert response["Location"] == "/en/verdicts/claim-1-renamed/"
    assert client.get("/ru/verdicts/claim-1/")["Location"] == "/ru/verdicts/claim-1-renamed/"
    assert client.get("/en/verdicts/claim-1-renamed/").status_code == 200


def test_a_retracted_verdict_is_a_tombstone(client, desk):
    page = html(client.get("/en/verdicts/retracted-claim/"))
    assert "We retracted this fact-check on" in page
    assert "turned out to be fabricated" in page
    assert "RETRACTED-CONCLUSION" not in page
    assert "application/ld+json" not in page
    assert '<meta name="robots" content="noindex">' in page


def test_unpublished_verdict_is_404_for_readers(client, desk, django_user_model):
    assert client.get("/en/verdicts/secret-draft-claim/").status_code == 404
    outsider = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(outsider)
    assert client.get("/en/verdicts/secret-draft-claim/").status_code == 404


def test_staff_preview_of_an_unpublished_verdict(client, desk):
    reporter, _editor = desk_users()
    client.force_login(reporter)
    response = client.get("/en/verdicts/secret-draft-claim/")
    page = html(response)
    assert "Preview — not published" in page
    assert "UNPUBLISHED-DRAFT headline" in page and "UNPUBLISHED-DRAFT conclusion" in page
    assert '<meta name="robots" content="noindex">' in page
    assert "application/ld+json" not in page
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert "ETag" not in response


def test_staff_preview_of_pending_edits_to_a_published_verdict(client, desk):
    verdict = desk.verdicts[0]
    _reporter, editor = desk_users()
    services.verdict_update(
        verdict=verdict, by=editor, version=verdict.version, headline="Pending new headline"
    )
    assert "Pending new headline" not in html(client.get("/en/verdicts/claim-1/?preview=1"))
    client.force_login(editor)
    page = html(client.get("/en/verdicts/claim-1/?preview=1"))
    assert "Preview — not published" in page and "Pending new headline" in page
    assert "Pending new headline" not in html(client.get("/en/verdicts/claim-1/"))


def test_an_unrated_draft_previews_too(client, desk):
    reporter, _editor = desk_users()
    claim = make_claim("unrated", text="Без оценки", claimant=desk.mvd)
    services.verdict_create(claim=claim, by=reporter, headline="No rating yet")
    client.force_login(reporter)
    assert "No rating yet" in html(client.get("/en/verdicts/unrated/"))


def _big_claim(desk, slug: str, citations: int, events: int):
    extra = [
        source(f"{slug}-outlet-{i}", f"Издание {slug} {i}", f"Outlet {i}") for i in range(citations)
    ]
    specs = [(desk.orda, ClaimCitation.Stance.APPEARANCE, "появилось", desk.mvd)] + [
        (outlet, ClaimCitation.Stance.SUPPORTS, f"подтверждение {i}")
        for i, outlet in enumerate(extra)
    ]
    claim = make_claim(
        slug,
        text="Большое утверждение",
        claimant=desk.mvd,
        events=desk.children[:events],
        citations=specs,
        appeared_at=T0,
    )
    return publish(claim)


def test_a_fixed_number_of_queries_whatever_the_evidence(client, desk, django_assert_num_queries):
    _big_claim(desk, "small", citations=1, events=1)
    _big_claim(desk, "large", citations=12, events=2)
    for slug in ("small", "large"):
        # 1. the verdict, its public revision (snapshot) and that revision's rating,
        # 2. the live events it concerns (time zones, current slugs), 3. which cited pages have
        # an archived copy (issue 13: captured after publishing, so read live).
        with django_assert_num_queries(3):
            response = client.get(f"/en/verdicts/{slug}/")
        assert response.status_code == 200
    assert html(client.get("/en/verdicts/large/")).count('class="citation citation--') == 13


def test_answers_conditional_requests(client, desk):
    first = client.get("/en/verdicts/claim-1/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    assert "no-cache" in first["Cache-Control"]
    again = client.get("/en/verdicts/claim-1/", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert (
        client.get("/en/verdicts/claim-1/", headers={"if-modified-since": modified}).status_code
        == 304
    )
    # Another language is another representation.
    assert client.get("/ru/verdicts/claim-1/")["ETag"] != etag
    # A correction changes what readers see, so the old validators no longer match.
    republish(desk.verdicts[0], note_kind=Verdict.NoteKind.UPDATE, note="New figures.")
    changed = client.get("/en/verdicts/claim-1/", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_304_costs_no_more_queries_than_the_page(client, desk, django_assert_num_queries):
    etag = client.get("/en/verdicts/claim-1/")["ETag"]
    with django_assert_num_queries(3):
        assert (
            client.get("/en/verdicts/claim-1/", headers={"if-none-match": etag}).status_code == 304
        )


def test_staff_responses_are_never_cached(client, desk):
    _reporter, editor = desk_users()
    client.force_login(editor)
    response = client.get("/en/verdicts/claim-1/")
    assert "ETag" not in response and "private" in response["Cache-Control"]


def test_unknown_slug_is_404(client, desk):
    assert client.get("/en/verdicts/no-such-claim/").status_code == 404
    assert User.objects.count() >= 2
