"""What a file is, decided by its content alone, and what it says about itself.

A file's name and the type its sender or server claims are not believed: the first bytes must be
those of one of the formats accepted below, an image must decode as that very format, and no
file may carry markup a browser would run if it ever read the file as a page (an SVG or HTML
page renamed .jpg, a JPEG with a <script> in a comment, a GIF with a Java archive appended: the
"polyglots"). What is accepted is served only with the type decided here, never sniffed
(sources.media.views), and thumbnails are re-encoded from decoded pixels, so they carry nothing
of the original's bytes.

Video: the container's metadata (duration, size, creation date, recording device) is read with
hachoir, in pure Python; a keyframe would need a video decoder (ffmpeg), so videos have a digest
but no perceptual hash: a re-encoded copy of a video is not recognised.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import imagehash
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

# The formats accepted, by their first bytes, with the only type each is served as.
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
VIDEO_TYPES = {"mp4": "video/mp4", "quicktime": "video/quicktime", "webm": "video/webm"}

# Where browsers sniff (the first 512 bytes, with room): no markup at all.
HEAD = 1024
HEAD_MARKUP = re.compile(
    rb"<(?:!doctype|html|head|body|script|svg|iframe|object|embed|\?xml)", re.IGNORECASE
)
# Anywhere in the file: markers long enough that compressed pixels do not spell them by chance
# (at least 7 bytes: once in 10^16 positions, case folded).
ANY_MARKUP = re.compile(rb"<script|<iframe|<!doctype|javascript:", re.IGNORECASE)
# A ZIP archive's end record near the end: a Java archive or an Office file appended to a GIF.
ZIP_END = b"PK\x05\x06"


class Refused(ValueError):
    """Not a file the desk accepts as evidence; the message says why, for the form."""


@dataclass
class Inspected:
    kind: str  # Media.Kind: "image" or "video"
    content_type: str
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    captured_at: datetime | None = None
    camera: str = ""
    phash: str = ""
    metadata: dict = field(default_factory=dict)


def sniff(data: bytes) -> tuple[str, str] | None:
    """(kind, content type) from the first bytes, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image", IMAGE_TYPES["JPEG"]
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image", IMAGE_TYPES["PNG"]
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image", IMAGE_TYPES["GIF"]
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image", IMAGE_TYPES["WEBP"]
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        return "video", VIDEO_TYPES["quicktime" if brand == b"qt  " else "mp4"]
    if data.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: Matroska and WebM
        return "video", VIDEO_TYPES["webm"]
    return None


def check_markup(data: bytes) -> None:
    if HEAD_MARKUP.search(data[:HEAD]) or ANY_MARKUP.search(data):
        raise Refused(_("The file carries web-page markup (a script or a page inside it)."))
    if ZIP_END in data[-(65536 + 22) :]:
        raise Refused(_("The file has an archive appended to it."))


def inspect(data: bytes) -> Inspected:
    """What `data` is, with its metadata; raises Refused for anything not accepted."""
    limit = settings.FACTCHECK_MEDIA_MAX_BYTES
    if len(data) > limit:
        raise Refused(_("The file is larger than %(limit)s bytes.") % {"limit": limit})
    found = sniff(data)
    if found is None:
        raise Refused(
            _(
                "Not an image or video in an accepted format (JPEG, PNG, GIF, WebP, MP4, QuickTime, WebM)."
            )
        )
    check_markup(data)
    kind, content_type = found
    result = Inspected(
        kind=kind,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    if kind == "image":
        _image(data, content_type, result)
    else:
        _video(data, result)
    return result


def open_image(data: bytes) -> Image.Image:
    """The decoded image, checked to be the format its first bytes say and of a bounded size."""
    try:
        image = Image.open(io.BytesIO(data), formats=list(IMAGE_TYPES))
        width, height = image.size
        if width * height > settings.FACTCHECK_MEDIA_MAX_PIXELS:
            raise Refused(_("The image has too many pixels."))
        image.load()
    except Refused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Refused(
            _("The image cannot be read: damaged or not what its first bytes say.")
        ) from None
    return image


def _image(data: bytes, content_type: str, result: Inspected) -> None:
    image = open_image(data)
    if IMAGE_TYPES.get(image.format or "") != content_type:
        raise Refused(_("The image cannot be read: damaged or not what its first bytes say."))
    exif = image.getexif()
    upright = ImageOps.exif_transpose(image)
    result.width, result.height = upright.size
    result.phash = str(imagehash.phash(upright))
    base = {ExifTags.TAGS.get(tag, str(tag)): value for tag, value in exif.items()}
    details = {
        ExifTags.TAGS.get(tag, str(tag)): value
        for tag, value in exif.get_ifd(ExifTags.IFD.Exif).items()
    }
    make, model = _text(base.get("Make")), _text(base.get("Model"))
    result.camera = (model if make and model.startswith(make) else f"{make} {model}").strip()[:200]
    taken = _text(details.get("DateTimeOriginal")) or _text(base.get("DateTime"))
    result.captured_at = _exif_time(taken, _text(details.get("OffsetTimeOriginal")))
    kept = {
        "Make": make,
        "Model": model,
        "Software": _text(base.get("Software")),
        "DateTimeOriginal": _text(details.get("DateTimeOriginal")),
        "DateTime": _text(base.get("DateTime")),
        "OffsetTimeOriginal": _text(details.get("OffsetTimeOriginal")),
        "Orientation": base.get("Orientation"),
        "format": image.format,
    }
    if exif.get_ifd(ExifTags.IFD.GPSInfo):
        kept["GPS"] = True  # that it has a position; the desk reads it from the file itself
    result.metadata = {key: value for key, value in kept.items() if value not in ("", None)}


def _text(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip("\x00 ").strip() if value is not None else ""


def _exif_time(value: str, offset: str) -> datetime | None:
    """EXIF's "2022:01:05 18:30:00", in the offset it names, else read as UTC (EXIF times are the
    camera's local clock; the desk corrects them on the form when it knows the zone)."""
    try:
        moment = datetime.strptime(value, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if offset:
        try:
            return datetime.fromisoformat(moment.isoformat() + offset)
        except ValueError:
            pass
    return moment.replace(tzinfo=UTC)


def _video(data: bytes, result: Inspected) -> None:
    from hachoir.core import config as hachoir_config
    from hachoir.metadata import extractMetadata
    from hachoir.parser import guessParser
    from hachoir.stream import InputIOStream

    hachoir_config.quiet = True  # it would print its parse warnings to stderr
    try:
        parser = guessParser(InputIOStream(io.BytesIO(data), source="media", tags=[]))
        metadata = extractMetadata(parser) if parser else None
    except Exception:  # noqa: BLE001 - a malformed container is stored without metadata
        metadata = None
    if metadata is None:
        result.metadata = {"unreadable": True}
        return
    duration = _meta(metadata, "duration")
    if duration is not None:
        result.duration = duration.total_seconds()
    result.width, result.height = _meta(metadata, "width"), _meta(metadata, "height")
    created = _meta(metadata, "creation_date")
    if isinstance(created, datetime) and created.year > 1904:  # 1904: QuickTime's "not set"
        result.captured_at = created if created.tzinfo else created.replace(tzinfo=UTC)
    result.camera = str(_meta(metadata, "camera_model") or _meta(metadata, "producer") or "")[:200]
    result.metadata = {
        key: str(value)
        for key in ("creation_date", "producer", "camera_model", "mime_type", "duration")
        if (value := _meta(metadata, key)) is not None
    }


def _meta(metadata, key):
    try:
        return metadata.get(key) if metadata.has(key) else None
    except (ValueError, KeyError):
        return None


def thumbnail(data: bytes) -> bytes:
    """A JPEG re-encoded from the decoded pixels, upright, at most FACTCHECK_MEDIA_THUMBNAIL_SIZE."""
    image = ImageOps.exif_transpose(open_image(data))
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    side = settings.FACTCHECK_MEDIA_THUMBNAIL_SIZE
    image.thumbnail((side, side))
    # Nothing of the original but its pixels: Pillow would carry a JPEG comment over from info.
    image.info = {}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()
