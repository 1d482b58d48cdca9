"""Readers' "archived copy" (issue 13): beside each citation of a published verdict, a link to the
desk's own copy of the page, served inert; never for evidence only unpublished work cites."""

import pytest
from django.test import Client

from factcheck.models import ClaimCitation
from factcheck.published import public
from tests.archive_server import stored_capture
from tests.factories import sample


@pytest.fixture
def published(db):
    claim = sample.claim(1)
    verdict = sample.publish(claim)
    return verdict, [link.citation for link in ClaimCitation.objects.filter(claim=claim)]


def test_the_verdict_page_links_the_archived_copy(client, published):
    _verdict, (first, second) = published
    record = stored_capture(first)
    page = client.get("/en/verdicts/sample-claim-1/").content.decode()
    assert f'href="/archive/citations/{first.pk}/"' in page
    assert f'href="/archive/citations/{second.pk}/"' not in page  # no capture of it

    response = client.get(f"/archive/citations/{first.pk}/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("default-src 'none'; sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"
    body = response.content.decode()
    assert "задержаны 12 человек" in body and record.sha256 in body
    assert "<script" not in body and "<img" not in body
    assert client.get(f"/archive/citations/{second.pk}/").status_code == 404


def test_a_new_capture_changes_the_pages_validators(client, published):
    _verdict, (first, _second) = published
    etag = client.get("/en/verdicts/sample-claim-1/")["ETag"]
    stored_capture(first)
    again = client.get("/en/verdicts/sample-claim-1/", headers={"if-none-match": etag})
    assert again.status_code == 200 and "/archive/citations/" in again.content.decode()


def test_no_archived_copy_of_what_only_a_draft_cites(db, django_user_model):
    draft_claim = sample.claim(2)
    citation = ClaimCitation.objects.filter(claim=draft_claim).first().citation
    stored_capture(citation, body="<p>UNPUBLISHED-DRAFT evidence</p>")
    assert public.citation_is_public(citation.pk) is False
    client = Client()
    assert client.get(f"/archive/citations/{citation.pk}/").status_code == 404
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    assert client.get(f"/archive/citations/{citation.pk}/").status_code == 404


def test_no_archived_copy_once_the_verdict_is_retracted(client, published):
    verdict, (first, _second) = published
    stored_capture(first)
    assert client.get(f"/archive/citations/{first.pk}/").status_code == 200
    sample.retract(verdict)
    assert client.get(f"/archive/citations/{first.pk}/").status_code == 404


def test_the_public_check_is_one_query(published, django_assert_num_queries):
    _verdict, (first, _second) = published
    with django_assert_num_queries(1):
        assert public.citation_is_public(first.pk) is True
