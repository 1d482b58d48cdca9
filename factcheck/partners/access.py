"""Who may read the feed, and how often: API keys, the anonymous switch, per-partner throttling."""

import hmac
import ipaddress
import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from factcheck.partners.models import ApiKey, hash_key, split_key
from factcheck.rates import parse_rate

logger = logging.getLogger(__name__)

KEYWORD = "Api-Key"
# last_used_at is written at most this often per key, so reads do not turn into writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)


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


def client_address(request) -> str:
    """The address a request comes from, trusting `X-Forwarded-For` only from our own proxies.

    Without FACTCHECK_TRUSTED_PROXIES the header is ignored: anyone can send it, and trusting it
    gave every made-up value an allowance of its own (DRF's default reads it as is). Behind
    trusted proxies, the client is the nearest address not one of them, read from the right:
    the left end of the header is whatever the client wrote.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = trusted_proxies()
    if not trusted or not _is_trusted(remote, trusted):
        return str(remote)
    client = remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            break  # garbage from here leftwards: the last proxy we trust saw `client`
        client = address
        if not _is_trusted(address, trusted):
            break
    return str(client)


def trusted_proxies() -> list:
    return [ipaddress.ip_network(net, strict=False) for net in settings.FACTCHECK_TRUSTED_PROXIES]


def _address(raw: str):
    try:
        return ipaddress.ip_address(raw.strip())
    except ValueError:
        return None


def _is_trusted(address, networks) -> bool:
    return any(address.version == net.version and address in net for net in networks)


class PartnerRateThrottle(SimpleRateThrottle):
    """A sliding window per partner (all its keys together), or per address for anonymous clients.

    The history lives in the default cache, which settings make shared by every server process
    (the database cache, or Redis): a per-process cache would let each worker count on its own.
    """

    cache_format = "api-throttle:%(ident)s"

    def __init__(self):
        # The rate depends on who is asking, so it is set in allow_request, not from settings.
        # The cache is looked up per request (not at import), so settings changes apply.
        self.cache = caches["default"]

    def allow_request(self, request, view):
        if isinstance(request.auth, ApiKey):
            partner = request.auth.partner
            self.rate = partner.throttle_rate or settings.FACTCHECK_API_RATE
            self.ident = f"partner-{partner.pk}"
        else:
            self.rate = settings.FACTCHECK_API_ANONYMOUS_RATE
            self.ident = f"anon-{client_address(request)}"
        try:
            self.num_requests, self.duration = parse_rate(self.rate)
        except ValueError:
            # Only a row written around full_clean() can hold a bad rate: use the desk's default
            # rather than answer every request of that partner with a 500.
            logger.error("Partner rate %r is not a rate; the default applies.", self.rate)
            self.rate = settings.FACTCHECK_API_RATE
            self.num_requests, self.duration = parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"ident": self.ident}
