"""Request rates ("600/min"): the one parser behind the settings, the partner's own rate and the throttle.

A rate is a whole number of requests, a slash and one of the units below, nothing else. Before this
module, the environment reader and the partner form each had their own rule, and the form's
("anything starting with s, m, h or d") took `100/month` and enforced it as 100 per minute.

Pure Python with no Django imports beyond the exception and translation helpers, because the
settings module reads rates before Django is set up.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Accepted units and their length in seconds; nothing else (no month: a throttle window that
# long would be kept in the cache for weeks, and "per month" is a quota, not a rate).
UNITS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}
# Beyond this, a limit means nothing (and keeps a history list of that length per client).
MAX_REQUESTS = 1_000_000
_RATE = re.compile(r"([1-9][0-9]{0,6})/([a-z]+)")


def describe() -> str:
    return ", ".join(UNITS)


def parse_rate(rate: str) -> tuple[int, int]:
    """'600/min' → (600, 60). Raises ValueError naming the accepted form and units."""
    match = _RATE.fullmatch(rate.strip()) if isinstance(rate, str) else None
    if match is None or match.group(2) not in UNITS or int(match.group(1)) > MAX_REQUESTS:
        raise ValueError(
            f"{rate!r} is not a rate: write requests/unit, from 1 to {MAX_REQUESTS} requests, "
            f"e.g. 600/min, 10/s, 5000/day; units: {describe()}."
        )
    return int(match.group(1)), UNITS[match.group(2)]


def validate_rate(value: str) -> None:
    """Model field validator (Partner.throttle_rate): the same rule as the environment's."""
    try:
        parse_rate(value)
    except ValueError:
        raise ValidationError(
            _(
                "“%(value)s” is not a rate: write requests/unit, from 1 to %(max)s requests, "
                "e.g. 600/min, 10/s or 5000/day. Units: %(units)s."
            ),
            code="invalid_rate",
            params={"value": value, "max": MAX_REQUESTS, "units": describe()},
        ) from None
