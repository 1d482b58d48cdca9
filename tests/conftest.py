import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from tests.accessibility import axe_available

# The seed reports the demo is quoted from, beside the clone as the project was given them, or
# wherever FACTCHECK_SEEDS_DIR points; the verbatim-quote tests skip where neither exists.
SEEDS_DIR = Path(
    os.environ.get("FACTCHECK_SEEDS_DIR")
    or Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# axe-core for the accessibility checks in the browser tests (tests/accessibility.py).
AXE_INSTALLED = axe_available()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.FACTCHECK_APPROVALS_REQUIRED = 1
    # Local memory: no cache queries in the query counts. The shared caches the desk runs on
    # (database, Redis) are tested in tests/test_api_hardening.py.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # What each server process remembers (rate-limit blocks, keys checked, the feed's position
    # and pages): a new process per test, as the cache is new per test.
    from tests.factories.process import forget_process_memory

    forget_process_memory()
    # Stored files (archived copies of cited pages) go to a directory of the test's own.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # A request through LocaleMiddleware leaves its language active in the thread: a test that
    # asked for a Russian page would otherwise turn the next test's messages Russian.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _migrated_rows(request):
    """Before each transactional test, the rows the data migrations made, which an earlier
    transactional test's flush removed (tests/factories/migrated.py)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return
    request.getfixturevalue("transactional_db")
    from tests.factories.migrated import restore_migrated_rows

    restore_migrated_rows()


def _user(username: str, group: str | None, **extra) -> User:
    user = User.objects.create_user(
        username=username,
        password="pw-" + username,
        email=f"{username}@desk.test",
        is_staff=True,
        **extra,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def reporter(db):
    return _user("rita", "reporter", first_name="Rita", last_name="Reporter")


@pytest.fixture
def other_reporter(db):
    return _user("oleg", "reporter", first_name="Oleg", last_name="Reporter")


@pytest.fixture
def editor(db):
    return _user("erik", "editor", first_name="Erik", last_name="Editor")


@pytest.fixture
def second_editor(db):
    return _user("elena", "editor", first_name="Elena", last_name="Editor")


@pytest.fixture
def administrator(db):
    return _user("ada", "administrator", first_name="Ada", last_name="Admin")


@pytest.fixture
def seeds_dir():
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed reports not found at {SEEDS_DIR}")
    return SEEDS_DIR


@pytest.fixture
def claim(db):
    """A claim ready to be rated: attributed, confirmed by two origins besides its appearance."""
    from factcheck.models import Claim, ClaimCitation
    from sources.models import Citation, Source

    mvd = Source.objects.create(
        name="МВД Казахстана", name_en="Kazakhstan's MVD", kind="government", slug="mvd"
    )
    outlet = Source.objects.create(
        name="Орда", name_en="Orda.kz", kind="outlet", slug="orda", url="https://orda.kz/"
    )
    magazine = Source.objects.create(name="Правила жизни", kind="outlet", slug="pravila")
    claim = Claim.objects.create(
        text="убиты как минимум 26 протестующих",
        text_en="at least 26 protesters were killed",
        short="At least 26 protesters killed in Kazakhstan by 7 January",
        slug="26-protesters-killed",
        claimant=mvd,
    )
    appearance = Citation.objects.create(
        source=outlet,
        relays=mvd,
        url="https://orda.kz/report",
        title="Report",
        quote="убиты как минимум 26",
    )
    support = Citation.objects.create(
        source=magazine, url="https://pravilamag.ru/x", title="Report", quote="погибли"
    )
    ClaimCitation.objects.create(
        claim=claim, citation=appearance, stance=ClaimCitation.Stance.APPEARANCE
    )
    ClaimCitation.objects.create(
        claim=claim, citation=support, stance=ClaimCitation.Stance.SUPPORTS
    )
    # The appearance never confirms the claim: "true" and "mostly true" need two more origins.
    agency = Source.objects.create(name="Kazinform", kind="agency", slug="kazinform")
    second = Citation.objects.create(
        source=agency, url="https://kazinform.kz/x", title="Report", quote="26 погибших"
    )
    ClaimCitation.objects.create(claim=claim, citation=second, stance=ClaimCitation.Stance.SUPPORTS)
    return claim


# --- Browser tests: Debian's Chromium driven by Playwright -----------------------------------


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # As Django's runner does: tests that commit for real run last, since they end by emptying the
    # database, and the rows data migrations created (roles, rating scale) would be gone for the
    # tests that follow. (They restore those rows for themselves with serialized_rollback.)
    # Browser tests come last of all: once Playwright's event loop runs, Django hands tests new
    # connection objects without the serialized copy, so serialized_rollback restores nothing in
    # any transactional test after them (the browser modules restore those rows themselves).
    items.sort(key=lambda item: (_transactional(item), "browser" in item.keywords))
    if CHROMIUM and AXE_INSTALLED:
        return
    missing = (
        "Chromium (apt-get install chromium)"
        if not CHROMIUM
        else ("axe-core (npm ci --prefix tests/axe, or make setup)")
    )
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but {missing} is not installed.")
    skip = pytest.mark.skip(reason=f"no {missing} on this machine: browser tests skipped")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config):
    axe = "installed" if AXE_INSTALLED else "not installed, browser tests will be skipped"
    return f"chromium: {CHROMIUM or 'not found, browser tests will be skipped'}; axe-core: {axe}"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, tmp_path_factory):
    """On SQLite, test in a file of this run's own rather than in memory.

    An in-memory database can only be shared with the live server's threads by sharing one
    connection object, and Playwright's event loop gives the test a connection object of its own
    (Django's connections are local to it): the threads then trip over each other. With a file,
    every thread opens its own connection, as in production.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("db") / "test.sqlite3"
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Let serialized_rollback work under Playwright too.

    Django keeps the serialized copy of the test database (the roles and rating scale that data
    migrations made) on the connection object; a browser test, in Playwright's event loop, gets a
    connection object of its own without that copy, and nothing would be restored. Holding the
    copy on the connection class serves every such object.
    """
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is not None:
        type(connection)._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def screenshots_dir():
    path = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- The partner API -------------------------------------------------------------------------


@pytest.fixture
def partner(db):
    from factcheck.partners.services import partner_create

    return partner_create(name="Orda.kz", contact_email="api@orda.test")


@pytest.fixture
def partner_key(partner) -> str:
    """A usable API key of `partner`, as the partner sends it."""
    from factcheck.partners.services import api_key_create

    return api_key_create(partner=partner, name="production")[1]


@pytest.fixture
def archive_server(settings, tmp_path):
    """A local HTTP server for the archive (tests/archive_server.py); 127.0.0.1 allow-listed, tight
    limits, and captures stored under a temporary MEDIA_ROOT."""
    from tests import archive_server as module

    server = module.start()
    settings.FACTCHECK_ARCHIVE_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.FACTCHECK_ARCHIVE_MAX_BYTES = 1000
    settings.FACTCHECK_ARCHIVE_TIMEOUT = 1
    settings.FACTCHECK_ARCHIVE_MAX_REDIRECTS = 3
    settings.MEDIA_ROOT = str(tmp_path / "media")
    yield server
    module.stop(server)
