"""Abuse guards of the public forms that need no outside service: a rate per client address, a
signed "form served at" timestamp, and the honeypot field's name.

The rate is FACTCHECK_INTAKE_RATE, read by the one rate parser (factcheck.rates), counted in the
shared cache in a fixed window per address (every server process sees the same count: the
database cache or Redis, see settings). The address is the API's `client_address`, which trusts
X-Forwarded-For only from the desk's own proxies. The address is never stored in the database.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from factcheck.partners.access import client_address
from factcheck.rates import parse_rate

# A field no reader sees (hidden by the stylesheet, out of the tab order, labelled as such for
# screen readers): a bot filling every input fills it too.
HONEYPOT = "homepage"
_SALT = "factcheck.intake.form-served"


def now() -> float:
    """The clock of the guards (the tests set it)."""
    return time.time()


def _key(request, window: int) -> str:
    # Hashed: cache keys must be short and free of ':' from IPv6; the address stays unreadable.
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:24]
    return f"intake-rate:{address}:{window}"


def _window() -> tuple[int, int, int]:
    count, seconds = parse_rate(settings.FACTCHECK_INTAKE_RATE)
    return count, seconds, int(now()) // seconds


def rate_exceeded(request) -> bool:
    """Whether this address has used its submissions for the current window."""
    count, _seconds, window = _window()
    return (cache.get(_key(request, window)) or 0) >= count


def count_submission(request) -> None:
    """Count one submission (or one caught by the honeypot) against the address."""
    _count, seconds, window = _window()
    key = _key(request, window)
    cache.add(key, 0, timeout=seconds)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)


def issue_token(at: float | None = None) -> str:
    """The signed moment the form was served, sent back by the form (field `started`)."""
    return signing.dumps(int(now() if at is None else at), salt=_SALT)


@dataclass(frozen=True)
class Timing:
    ok: bool
    too_fast: bool = False
    stale: bool = False  # too old, forged or missing: ask the reader to send it again


def check_token(token: str) -> Timing:
    try:
        served = int(signing.loads(token or "", salt=_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return Timing(ok=False, stale=True)
    elapsed = now() - served
    if elapsed < settings.FACTCHECK_INTAKE_MIN_SECONDS:
        return Timing(ok=False, too_fast=True)
    if elapsed > settings.FACTCHECK_INTAKE_MAX_AGE_MINUTES * 60:
        return Timing(ok=False, stale=True)
    return Timing(ok=True)
