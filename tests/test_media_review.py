"""MediaReview (issue 13): a published verdict about images or video carries schema.org MediaReview
markup beside its ClaimReview, one per media item the desk assessed, validated field by field like
ClaimReview (tests/test_site_machines.py); written into the snapshot at publication, so a later
change of category reaches readers only with the next revision."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from factcheck import services as workflow
from factcheck.models import ClaimCitation, MediaAssessment, Rating
from factcheck.published import schema
from factcheck.published.mediareview import iso_duration
from sources.media import services
from tests import media_files
from tests.factories import sample
from tests.factories.models import CitationFactory
from tests.test_site_machines import json_ld

PAGE = "/en/verdicts/sample-claim-1/"


@pytest.fixture
def assessed(db):
    """A claim whose appearance carries a doctored photo and a video, assessed on the verdict,
    which is then published through the workflow."""
    claim = sample.claim(1)
    appearance = ClaimCitation.objects.get(claim=claim, stance="appearance").citation
    photo = services.add_upload(citation=appearance, data=media_files.with_exif())
    video = services.add_upload(citation=appearance, data=media_files.mp4(seconds=75.5))
    reporter, editor = sample.desk_users()
    verdict = workflow.verdict_create(
        claim=claim,
        by=reporter,
        headline="The photo was doctored",
        rating=Rating.objects.get(slug="half-true"),
        conclusion="Edited.",
        explanation="Compared with the original.",
        language="en",
    )
    MediaAssessment.objects.create(
        verdict=verdict, media=photo, category=MediaAssessment.Category.TRANSFORMED
    )
    MediaAssessment.objects.create(
        verdict=verdict,
        media=video,
        category=MediaAssessment.Category.DECONTEXTUALIZED,
        original_context="Filmed in Almaty in 2019, at a concert.",
    )
    verdict = sample._through_review(verdict, reporter, editor)
    return verdict, appearance, photo, video


def test_mediareview_field_by_field(client, assessed):
    verdict, appearance, photo, video = assessed
    claim_review, photo_review, video_review = json_ld(client.get(PAGE).content.decode())
    assert claim_review["@type"] == "ClaimReview"

    assert photo_review["@context"] == "https://schema.org"
    assert photo_review["@type"] == "MediaReview"
    assert photo_review["url"] == "http://127.0.0.1:8000" + PAGE
    assert photo_review["datePublished"] == verdict.first_published_at.isoformat()
    assert photo_review["author"] == {
        "@type": "Organization",
        "name": "Fact-check desk",
        "url": "http://127.0.0.1:8000/",
    }
    assert photo_review["mediaAuthenticityCategory"] == "TransformedContent"
    assert "originalMediaContextDescription" not in photo_review
    item = photo_review["itemReviewed"]
    assert item["@type"] == "MediaReviewItem"
    assert item["creator"] == {"@type": "Organization", "name": appearance.source.name}
    [image] = item["mediaItemAppearance"]
    assert image == {
        "@type": "ImageObject",
        "contentUrl": f"http://127.0.0.1:8000/archive/media/{photo.pk}/",
        "sha256": photo.sha256,
        "encodingFormat": "image/jpeg",
        "uploadDate": appearance.published_at.isoformat(),
        "dateCreated": "2022-01-05T12:30:00+00:00",  # 18:30 at +06:00, as EXIF said
        "width": {"@type": "QuantitativeValue", "value": 640, "unitCode": "E37"},
        "height": {"@type": "QuantitativeValue", "value": 480, "unitCode": "E37"},
        "url": appearance.url,
    }

    assert video_review["mediaAuthenticityCategory"] == "DecontextualizedContent"
    assert video_review["originalMediaContextDescription"] == (
        "Filmed in Almaty in 2019, at a concert."
    )
    [clip] = video_review["itemReviewed"]["mediaItemAppearance"]
    assert clip["@type"] == "VideoObject"
    assert clip["contentUrl"] == f"http://127.0.0.1:8000/archive/media/{video.pk}/"
    assert clip["sha256"] == video.sha256 and clip["encodingFormat"] == "video/mp4"
    assert clip["duration"] == "PT1M15.5S"
    assert clip["dateCreated"] == "2022-01-05T18:30:00+00:00"
    assert "width" not in clip  # the minimal container names no frame size

    # The contentUrl is what readers can open.
    response = client.get(image["contentUrl"].removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    b"".join(response.streaming_content)


def test_the_categories_are_the_schema_org_enumeration():
    assert sorted(MediaAssessment.Category.values) == [
        "DecontextualizedContent",
        "EditedOrCroppedContent",
        "OriginalMediaContent",
        "SatireOrParodyContent",
        "StagedContent",
        "TransformedContent",
    ]


def test_the_snapshot_holds_the_media_and_reads_back(assessed):
    verdict, _appearance, photo, video = assessed
    stored = verdict.public_revision.snapshot
    assert [m["id"] for m in stored["media"]] == [photo.pk, video.pk]
    published = schema.read(stored)
    assert [m.category for m in published.media] == [
        "TransformedContent",
        "DecontextualizedContent",
    ]
    assert published.media[0].sha256 == photo.sha256 and published.media[1].duration == 75.5
    # A snapshot written before media were recorded reads as none.
    older = {k: v for k, v in stored.items() if k != "media"}
    assert schema.read(older).media == ()


def test_a_change_of_category_reaches_readers_with_the_next_revision(client, assessed):
    verdict, *_ = assessed
    MediaAssessment.objects.filter(verdict=verdict).update(category="StagedContent")
    reviews = json_ld(client.get(PAGE).content.decode())[1:]
    assert reviews[0]["mediaAuthenticityCategory"] == "TransformedContent"


def test_no_mediareview_without_assessed_media(client, db):
    sample.publish(sample.claim(1))
    [only] = json_ld(client.get(PAGE).content.decode())
    assert only["@type"] == "ClaimReview"


def test_an_assessment_must_be_of_the_claims_evidence(assessed):
    verdict, *_ = assessed
    stranger = services.add_upload(citation=CitationFactory(), data=media_files.jpeg(seed=1))
    assessment = MediaAssessment(verdict=verdict, media=stranger, category="StagedContent")
    with pytest.raises(ValidationError) as error:
        assessment.full_clean()
    assert "media" in error.value.message_dict


def test_the_verdict_form_offers_only_the_claims_media(assessed, editor):
    verdict, _appearance, photo, video = assessed
    stranger = services.add_upload(citation=CitationFactory(), data=media_files.jpeg(seed=1))
    client = Client()
    client.force_login(editor)
    page = client.get(f"/admin/factcheck/verdict/{verdict.pk}/change/")
    assert page.status_code == 200
    formset = next(
        f.formset
        for f in page.context["inline_admin_formsets"]
        if f.formset.model is MediaAssessment
    )
    offered = set(formset.forms[0].fields["media"].queryset)
    assert offered == {photo, video} and stranger not in offered


def test_iso_durations():
    assert iso_duration(12.5) == "PT12.5S"
    assert iso_duration(3600) == "PT1H"
    assert iso_duration(3725) == "PT1H2M5S"
    assert iso_duration(0) == "PT0S"


def test_the_verdict_page_lists_the_reviewed_media(client, assessed):
    _verdict, _appearance, photo, video = assessed
    page = client.get(PAGE).content.decode()
    assert f'<a href="/archive/media/{photo.pk}/" rel="nofollow">Image</a>: Transformed' in page
    assert (
        f'<a href="/archive/media/{video.pk}/" rel="nofollow">Video</a>: Decontextualised' in page
    )
    assert "Filmed in Almaty in 2019" in page
