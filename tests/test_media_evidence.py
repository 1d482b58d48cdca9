"""Images and video on citations (issue 13, sources.media): stored by content with digest and
metadata, thumbnails by a background task, "seen before" on the desk (the same picture resized
and recompressed, one in a published verdict's evidence), fetched from a URL through the guarded
fetcher, and served with the stored safe type: to readers only for public citations."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from factcheck.models import ClaimCitation
from sources.media import services
from sources.media.inspect import Refused
from sources.media.tasks import fetch_media, make_thumbnail
from sources.models import Media
from tests import media_files
from tests.factories import sample
from tests.factories.models import CitationFactory

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def citation(db):
    return CitationFactory()


def test_an_upload_is_stored_by_content_with_digest_and_metadata(citation, editor):
    data = media_files.with_exif()
    media = services.add_upload(
        citation=citation, data=data, provenance="Sent on Telegram", by=editor
    )
    media.refresh_from_db()
    assert media.ready and media.origin == Media.Origin.UPLOAD and media.added_by == editor
    assert (media.kind, media.content_type, media.size) == ("image", "image/jpeg", len(data))
    assert (media.width, media.height) == (640, 480)
    assert media.camera == "Canon EOS 5D Mark IV" and media.captured_at.isoformat() == (
        "2022-01-05T12:30:00+00:00"
    )
    # Our name for it: the digest's start and the type found, never the sender's name.
    assert media.file.name.startswith(f"media/{media.added_at:%Y/%m}/{media.sha256[:16]}-")
    assert media.file.name.endswith(".jpg")
    with media.file.open("rb") as stream:
        assert stream.read() == data
    assert [media.phash_0, media.phash_1, media.phash_2, media.phash_3] == [
        int(media.phash[i : i + 4], 16) for i in range(0, 16, 4)
    ]


def test_a_refused_upload_stores_nothing(citation):
    with pytest.raises(Refused):
        services.add_upload(citation=citation, data=b"<svg><script>alert(1)</script></svg>")
    assert not Media.objects.exists()


def test_the_thumbnail_is_made_by_a_background_task(
    citation, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        media = services.add_upload(citation=citation, data=media_files.jpeg())
        media.refresh_from_db()
        assert not media.thumbnail  # not in the request: after the commit, in the task
    media.refresh_from_db()
    assert media.thumbnail.name.endswith(".jpg") and "/thumbs/" in media.thumbnail.name
    with media.thumbnail.open("rb") as stream:
        assert stream.read(3) == b"\xff\xd8\xff"
    assert make_thumbnail.call(0) is False  # gone: nothing to do


def test_a_video_has_no_thumbnail_task(citation, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        media = services.add_upload(citation=citation, data=media_files.mp4())
    assert callbacks == [] and media.kind == "video" and media.duration == 12.5


# --- seen before ------------------------------------------------------------------------------


def test_the_same_picture_resized_and_recompressed_is_seen_before_and_debunked(db):
    claim = sample.claim(1)
    debunked_citation = ClaimCitation.objects.filter(claim=claim).first().citation
    earlier = services.add_upload(citation=debunked_citation, data=media_files.jpeg(seed=5))
    verdict = sample.publish(claim)
    unrelated = services.add_upload(citation=CitationFactory(), data=media_files.jpeg(seed=6))

    copy = media_files.resized_and_recompressed(media_files.jpeg(seed=5))
    again = services.add_upload(citation=CitationFactory(), data=copy)
    [sighting] = services.seen_before(again)
    assert sighting.media == earlier and sighting.distance is not None
    assert sighting.verdicts == [(verdict.pk, verdict.headline)]
    assert unrelated not in [s.media for s in services.seen_before(again)]
    assert services.seen_before(unrelated) == []


def test_the_same_video_file_is_seen_before_by_its_digest(db):
    first = services.add_upload(citation=CitationFactory(), data=media_files.mp4())
    second = services.add_upload(citation=CitationFactory(), data=media_files.mp4())
    other = services.add_upload(citation=CitationFactory(), data=media_files.mp4(seconds=3))
    [sighting] = services.seen_before(second)
    assert sighting.media == first and sighting.distance is None and sighting.verdicts == []
    assert services.seen_before(other) == []


def test_seen_before_asks_the_band_indexes_in_one_query(db, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    media = services.add_upload(citation=CitationFactory(), data=media_files.jpeg(seed=7))
    with CaptureQueriesContext(connection) as queries:
        assert services.seen_before(media) == []
    # 1. the same digest 2. the perceptual hash's bands (no verdicts: nothing found)
    assert len(queries) == 2
    band_sql = queries[1]["sql"]
    for band in range(4):
        assert f'"phash_{band}" IN (' in band_sql
    assert "LIMIT 2000" in band_sql


def test_every_band_has_an_index(db):
    indexed = {tuple(index.fields): index.name for index in Media._meta.indexes}
    for band in range(4):
        assert indexed[(f"phash_{band}",)] == f"media_phash_{band}_idx"
    assert indexed[("sha256",)] == "media_sha256_idx"


# --- fetched from a URL ---------------------------------------------------------------------


def test_media_at_a_url_is_fetched_through_the_guarded_fetcher(citation, archive_server):
    data = media_files.jpeg(seed=8)
    # The server calls it HTML: the content decides.
    archive_server.files["/photo"] = (data, "text/html")
    media = services.request_fetch(citation=citation, url=archive_server.url("/photo"))
    assert media.state == Media.State.PENDING
    assert fetch_media.call(media.pk) == "ok"
    media.refresh_from_db()
    assert media.ready and media.content_type == "image/jpeg" and media.size == len(data)
    assert media.metadata["served_as"] == "text/html"


def test_media_at_a_url_that_is_a_page_or_loopback_is_refused(citation, archive_server, settings):
    archive_server.files["/fake.jpg"] = (b"<!doctype html><script>x</script>", "image/jpeg")
    page = services.request_fetch(citation=citation, url=archive_server.url("/fake.jpg"))
    assert fetch_media.call(page.pk) == "refused"
    page.refresh_from_db()
    assert page.state == Media.State.FAILED and "Not an image" in page.reason and not page.file
    settings.FACTCHECK_ARCHIVE_ALLOWED_HOSTS = []
    inside = services.request_fetch(citation=citation, url=archive_server.url("/fake.jpg"))
    assert fetch_media.call(inside.pk) == "refused"
    inside.refresh_from_db()
    assert inside.state == Media.State.FAILED and archive_server.hits.count("/fake.jpg") == 1


def test_media_fetches_have_their_own_size_limit(citation, archive_server, settings):
    data = media_files.jpeg(seed=9)
    assert len(data) > settings.FACTCHECK_ARCHIVE_MAX_BYTES  # 1000 in the archive's tests
    archive_server.files["/big"] = (data, "image/jpeg")
    settings.FACTCHECK_MEDIA_MAX_BYTES = len(data) - 1
    media = services.request_fetch(citation=citation, url=archive_server.url("/big"))
    assert fetch_media.call(media.pk) == "too_large"
    settings.FACTCHECK_MEDIA_MAX_BYTES = len(data)
    media = services.request_fetch(citation=citation, url=archive_server.url("/big"))
    assert fetch_media.call(media.pk) == "ok"


# --- served -------------------------------------------------------------------------------------


@pytest.fixture
def published_media(db):
    claim = sample.claim(1)
    cited = ClaimCitation.objects.filter(claim=claim).first().citation
    media = services.add_upload(citation=cited, data=media_files.jpeg())
    services.store_thumbnail(media)
    sample.publish(claim)
    return media


def test_readers_get_the_media_of_a_public_citation_with_its_safe_type(client, published_media):
    response = client.get(f"/archive/media/{published_media.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'; sandbox")
    assert response["Content-Disposition"] == (
        f'inline; filename="{published_media.sha256[:16]}.jpg"'
    )
    assert b"".join(response.streaming_content) == media_files.jpeg()
    thumb = client.get(f"/archive/media/{published_media.pk}/thumbnail/")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert b"".join(thumb.streaming_content)[:3] == b"\xff\xd8\xff"  # read: closes the file


def test_media_of_an_unpublished_citation_are_404_for_readers(db, django_user_model, editor):
    draft = sample.claim(2)
    cited = ClaimCitation.objects.filter(claim=draft).first().citation
    media = services.add_upload(citation=cited, data=media_files.jpeg())
    services.store_thumbnail(media)
    reader = Client()
    assert reader.get(f"/archive/media/{media.pk}/").status_code == 404
    assert reader.get(f"/archive/media/{media.pk}/thumbnail/").status_code == 404
    reader.force_login(django_user_model.objects.create_user("reader", password="pw"))
    assert reader.get(f"/archive/media/{media.pk}/").status_code == 404
    # The desk sees them, privately.
    desk = Client()
    desk.force_login(editor)
    response = desk.get(f"/admin/sources/citation/{cited.pk}/media/{media.pk}/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == media_files.jpeg()
    other = CitationFactory()
    assert desk.get(f"/admin/sources/citation/{other.pk}/media/{media.pk}/").status_code == 404


def test_media_are_404_once_the_verdict_is_retracted(client, published_media):
    verdict = published_media.citation.claim_citations.get().claim.verdicts.get()
    sample.retract(verdict)
    assert client.get(f"/archive/media/{published_media.pk}/").status_code == 404


# --- the desk -----------------------------------------------------------------------------------


def _inline_post(page_data: dict, citation, **media_fields) -> dict:
    data = {
        "source": citation.source_id,
        "title": citation.title,
        "url": citation.url,
        "quote": citation.quote,
        "quote_language": citation.quote_language,
        "claim_citations-TOTAL_FORMS": "0",
        "claim_citations-INITIAL_FORMS": "0",
        "media-TOTAL_FORMS": "1",
        "media-INITIAL_FORMS": "0",
        "media-0-provenance": "Forwarded on WhatsApp",
        **page_data,
    }
    data.update({f"media-0-{k}": v for k, v in media_fields.items()})
    return data


def test_the_desk_uploads_inline_and_sees_digest_metadata_and_flags(
    citation, editor, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    claim = sample.claim(1)
    debunked = ClaimCitation.objects.filter(claim=claim).first().citation
    services.add_upload(citation=debunked, data=media_files.jpeg(seed=2))
    verdict = sample.publish(claim)

    client = Client()
    client.force_login(editor)
    url = f"/admin/sources/citation/{citation.pk}/change/"
    copy = media_files.resized_and_recompressed(media_files.jpeg(seed=2))
    upload = SimpleUploadedFile("photo.html", copy, content_type="text/html")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _inline_post({}, citation, upload=upload))
    assert response.status_code == 302, response.content.decode()[:3000]
    media = citation.media.get()
    assert media.content_type == "image/jpeg" and media.added_by == editor
    assert media.provenance == "Forwarded on WhatsApp" and media.thumbnail

    page = client.get(url).content.decode()
    assert media.sha256 in page and "image/jpeg" in page
    assert f"/admin/sources/citation/{citation.pk}/media/{media.pk}/thumbnail/" in page
    assert 'class="media-seen"' in page and f"/admin/sources/citation/{debunked.pk}/change/" in page
    assert 'class="media-debunked"' in page
    assert f"/admin/factcheck/verdict/{verdict.pk}/change/" in page
    assert f'action="/admin/sources/citation/{citation.pk}/media/fetch/"' in page


def test_a_disguised_upload_is_a_form_error_naming_the_field(citation, editor):
    client = Client()
    client.force_login(editor)
    upload = SimpleUploadedFile(
        "cat.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>', "image/jpeg"
    )
    response = client.post(
        f"/admin/sources/citation/{citation.pk}/change/", _inline_post({}, citation, upload=upload)
    )
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][1].formset.errors
    assert "Not an image or video" in errors[0]["upload"][0]
    assert not Media.objects.exists()


def test_fetch_media_from_url_is_a_post_that_queues_the_fetch(
    citation, editor, settings, archive_server, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    archive_server.files["/clip"] = (media_files.mp4(), "application/octet-stream")
    client = Client()
    client.force_login(editor)
    url = f"/admin/sources/citation/{citation.pk}/media/fetch/"
    assert client.get(url).status_code == 405
    response = client.post(url, {"media_url": "not a url"})
    assert response.status_code == 302 and not Media.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"media_url": archive_server.url("/clip"), "provenance": "X"})
    assert response.status_code == 302
    media = citation.media.get()
    assert media.ready and media.origin == "url" and media.content_type == "video/mp4"
    assert media.added_by == editor and media.provenance == "X"
