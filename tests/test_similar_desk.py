"""Similar claims on the claim form (issue 12): the suggestions shown, refreshed while typing
(a POST endpoint, like the Markdown preview's), and "Link as duplicate" through the service."""

import pytest
from django.urls import reverse

from factcheck.models import AuditEntry, Claim
from tests.factories import sample


@pytest.fixture
def airport(db):
    claim = sample.claim(
        1,
        text="поздно вечером 5 января погромщики захватили и разрушили здание международного "
        "аэропорта Алматы",
        text_en="Late on 5 January rioters seized and wrecked Almaty international airport",
    )
    Claim.objects.filter(pk=claim.pk).update(slug="airport-seized", short="Airport seized")
    claim.refresh_from_db()
    sample.publish(claim, headline="Rioters did seize the airport")
    return claim


@pytest.fixture
def repeat(airport):
    claim = sample.claim(
        2, text="митингующие захватили аэропорт Алматы", text_en="Protesters seized Almaty airport"
    )
    Claim.objects.filter(pk=claim.pk).update(short="Protesters seized the airport")
    claim.refresh_from_db()
    return claim


def test_the_change_form_suggests_the_published_claim_and_links_it(client, editor, repeat, airport):
    client.force_login(editor)
    page = client.get(reverse("admin:factcheck_claim_change", args=[repeat.pk])).content.decode()
    assert 'id="similar-claims"' in page
    assert reverse("admin:factcheck_claim_change", args=[airport.pk]) in page
    assert "Rioters did seize the airport" in page  # its published verdict
    assert 'form="similar-link-form"' in page and f'value="{airport.pk}"' in page
    link = reverse("admin:factcheck_claim_link_duplicate", args=[repeat.pk])
    assert f'id="similar-link-form" method="post" action="{link}"' in page
    response = client.post(link, {"duplicate_of": airport.pk})
    assert response.status_code == 302
    assert Claim.objects.get(pk=repeat.pk).duplicate_of == airport
    assert AuditEntry.objects.filter(
        action="factcheck.claim.duplicate_linked", object_id=repeat.pk
    ).exists()
    page = client.get(reverse("admin:factcheck_claim_change", args=[repeat.pk])).content.decode()
    assert "Recorded as a duplicate of" in page
    client.post(link, {"duplicate_of": ""})
    assert Claim.objects.get(pk=repeat.pk).duplicate_of is None


def test_bad_links_are_refused_with_a_message_never_a_500(client, editor, repeat):
    client.force_login(editor)
    link = reverse("admin:factcheck_claim_link_duplicate", args=[repeat.pk])
    for value in ["abc", "999999", str(repeat.pk)]:
        response = client.post(link, {"duplicate_of": value}, follow=True)
        assert response.status_code == 200
        assert Claim.objects.get(pk=repeat.pk).duplicate_of is None
        assert any(m.level_tag == "error" for m in response.context["messages"])
    assert client.get(link).status_code == 405


def test_the_live_endpoint_ranks_the_text_being_typed(client, editor, airport):
    client.force_login(editor)
    url = reverse("admin:factcheck_claim_similar")
    add_page = client.get(reverse("admin:factcheck_claim_add")).content.decode()
    assert f'data-similar-url="{url}"' in add_page and "desk/similar-claims.js" in add_page
    answer = client.post(url, {"text": "protesters seized Almaty airport"}).json()
    assert reverse("admin:factcheck_claim_change", args=[airport.pk]) in answer["html"]
    # Not linkable before the claim is saved.
    assert 'form="similar-link-form"' not in answer["html"]
    # The claim being edited is not suggested to itself.
    answer = client.post(url, {"text": airport.text, "claim": airport.pk}).json()
    assert reverse("admin:factcheck_claim_change", args=[airport.pk]) not in answer["html"]
    assert client.get(url).status_code == 405


def test_the_endpoint_is_the_desks_only(client, airport):
    url = reverse("admin:factcheck_claim_similar")
    response = client.post(url, {"text": "airport"})
    assert response.status_code == 302 and "login" in response["Location"]
