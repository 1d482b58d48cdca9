"""Settings for the fact-check desk.

Everything deployment-specific comes from the environment through the typed readers in
factcheck.envconf, which refuse bad values loudly. With nothing set, the desk runs locally on an
embedded SQLite file next to manage.py, reachable only from this machine.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from factcheck.envconf import (
    env_bool,
    env_cache,
    env_database,
    env_int,
    env_list,
    env_networks,
    env_rate,
    env_replica_database,
    env_str,
    env_timezone,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

_LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", _LOCAL_HOSTS)

# A fixed development key is acceptable only while the desk answers to this machine alone;
# anything reachable from outside must bring its own secret.
_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-for-a-public-desk"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY)
if SECRET_KEY == _DEV_SECRET_KEY and set(ALLOWED_HOSTS) - set(_LOCAL_HOSTS + ["testserver"]):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set but ALLOWED_HOSTS admits non-local hosts "
        f"({', '.join(ALLOWED_HOSTS)}): set SECRET_KEY to a long random value."
    )
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY is shorter than 32 characters.")

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must start with http:// or https://.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "factcheck.adminsite.DeskAdminConfig",  # django.contrib.admin with the desk's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "simple_history",
    "sources",
    "events",
    "factcheck",
    # The partner feed: partners, keys and webhooks (the REST API itself, factcheck.api, is no
    # app), OpenAPI docs served locally, webhook deliveries through django-tasks.
    "factcheck.partners",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    # Login throttling (factcheck/login_throttle.py) and the Content-Security-Policy header.
    "axes",
    "csp",
    # Django's own form widget templates, for FORM_RENDERER below.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whether this request's reads may go to the replica (DATABASE_REPLICA_URL), and the pin
    # to the primary after a write; before anything reads the database.
    "factcheck.routers.ReplicaMiddleware",
    # Shared-cache lifetime and surrogate keys for a CDN (factcheck/cdn.py); outside the
    # middleware that may set cookies, so that it sees them and never shares such an answer.
    "factcheck.cdn.CdnMiddleware",
    "factcheck.middleware.RejectNulInQueryMiddleware",
    # Public pages never render a directional override that would reverse a quote (the stored
    # text keeps it; the desk warns its author).
    "factcheck.middleware.InertBidiMiddleware",
    # Partners' plain polls of the verdict feed and the claims list, answered here without the
    # site's middleware below, which they do not need (factcheck.api.feed.PlainPollMiddleware).
    "factcheck.api.feed.PlainPollMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The public site's language from its URL prefix (/en/, /ru/); `/` redirects by Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a login refused for a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Widgets render through the project's template engine, so templates/ may override a widget's
# template: the admin's date-and-time widget labels its two inputs there (WCAG 1.3.1).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite: wait for a writer instead of failing at once, and never keep connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].pop("CONN_HEALTH_CHECKS", None)
    # The busy timeout alone does not make writers wait: a transaction that has read takes the
    # write lock only at its first write, and SQLite refuses that upgrade at once ("database is
    # locked") while another writer holds the lock, since waiting could deadlock. The services
    # read before they write, so every transaction takes the write lock when it begins
    # (IMMEDIATE) and queues behind the others for up to `timeout` seconds. WAL lets pages and
    # the API read while someone writes; synchronous=NORMAL is WAL's usual pairing (a commit
    # survives the process crashing; only a power cut can lose the last few).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A streaming replica of the PostgreSQL primary (DATABASE_REPLICA_URL): the public site's and the
# partner feed's reads go there, everything editorial to the primary, and a browser that just
# wrote reads from the primary for DATABASE_REPLICA_PIN_SECONDS (factcheck/routers.py).
_replica = env_replica_database("DATABASE_REPLICA_URL", DATABASES["default"])
if _replica:
    # In tests the replica is no database to create: it mirrors the test database, and a test
    # that uses the real replica points the alias at it (tests/test_replica.py).
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
DATABASE_ROUTERS = ["factcheck.routers.ReplicaRouter"]
REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 30, minimum=1)

# PostgreSQL: keep a connection open for DATABASE_CONN_MAX_AGE seconds (0: one per request), and
# check a kept connection with a cheap query before a request's first use of it, so that after the
# server restarts (or fails over) each worker reconnects instead of answering 500 on a dead socket.
# bench/pg_restart.py measures it.
# DATABASE_POOL=true instead keeps a psycopg pool per worker process (Django's OPTIONS["pool"]):
# the threads of a worker share at most DATABASE_POOL_MAX_SIZE connections, checked when taken
# from the pool, and a request waits up to DATABASE_POOL_TIMEOUT seconds for one. Django allows
# no persistent connections beside a pool (CONN_MAX_AGE 0).
_POOL = env_bool("DATABASE_POOL", False)
for _alias in DATABASES:
    _db = DATABASES[_alias]
    if not _db["ENGINE"].endswith("postgresql"):
        continue
    _db["CONN_HEALTH_CHECKS"] = True
    # Behind PgBouncer in transaction mode, a server-side cursor could not outlive its statement.
    _db["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DATABASE_DISABLE_SERVER_SIDE_CURSORS", False)
    if _POOL:
        # (CONN_HEALTH_CHECKS makes Django give the pool its connection check.)
        _db["CONN_MAX_AGE"] = 0
        _db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2, minimum=0),
            "max_size": env_int("DATABASE_POOL_MAX_SIZE", 4, minimum=1),
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 10, minimum=1),
        }
    else:
        _db["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)

# Rate limits and the API's Last-Modified memory must be shared by every server process (a
# per-process cache let each gunicorn worker grant a partner its whole rate): the database cache
# by default, nothing to install; Redis when REDIS_URL is set (pip install '.[redis]').
CACHE_TABLE = "factcheck_cache"
CACHES = {"default": env_cache("REDIS_URL", CACHE_TABLE)}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_timezone("TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "static/"
# Uploaded and archived files (WARC captures of cited pages) in the default storage below.
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "desk@localhost")

# --- HTTPS and browser protections -------------------------------------------------------------
# Off by default, so that `make run` serves plain http on this machine; a public desk turns them on
# from the environment (`manage.py check --deploy` then passes: tests/test_production_settings.py).
# Behind a TLS-terminating proxy, BEHIND_PROXY=true trusts its X-Forwarded-Proto header: only set it
# when the proxy overwrites that header, or a client could claim https itself.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool(
    "SECURE_COOKIES", SITE_URL.startswith("https://")
)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp) on every response: scripts only from the desk's own static
# files, so markup that slipped into a page could not run. Styles may be inline: the admin's
# templates, the site's rating bars and Redoc (which injects its styles at run time) need it, and
# style carries far less risk than script. Redoc's search runs in a worker it builds from a blob.
# JSON-LD (<script type="application/ld+json">) is data, which the policy does not govern.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Login throttling (django-axes) ---------------------------------------------------------
# A login that fails FACTCHECK_LOGIN_FAILURE_LIMIT times for one username from one address is
# refused for that pair until FACTCHECK_LOGIN_COOLOFF_MINUTES pass without another try (each try
# during the lockout restarts the wait), or until an administrator deletes the attempts (admin:
# Axes, "Access attempts"). Keyed by the pair, not by either alone: a guesser cannot lock an editor
# out of their own desk from elsewhere, nor lock a whole newsroom behind one office address.
# Every failure is kept in the access failure log, lockouts marked, and every login in the access
# log. The address is REMOTE_ADDR, which a client cannot forge; behind a proxy every client shares
# the proxy's, and the lockout is then in effect per account.
AUTHENTICATION_BACKENDS = [
    "factcheck.login_throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("FACTCHECK_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("FACTCHECK_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "factcheck.login_throttle.lockout_response"
# The client behind our own proxies, as the API's anonymous limit sees it (FACTCHECK_TRUSTED_PROXIES):
# without it, every login behind a proxy would share the proxy's address.
AXES_CLIENT_IP_CALLABLE = "factcheck.login_throttle.login_address"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- The desk's own settings ---------------------------------------------------------------

# Time zone in which new events are entered and shown when an event names none.
EVENT_TIME_ZONE = env_timezone("EVENT_TIME_ZONE", "UTC")

# The desk's name on the public site, in feeds and in ClaimReview's author; empty: the translated
# default, "Fact-check desk".
SITE_NAME = env_str("SITE_NAME", "")

# How many distinct editors must approve a verdict before it can be published
# (PolitiFact-style panels use 2 of 3).
FACTCHECK_APPROVALS_REQUIRED = env_int("FACTCHECK_APPROVALS_REQUIRED", 1, minimum=1)

# The languages a verdict can have a version in (issue 11): its own language and a translation in
# each other one, reviewed and published together (factcheck.models.VerdictTranslation). The site's
# languages by default; a language added here (Kazakh) needs its site language too to be read.
FACTCHECK_VERDICT_LANGUAGES = env_list(
    "FACTCHECK_VERDICT_LANGUAGES", [code for code, _name in LANGUAGES]
)

# --- The partner feed (factcheck.api, /api/v1/; factcheck.partners) --------------------------

# Whether clients without an API key may read the feed (at the anonymous rate).
FACTCHECK_API_ANONYMOUS = env_bool("FACTCHECK_API_ANONYMOUS", False)
# Requests per period (s, min, hour, day) for each partner, all its keys together, unless the
# partner has its own rate in the admin; and for each anonymous client address.
FACTCHECK_API_RATE = env_rate("FACTCHECK_API_RATE", "600/min")
FACTCHECK_API_ANONYMOUS_RATE = env_rate("FACTCHECK_API_ANONYMOUS_RATE", "60/min")
# Proxies (addresses or CIDR networks) whose X-Forwarded-For names the client for the anonymous
# rate; empty: the header is ignored and the connecting address counts.
FACTCHECK_TRUSTED_PROXIES = env_networks("FACTCHECK_TRUSTED_PROXIES")
# Webhook deliveries: attempts before giving up, the first retry's delay in seconds (doubling at
# each further retry) and the time a partner's server has to answer.
FACTCHECK_WEBHOOK_MAX_ATTEMPTS = env_int("FACTCHECK_WEBHOOK_MAX_ATTEMPTS", 8, minimum=1)
FACTCHECK_WEBHOOK_BACKOFF_SECONDS = env_int("FACTCHECK_WEBHOOK_BACKOFF_SECONDS", 30, minimum=1)
FACTCHECK_WEBHOOK_TIMEOUT = env_int("FACTCHECK_WEBHOOK_TIMEOUT", 5, minimum=1)
# Webhook URLs must be http(s) on public addresses (checked on save and again after DNS at each
# delivery: factcheck.partners.addresses); host names listed here are exempt (a partner's test
# server on the private network).
FACTCHECK_WEBHOOK_ALLOWED_HOSTS = env_list("FACTCHECK_WEBHOOK_ALLOWED_HOSTS", [])

# --- Archived copies of cited pages (sources/archiving; README, "Archived copies") -----------------
# Every cited URL is fetched by a background task and stored as a WARC file in the default storage
# (MEDIA_ROOT, or S3-compatible storage through django-storages: see the README). Only http(s) on
# public addresses, checked after DNS at every redirect; host names listed here are exempt (a test
# server). Limits: payload size, seconds per connect/read and in all, redirects followed.
FACTCHECK_ARCHIVE_ALLOWED_HOSTS = env_list("FACTCHECK_ARCHIVE_ALLOWED_HOSTS", [])
FACTCHECK_ARCHIVE_MAX_BYTES = env_int("FACTCHECK_ARCHIVE_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
FACTCHECK_ARCHIVE_TIMEOUT = env_int("FACTCHECK_ARCHIVE_TIMEOUT", 10, minimum=1)
FACTCHECK_ARCHIVE_TOTAL_TIMEOUT = env_int("FACTCHECK_ARCHIVE_TOTAL_TIMEOUT", 60, minimum=1)
FACTCHECK_ARCHIVE_MAX_REDIRECTS = env_int("FACTCHECK_ARCHIVE_MAX_REDIRECTS", 5, minimum=0)
# A capture that failed on the network (timeout, connection reset) is tried again later.
FACTCHECK_ARCHIVE_MAX_ATTEMPTS = env_int("FACTCHECK_ARCHIVE_MAX_ATTEMPTS", 5, minimum=1)
FACTCHECK_ARCHIVE_BACKOFF_SECONDS = env_int("FACTCHECK_ARCHIVE_BACKOFF_SECONDS", 300, minimum=1)
# Optional (off when empty): also ask a public web archive to save each cited URL, e.g.
# "https://web.archive.org/save/"; the cited URL is appended to it and the request goes through the
# same guarded fetcher. Where the save service redirects to its copy, that copy's address fills the
# citation's empty "archived copy" field.
FACTCHECK_PUBLIC_ARCHIVE_SAVE_URL = env_str("FACTCHECK_PUBLIC_ARCHIVE_SAVE_URL", "")

# --- Images and video as evidence (sources/media; README, "Media evidence") ---------------------
# Uploads and media fetched from a URL: at most this many bytes (fetching stops there), and images
# of at most this many pixels (a small file can decode to gigabytes: a "decompression bomb").
FACTCHECK_MEDIA_MAX_BYTES = env_int("FACTCHECK_MEDIA_MAX_BYTES", 100 * 1024 * 1024, minimum=1)
FACTCHECK_MEDIA_MAX_PIXELS = env_int("FACTCHECK_MEDIA_MAX_PIXELS", 50_000_000, minimum=1)
# Two images whose 64-bit perceptual hashes (imagehash.phash) differ in at most this many bits are
# "the same picture": a resize or a JPEG recompression moves a few bits (0-4 in practice), an
# unrelated picture about half of them (~32). 6 leaves room for a crop of the edges or a caption
# strip without matching unrelated pictures. At most 7: the candidate lookup (sources.media.
# hashes) finds every hash within 7 bits through the four 16-bit bands, and no further.
FACTCHECK_MEDIA_HASH_DISTANCE = env_int("FACTCHECK_MEDIA_HASH_DISTANCE", 6, minimum=0)
if FACTCHECK_MEDIA_HASH_DISTANCE > 7:
    raise ImproperlyConfigured("FACTCHECK_MEDIA_HASH_DISTANCE must be at most 7 (bits).")
FACTCHECK_MEDIA_THUMBNAIL_SIZE = env_int("FACTCHECK_MEDIA_THUMBNAIL_SIZE", 480, minimum=16)

# Notification mail is sent by a background task (factcheck.tasks), never in the request: when the
# mail server fails, the task tries again after the backoff (doubling each time) this many times.
FACTCHECK_MAIL_MAX_ATTEMPTS = env_int("FACTCHECK_MAIL_MAX_ATTEMPTS", 8, minimum=1)
FACTCHECK_MAIL_BACKOFF_SECONDS = env_int("FACTCHECK_MAIL_BACKOFF_SECONDS", 60, minimum=1)

# Background tasks (webhook deliveries) wait in the database until `manage.py db_worker` runs
# them: no other service. TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs them
# inside the request instead (no retries then).
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Behind a CDN (factcheck/cdn.py; README, "Behind a CDN") ------------------------------------
# Seconds a CDN may serve a public page or an anonymous API answer without asking (s-maxage); 0:
# none, answers keep "no-cache" (stored, revalidated each time), for a desk with no CDN purging.
FACTCHECK_CDN_MAX_AGE = env_int("FACTCHECK_CDN_MAX_AGE", 0, minimum=0)
# Seconds past that it may serve a stale copy while it fetches a fresh one (stale-while-revalidate).
FACTCHECK_CDN_STALE_SECONDS = env_int("FACTCHECK_CDN_STALE_SECONDS", 30, minimum=0)
# Where a release's purge is POSTed (keys in a Surrogate-Key header and a {"tags": [...]} body),
# with the token as a Bearer credential; empty: no purges.
FACTCHECK_CDN_PURGE_URL = env_str("FACTCHECK_CDN_PURGE_URL", "")
if FACTCHECK_CDN_PURGE_URL and not FACTCHECK_CDN_PURGE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("FACTCHECK_CDN_PURGE_URL must start with http:// or https://.")
FACTCHECK_CDN_PURGE_TOKEN = env_str("FACTCHECK_CDN_PURGE_TOKEN", "")
FACTCHECK_CDN_PURGE_TIMEOUT = env_int("FACTCHECK_CDN_PURGE_TIMEOUT", 5, minimum=1)
FACTCHECK_CDN_PURGE_MAX_ATTEMPTS = env_int("FACTCHECK_CDN_PURGE_MAX_ATTEMPTS", 5, minimum=1)

REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check desk: partner API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "factcheck.api.schema.finish",
    ],
    "ENUM_NAME_OVERRIDES": {
        "SourceKindEnum": "sources.models.Source.Kind",
        "NoteKindEnum": "factcheck.models.Verdict.NoteKind",
        "PrecisionEnum": "events.precision.Precision",
        # Named, or drf-spectacular names it by a hash and `check --deploy` warns (W001).
        "ClaimStatusEnum": "factcheck.models.claims.Claim.Status",
    },
}

# --- The desk's work (issue 11: assignment with deadlines) ------------------------------------
# The admin index's "due soon": open work due within this many hours (overdue work is listed apart).
FACTCHECK_DUE_SOON_HOURS = env_int("FACTCHECK_DUE_SOON_HOURS", 24, minimum=1)

# --- Readers talk to the desk (issue 12: intake) -----------------------------------------------
# Submissions (claims to check, correction requests) accepted per client address: the rate rule of
# factcheck.rates, counted in the cache (factcheck.intake.guards).
FACTCHECK_INTAKE_RATE = env_rate("FACTCHECK_INTAKE_RATE", "5/hour")
# A form sent back sooner than this after it was served is refused (a script, not a reader); one
# older than the maximum is shown again, filled in, with a fresh token.
FACTCHECK_INTAKE_MIN_SECONDS = env_int("FACTCHECK_INTAKE_MIN_SECONDS", 3, minimum=0)
FACTCHECK_INTAKE_MAX_AGE_MINUTES = env_int("FACTCHECK_INTAKE_MAX_AGE_MINUTES", 120, minimum=1)
# The largest screenshot accepted, in bytes.
FACTCHECK_INTAKE_SCREENSHOT_MAX_BYTES = env_int(
    "FACTCHECK_INTAKE_SCREENSHOT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024
)
# Days after which a submission's reply address and screenshot are erased (the text is kept).
FACTCHECK_INTAKE_PERSONAL_DATA_DAYS = env_int("FACTCHECK_INTAKE_PERSONAL_DATA_DAYS", 90, minimum=1)
# Working days within which the desk answers a correction request (said on the corrections page).
FACTCHECK_CORRECTION_RESPONSE_DAYS = env_int("FACTCHECK_CORRECTION_RESPONSE_DAYS", 5, minimum=1)
