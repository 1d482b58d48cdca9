"""Finding the same picture among the media cited before, by perceptual hash (imagehash.phash).

A phash is 64 bits; two copies of one picture, resized or recompressed, differ in a few of them
(their Hamming distance), unrelated pictures in about half. FACTCHECK_MEDIA_HASH_DISTANCE is the
largest distance still called "the same picture" (at most 7).

The archive cannot be compared row by row in Python, so the hash is also stored as four 16-bit
bands (Media.phash_0..3, one index each). If two hashes differ in at most 7 bits, those bits fall
in four bands, so one band holds at most one of them (7 // 4 = 1): that band is equal, or differs
in one bit. The lookup asks, per band, for the value itself and its 16 one-bit neighbours (just
the value when the distance is at most 3, where some band must be equal), which finds every
hash within the distance and, at a million images, a few hundred candidates; Python then keeps
those truly within the distance.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet

BANDS = 4
BAND_BITS = 16
MASK = (1 << BAND_BITS) - 1
# Bound on the candidates read for one image: unreachable for real pictures (see above); a flat
# grey image, whose hash half the archive might share, reads no more than this.
MAX_CANDIDATES = 2000


def bands(phash: str) -> list[int]:
    """The hash's four 16-bit bands, most significant first (Media.phash_0 .. phash_3)."""
    value = int(phash, 16)
    return [(value >> (BAND_BITS * (BANDS - 1 - i))) & MASK for i in range(BANDS)]


def distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def band_query(phash: str, max_distance: int | None = None) -> Q:
    """WHERE phash_0 IN (...) OR … OR phash_3 IN (...): every stored hash within the distance."""
    limit = settings.FACTCHECK_MEDIA_HASH_DISTANCE if max_distance is None else max_distance
    radius = limit // BANDS  # 0 or 1 for a distance of at most 7
    query = Q()
    for index, band in enumerate(bands(phash)):
        values = {band}
        if radius:
            values.update(band ^ (1 << bit) for bit in range(BAND_BITS))
        query |= Q(**{f"phash_{index}__in": sorted(values)})
    return query


def candidates(queryset: QuerySet, phash: str) -> QuerySet:
    return queryset.filter(band_query(phash)).order_by("pk")[:MAX_CANDIDATES]
