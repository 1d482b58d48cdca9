import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.FACTCHECK_APPROVALS_REQUIRED = 1


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
    """A claim ready to be rated: attributed, with two independent origins and a URL."""
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
    return claim


# --- Browser tests: Debian's Chromium driven by Playwright -----------------------------------


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(
            "REQUIRE_BROWSER=1 but no Chromium is installed (apt-get install chromium)."
        )
    skip = pytest.mark.skip(reason="no Chromium on this machine: browser tests skipped")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config):
    return f"chromium: {CHROMIUM or 'not found, browser tests will be skipped'}"


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
    from factcheck.api.services import partner_create

    return partner_create(name="Orda.kz", contact_email="api@orda.test")


@pytest.fixture
def partner_key(partner) -> str:
    """A usable API key of `partner`, as the partner sends it."""
    from factcheck.api.services import api_key_create

    return api_key_create(partner=partner, name="production")[1]
