"""Who may read the feed, and how often: API keys, the anonymous switch, per-partner throttling."""

import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from factcheck.partners.models import ApiKey, hash_key, split_key

KEYWORD = "Api-Key"
# last_used_at is written at most this often per key, so reads do not turn into writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'600/min' → (600, 60). Raises ValueError naming the expected form."""
    count, _sep, period = rate.partition("/")
    try:
        num = int(count)
        duration = _PERIODS[period.strip()[:1].lower()]
    except (ValueError, KeyError, IndexError):
        raise ValueError(
            f"{rate!r} is not a rate: write requests per period, e.g. 600/min, 20/s, 10000/day."
        ) from None
    if num < 1:
        raise ValueError(f"{rate!r} allows no request at all.")
    return num, duration


class ApiKeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key fck_<prefix>_<secret>`: the partner owning a usable key."""

    def authenticate(self, request):
        header = get_authorization_header(request).decode("latin-1")
        scheme, _sep, raw = header.partition(" ")
        if scheme.lower() != KEYWORD.lower():
            return None
        raw = raw.strip()
        prefix = split_key(raw)
        if prefix is None:
            raise AuthenticationFailed(
                _("Malformed API key: expected `Authorization: Api-Key fck_<prefix>_<secret>`.")
            )
        key = ApiKey.objects.select_related("partner").filter(prefix=prefix).first()
        if key is None or not hmac.compare_digest(key.hashed_key, hash_key(raw)):
            raise AuthenticationFailed(_("Invalid API key."))
        if key.revoked_at is not None:
            raise AuthenticationFailed(_("This API key has been revoked."))
        if not key.partner.is_active:
            raise AuthenticationFailed(_("This partner's access is suspended."))
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
        return key.partner, key

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


class PartnerOrOpenFeed(BasePermission):
    """A valid key, or no key at all when FACTCHECK_API_ANONYMOUS opens the feed to everyone."""

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiKey) or settings.FACTCHECK_API_ANONYMOUS


class PartnerRateThrottle(SimpleRateThrottle):
    """A sliding window per partner (all its keys together), or per address for anonymous clients.

    Uses the default cache; with several server processes give them a shared cache, or each
    process counts on its own.
    """

    cache_format = "api-throttle:%(ident)s"

    def __init__(self):
        # The rate depends on who is asking, so it is set in allow_request, not from settings.
        pass

    def allow_request(self, request, view):
        if isinstance(request.auth, ApiKey):
            partner = request.auth.partner
            rate = partner.throttle_rate or settings.FACTCHECK_API_RATE
            self.ident = f"partner-{partner.pk}"
        else:
            rate = settings.FACTCHECK_API_ANONYMOUS_RATE
            self.ident = f"anon-{self.get_ident(request)}"
        self.rate = rate
        self.num_requests, self.duration = parse_rate(rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"ident": self.ident}
