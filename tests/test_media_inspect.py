"""Media evidence (issue 13): what a file is, decided by its content; its metadata; the perceptual
hash that recognises a picture resized and recompressed, and its candidate lookup by bands."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from sources.media import hashes
from sources.media.inspect import Refused, inspect, thumbnail
from tests import media_files

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def test_a_jpeg_is_typed_measured_and_hashed():
    data = media_files.jpeg()
    found = inspect(data)
    assert (found.kind, found.content_type) == ("image", "image/jpeg")
    assert (found.width, found.height, found.size) == (640, 480, len(data))
    assert len(found.sha256) == 64 and len(found.phash) == 16


def test_exif_camera_and_time_are_extracted():
    found = inspect(media_files.with_exif())
    assert found.camera == "Canon EOS 5D Mark IV"  # the make is not repeated
    assert found.captured_at == datetime(2022, 1, 5, 18, 30, tzinfo=timezone(timedelta(hours=6)))
    assert found.metadata["Make"] == "Canon" and found.metadata["Software"] == "Firmware 1.2"


def test_an_image_without_exif_has_no_camera_or_time():
    found = inspect(media_files.encode(media_files.picture(), "PNG"))
    assert found.content_type == "image/png"
    assert found.camera == "" and found.captured_at is None


def test_the_same_picture_resized_and_recompressed_is_within_the_distance(settings):
    original = inspect(media_files.jpeg(seed=3))
    copy = inspect(media_files.resized_and_recompressed(media_files.jpeg(seed=3)))
    assert original.sha256 != copy.sha256 and (copy.width, copy.height) == (320, 240)
    apart = hashes.distance(original.phash, copy.phash)
    assert apart <= settings.FACTCHECK_MEDIA_HASH_DISTANCE
    other = inspect(media_files.jpeg(seed=4))
    assert hashes.distance(original.phash, other.phash) > 2 * settings.FACTCHECK_MEDIA_HASH_DISTANCE


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("svg", SVG),
        ("html", HTML),
        ("html after a byte-order mark", b"\xef\xbb\xbf" + HTML),
        ("text", b"just words"),
    ],
)
def test_svg_and_html_disguised_as_jpg_are_refused(name, data):
    with pytest.raises(Refused, match="Not an image or video"):
        inspect(data)


@pytest.mark.parametrize(
    "data",
    [
        # Valid JPEG, with a page in its comment: a browser sniffing it would run the script.
        media_files.with_comment(media_files.jpeg(), b"<script>alert(1)</script>"),
        # A GIF header opening an HTML page (the classic GIF/JS polyglot).
        b"GIF89a/*<html><body onload=alert(1)>*/=1;",
    ],
)
def test_polyglots_with_markup_are_refused(data):
    with pytest.raises(Refused, match="markup"):
        inspect(data)


def test_an_image_with_an_archive_appended_is_refused():
    with pytest.raises(Refused, match="archive"):
        inspect(media_files.jpeg() + b"PK\x03\x04" + b"\0" * 26 + b"PK\x05\x06" + b"\0" * 18)


def test_a_truncated_or_mislabelled_image_is_refused():
    with pytest.raises(Refused, match="cannot be read"):
        inspect(media_files.jpeg()[:300])
    with pytest.raises(Refused, match="cannot be read"):
        inspect(b"\x89PNG\r\n\x1a\n" + media_files.jpeg()[2:])


def test_size_and_pixel_limits(settings):
    data = media_files.jpeg()
    settings.FACTCHECK_MEDIA_MAX_BYTES = len(data) - 1
    with pytest.raises(Refused, match="larger than"):
        inspect(data)
    settings.FACTCHECK_MEDIA_MAX_BYTES = len(data)
    settings.FACTCHECK_MEDIA_MAX_PIXELS = 640 * 480 - 1
    with pytest.raises(Refused, match="too many pixels"):
        inspect(data)


def test_video_metadata_by_hachoir_and_no_perceptual_hash():
    found = inspect(media_files.mp4(seconds=12.5))
    assert (found.kind, found.content_type) == ("video", "video/mp4")
    assert found.duration == 12.5
    assert found.captured_at == datetime(2022, 1, 5, 18, 30, tzinfo=UTC)
    assert found.phash == ""  # no keyframe without a video decoder: the digest only


def test_thumbnails_are_reencoded_jpegs_without_the_originals_bytes(settings):
    settings.FACTCHECK_MEDIA_THUMBNAIL_SIZE = 100
    original = media_files.with_comment(media_files.with_exif(), b"desk-marker")
    thumb = thumbnail(original)
    found = inspect(thumb)
    assert found.content_type == "image/jpeg" and max(found.width, found.height) == 100
    assert found.camera == "" and b"desk-marker" not in thumb


def test_bands_split_the_hash_and_the_query_covers_seven_bits():
    assert hashes.bands("0123456789abcdef") == [0x0123, 0x4567, 0x89AB, 0xCDEF]
    # 7 bits apart, spread over all four bands (2+2+2+1): no band is equal, one differs by a bit.
    a = "0000000000000000"
    b = f"{(0b11 << 48) | (0b11 << 32) | (0b11 << 16) | 0b1:016x}"
    assert hashes.distance(a, b) == 7
    query = hashes.band_query(a, max_distance=7)
    wanted = dict(zip(["phash_0", "phash_1", "phash_2", "phash_3"], hashes.bands(b), strict=True))
    assert any(value in dict(query.children)[f"{name}__in"] for name, value in wanted.items())
    # Within 3 bits one band must be equal: the values themselves are enough.
    narrow = hashes.band_query(a, max_distance=3)
    assert [len(values) for _name, values in narrow.children] == [1, 1, 1, 1]
