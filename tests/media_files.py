"""Images and a video for the media tests, made here by Pillow and by hand: no file from outside."""

import io
import random
import struct
from datetime import datetime

from PIL import ExifTags, Image, ImageDraw


def picture(seed: int = 0, size=(640, 480)) -> Image.Image:
    """A picture with structure (a gradient, shapes): something a perceptual hash can tell."""
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(20, 160)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape([x - r, y - r, x + r, y + r], fill=colour)
    return image


def encode(image: Image.Image, fmt: str = "JPEG", **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def jpeg(seed: int = 0, **options) -> bytes:
    return encode(picture(seed), "JPEG", quality=90, **options)


def with_exif(seed: int = 0) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "Canon EOS 5D Mark IV"
    exif[ExifTags.Base.Software] = "Firmware 1.2"
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = "2022:01:05 18:30:00"
    details[ExifTags.Base.OffsetTimeOriginal] = "+06:00"
    return jpeg(seed, exif=exif)


def resized_and_recompressed(data: bytes) -> bytes:
    """What a messenger does to a forwarded photo: half the size, a harsher JPEG."""
    image = Image.open(io.BytesIO(data))
    small = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
    return encode(small, "JPEG", quality=45)


def with_comment(data: bytes, comment: bytes) -> bytes:
    """A JPEG with a COM segment right after its start: still a valid JPEG."""
    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return data[:2] + segment + data[2:]


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4(taken=datetime(2022, 1, 5, 18, 30), seconds: float = 12.5) -> bytes:
    """A minimal MP4 container (ftyp, moov/mvhd, mdat): a creation time and a duration."""
    stamp = int((taken - datetime(1904, 1, 1)).total_seconds())
    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    mvhd = _box(
        b"mvhd",
        struct.pack(">IIIII", 0, stamp, stamp, 1000, int(seconds * 1000))
        + struct.pack(">IH", 0x10000, 0x100)
        + b"\0" * 10
        + matrix
        + b"\0" * 24
        + struct.pack(">I", 2),
    )
    ftyp = _box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2mp41")
    return ftyp + _box(b"moov", mvhd) + _box(b"mdat", b"\0" * 64)
