"""Reads of the public site and the partner feed from a streaming replica; everything else, primary.

Set DATABASE_REPLICA_URL and the settings add a `replica` database and this router. Which database
a query goes to is decided per request by `ReplicaMiddleware`, and by the router per model:

* Only a GET or HEAD of the public site or the partner API reads from the replica, and only the
  published content (the apps below: verdicts, claims, citations, sources, events). Sessions,
  users, API keys, the database cache (rate limits) and queued tasks are always read where they
  are written: a partner's new key, or an editor's new session, must work on its next request.
* The admin, every other method, every management command, task and migration: the primary. So is
  any read inside a transaction on the primary (a service reads before it writes).
* Read-your-writes: a request that may have written (any method but GET, HEAD, OPTIONS, e.g. the
  editor's Publish button, or a login) sets a signed cookie, and for REPLICA_PIN_SECONDS after it
  that browser's requests read from the primary. The editor who just published sees the
  published page at once, even while the replica lags.

What a reader sees while the replica lags: the desk as it was a moment ago, never something the
desk did not publish. A physical streaming replica replays the primary's committed transactions
in commit order, so its state is always one the primary has been in: a verdict retracted on the
primary stays readable on a lagging replica until replay reaches the retraction (it was public
until then), while a draft is never on any replica as published because no primary ever
committed it so. The feed stays exactly-once for the same reason: feed positions are taken in
commit order (services._stamp_release), and a replica that is behind shows a prefix of them, so
a partner's cursor never skips a change it has not yet seen.
"""

from __future__ import annotations

import contextvars
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
# Apps whose rows are the published content; everything else stays on the primary (see above).
PUBLISHED_APPS = frozenset({"factcheck", "sources", "events"})
# The cookie that pins a browser to the primary after it wrote; its value is signed (and the
# signature timestamped), so a client cannot forge a pin that never expires, and it holds nothing
# but the time of the write.
PIN_COOKIE = "fc_primary"
PIN_SALT = "factcheck.routers.pin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Whether this request (this thread or task) may read from the replica. Unset: no request, e.g.
# a management command, a task or a migration: the primary.
_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "factcheck_use_replica", default=False
)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_from_replica(allowed: bool = True):
    """Let published-content reads in this block go to the replica (the middleware's scope)."""
    token = _use_replica.set(allowed)
    try:
        yield
    finally:
        _use_replica.reset(token)


def read_connection(model):
    """The connection a raw SQL read of `model`'s published rows should use: routers only see the
    ORM's queries, and `django.db.connection` is always the primary."""
    from django.db import router

    return connections[router.db_for_read(model)]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _use_replica.get()
            and model._meta.app_label in PUBLISHED_APPS
            and replica_configured()
            # A read inside a transaction on the primary reads what that transaction sees.
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: rows from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Migrations run on the primary only; the replica receives them by replication.
        return db == DEFAULT_DB_ALIAS


def _is_public(path: str) -> bool:
    # The desk's own pages are editorial whatever the method; all else is the site or the API.
    return not path.startswith("/admin/")


class ReplicaMiddleware:
    """Decides, per request, whether its published-content reads may go to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        safe = request.method in SAFE_METHODS
        allowed = safe and _is_public(request.path_info) and not self.pinned(request)
        with reading_from_replica(allowed):
            response = self.get_response(request)
        if not safe:
            # The request may have written: read this browser's next pages from the primary
            # until the replica has had time to replay it.
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_signed_cookie(
                PIN_COOKIE,
                str(int(time.time())),
                salt=PIN_SALT,
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    @staticmethod
    def pinned(request) -> bool:
        # max_age checks the signature's own timestamp: an old cookie a browser kept is ignored.
        value = request.get_signed_cookie(
            PIN_COOKIE, default=None, salt=PIN_SALT, max_age=settings.REPLICA_PIN_SECONDS
        )
        return value is not None
