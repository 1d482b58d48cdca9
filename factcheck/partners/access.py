"""Who may read the feed, and how often: API keys, the anonymous switch, per-partner throttling."""

import functools
import hmac
import ipaddress
import logging
import math
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission
from rest_framework.throttling import BaseThrottle

from factcheck.partners.models import ApiKey, hash_key, split_key
from factcheck.rates import parse_rate

logger = logging.getLogger(__name__)

KEYWORD = "Api-Key"
# last_used_at is written at most this often per key, so reads do not turn into writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiKeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key fck_<prefix>_<secret>`: the partner owning a usable key."""

    # Whether a usable key may be taken from this process's memory (KeyMemory) instead of the
    # database: the verdict feed's fast path does (factcheck.api.feed), the other endpoints not.
    remembered = False

    def authenticate(self, request):
        header = get_authorization_header(request).decode("latin-1")
        scheme, _sep, raw = header.partition(" ")
        if scheme.lower() != KEYWORD.lower():
            return None
        key = usable_key(raw.strip(), remembered=self.remembered)
        return key.partner, key

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


def usable_key(raw: str, *, remembered: bool = False) -> ApiKey:
    """The usable key `raw` (with its partner), or AuthenticationFailed saying why not.

    With `remembered`, a key found usable within the last KEY_MEMORY_SECONDS is taken from this
    process's memory (no query): see KeyMemory for what that means for revocations.
    """
    prefix = split_key(raw)
    if prefix is None:
        raise AuthenticationFailed(
            _("Malformed API key: expected `Authorization: Api-Key fck_<prefix>_<secret>`.")
        )
    digest = hash_key(raw)
    key = KEYS.get(digest) if remembered else None
    if key is None:
        key = ApiKey.objects.select_related("partner").filter(prefix=prefix).first()
        if key is None or not hmac.compare_digest(key.hashed_key, digest):
            raise AuthenticationFailed(_("Invalid API key."))
        if key.revoked_at is not None:
            raise AuthenticationFailed(_("This API key has been revoked."))
        if not key.partner.is_active:
            raise AuthenticationFailed(_("This partner's access is suspended."))
        KEYS.put(digest, key)
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


# A key found usable is remembered this long by each server process (KeyMemory).
KEY_MEMORY_SECONDS = 5.0


class KeyMemory:
    """Usable keys this process has checked, by their hash, for KEY_MEMORY_SECONDS.

    Checking a key is a query per request, and a partner polling the feed sends the same key
    hundreds of times a second. Only usable keys are remembered (an unknown, revoked or
    suspended one is looked up every time), and not for long: a key revoked or a partner
    suspended or re-rated is refused (re-rated) by every process at most KEY_MEMORY_SECONDS
    later, and at once by the process that saved the change (forget_keys, on every save of a
    key or a partner: factcheck.partners.apps). The raw key is never kept, only its hash.
    """

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._keys: dict[str, tuple[float, ApiKey]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str) -> ApiKey | None:
        found = self._keys.get(digest)
        if found is None or self.clock() >= found[0]:
            return None
        return found[1]

    def put(self, digest: str, key: ApiKey) -> None:
        with self._lock:
            if len(self._keys) >= 10_000:  # a bound, whoever sends keys
                self._keys.clear()
            self._keys[digest] = (self.clock() + KEY_MEMORY_SECONDS, key)

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()


KEYS = KeyMemory()


def forget_keys(**kwargs) -> None:
    """A key or a partner was saved or deleted: this process checks every key again."""
    KEYS.clear()


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


class PartnerRateThrottle(BaseThrottle):
    """A limit per partner (all its keys together), or per address for anonymous clients.

    The count lives in the default cache, which settings make shared by every server process
    (the database cache, or Redis): a per-process cache would let each worker count on its own.
    It is kept by Allowances (below): one cache operation per block of requests, not a read and
    a write per request.
    """

    cache_format = "api-throttle:%(ident)s"

    def __init__(self):
        # The rate depends on who is asking, so it is set in allow_request, not from settings.
        # The cache is looked up per request (not at import), so settings changes apply.
        self.cache = caches["default"]
        self._wait = None

    def allow_request(self, request, view):
        partner = request.auth.partner if isinstance(request.auth, ApiKey) else None
        allowed, self._wait = admit(request, partner, self.cache)
        return allowed

    def wait(self):
        return self._wait


# Rates are a handful of strings asked for on every request: each parsed once.
_parsed = functools.lru_cache(maxsize=256)(parse_rate)


def rate_of(partner) -> tuple[int, int]:
    """(requests, seconds) allowed to this partner, or to an anonymous client (None)."""
    rate = (partner.throttle_rate if partner else "") or (
        settings.FACTCHECK_API_RATE if partner else settings.FACTCHECK_API_ANONYMOUS_RATE
    )
    try:
        return _parsed(rate)
    except ValueError:
        # Only a row written around full_clean() can hold a bad rate: use the desk's default
        # rather than answer every request of that partner with a 500.
        logger.error("Partner rate %r is not a rate; the default applies.", rate)
        return parse_rate(settings.FACTCHECK_API_RATE)


def admit(request, partner, cache=None) -> tuple[bool, float | None]:
    """(whether this request is within its client's limit, else the seconds to wait)."""
    ident = f"partner-{partner.pk}" if partner else f"anon-{client_address(request)}"
    limit, duration = rate_of(partner)
    cache = caches["default"] if cache is None else cache
    return ALLOWANCES.take(
        cache, PartnerRateThrottle.cache_format % {"ident": ident}, limit, duration
    )


# A client's window is handed out to the processes in about this many blocks.
BLOCKS_PER_WINDOW = 32


class _Window:
    __slots__ = ("limit", "duration", "start", "end", "left", "next_block", "exhausted", "lock")

    def __init__(self, limit, duration, start):
        self.limit, self.duration, self.start = limit, duration, start
        self.end = start + duration
        self.left = 0  # requests this process may still answer from its block
        self.next_block = 0  # the next block to ask the shared cache for
        self.exhausted = False  # every block is taken: refuse until the window ends
        self.lock = threading.Lock()


class Allowances:
    """A fixed window per client, shared by every process through the cache, taken in blocks.

    The first request of a client's window writes the window's start (`add`: whoever comes first
    sets it, every process reads the same). The window's `limit` requests are cut into
    BLOCKS_PER_WINDOW blocks (blocks of one request below that limit); a process takes the next
    free block with one atomic `add` of its key (atomic in every backend: the database cache's
    row key is unique, Redis sets if absent) and answers that many requests from memory before
    it asks for another. Hence:

    * never more than `limit` requests are answered in a window, across all processes: each is
      counted against a block taken by exactly one process;
    * a process holding part of a block when another runs out can make that other refuse early:
      at most (processes - 1) x (block size - 1) requests fewer than the limit, and only for a
      client at its limit (600/min: blocks of 19, two gunicorn workers: at least 582 answered);
      with limits of up to 32 requests a window, blocks are single requests and the count exact;
    * the shared cache is written once per block, not once per request: a partner polling at
      full speed costs the database cache one short transaction per block.

    Unlike Django REST framework's sliding window, a fixed window lets a client that waited for
    the next window spend a whole window's limit at once; Retry-After says when the window ends.
    """

    def __init__(self, clock=time.time):
        self.clock = clock  # wall-clock: window starts are compared across processes
        self._windows: dict[tuple, _Window] = {}
        self._lock = threading.Lock()

    def take(self, cache, key: str, limit: int, duration: int) -> tuple[bool, float | None]:
        now = self.clock()
        slot = (_store(cache), key)
        window = self._windows.get(slot)
        if (
            window is None
            or now >= window.end
            or (window.limit, window.duration)
            != (
                limit,
                duration,
            )
        ):
            window = self._open(cache, slot, key, limit, duration, now)
        with window.lock:
            if window.left > 0:
                window.left -= 1
                return True, None
            if not window.exhausted and self._claim(cache, key, window, now):
                return True, None
            window.exhausted = True
        return False, max(1.0, math.ceil(window.end - now))

    def _open(self, cache, slot, key, limit, duration, now) -> _Window:
        name = f"{key}:window"
        start = now if cache.add(name, now, timeout=duration) else cache.get(name)
        if not isinstance(start, (int, float)) or not start <= now < start + duration:
            # Gone meanwhile, or from another rate: this request starts a new window.
            start = now
            cache.set(name, now, timeout=duration)
        window = _Window(limit, duration, start)
        with self._lock:
            current = self._windows.get(slot)
            if current is not None and (current.start, current.limit) == (start, limit):
                return current  # another thread of this process opened it meanwhile
            if len(self._windows) >= 10_000:
                self._windows = {s: w for s, w in self._windows.items() if w.end > now}
            self._windows[slot] = window
        return window

    @staticmethod
    def _claim(cache, key: str, window: _Window, now: float) -> bool:
        size = math.ceil(window.limit / BLOCKS_PER_WINDOW)
        blocks = math.ceil(window.limit / size)
        timeout = max(1, math.ceil(window.end - now) + 1)
        while window.next_block < blocks:
            block = window.next_block
            window.next_block += 1
            if cache.add(f"{key}:{window.start:.6f}:{block}", 1, timeout=timeout):
                window.left = min(size, window.limit - block * size) - 1
                return True
        return False

    def clear(self) -> None:
        with self._lock:
            self._windows = {}


def _store(cache) -> tuple:
    """What a cache connection stores into: one value for all of this process's connections to
    the same store (Django makes a connection per thread), another for another store."""
    where = (
        getattr(cache, "_table", None)  # the database cache
        or tuple(getattr(cache, "_servers", ()))  # Redis
        or id(getattr(cache, "_cache", cache))  # local memory: its name's dict
    )
    return type(cache).__name__, where


ALLOWANCES = Allowances()
