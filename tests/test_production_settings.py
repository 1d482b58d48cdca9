"""Production headers and settings: the Content-Security-Policy (django-csp), HTTPS (HSTS, the
redirect, secure cookies, the proxy's header) from the environment, and `check --deploy`."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.published.links import verdict_url
from tests.factories import sample

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "desk.example.org",
    "SITE_URL": "https://desk.example.org",
    "SECRET_KEY": "Zq8-vR3pL9xK2mT7wB4nH6jC1fY5sD0gA8eU2iO9lP3kM7rN4q",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "BEHIND_PROXY": "true",
}
SETTINGS_NAMES = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_TIME",
]


def run(args: list[str], tmp_path, **env) -> subprocess.CompletedProcess:
    """Run Python in a fresh interpreter with the deployment variables exactly as given.

    Nothing of the test run's own environment that a deployment would not have: the tests' async
    escape hatch (the browser tests need it; `check --deploy` rightly refuses it), any setting.
    """
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV
        and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        and not k.startswith(("SECURE_", "FACTCHECK_LOGIN_"))
    }
    clean.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}", **env})
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def read_settings(tmp_path, **env) -> dict:
    script = (
        "import json, factcheck.settings as s; "
        f"values = {{name: getattr(s, name) for name in {SETTINGS_NAMES!r}}}; "
        "values['AXES_COOLOFF_TIME'] = values['AXES_COOLOFF_TIME'].total_seconds(); "
        "print(json.dumps(values))"
    )
    result = run(["-c", script], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_names_what_a_public_desk_without_https_lacks(tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if not k.startswith("SECURE_")}
    env["SITE_URL"] = "http://desk.example.org"
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **env)
    assert result.returncode != 0
    for code in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert code in result.stderr


def test_local_defaults_serve_plain_http(tmp_path):
    values = read_settings(tmp_path)
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] is None


def test_production_variables_are_read(tmp_path):
    values = read_settings(
        tmp_path,
        **PRODUCTION_ENV,
        FACTCHECK_LOGIN_FAILURE_LIMIT="7",
        FACTCHECK_LOGIN_COOLOFF_MINUTES="45",
    )
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is values["SECURE_HSTS_PRELOAD"] is True
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["AXES_FAILURE_LIMIT"] == 7
    assert values["AXES_COOLOFF_TIME"] == 45 * 60


def test_secure_cookies_follow_site_url_unless_set(tmp_path):
    assert read_settings(tmp_path, SITE_URL="https://127.0.0.1:8443")["SESSION_COOKIE_SECURE"]
    values = read_settings(tmp_path, SITE_URL="https://127.0.0.1:8443", SECURE_COOKIES="false")
    assert values["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECURE_HSTS_SECONDS": "-1"}, "below its minimum of 0"),
        ({"SECURE_HSTS_SECONDS": "a year"}, "is not an integer"),
        ({"SECURE_SSL_REDIRECT": "always"}, "is not a boolean"),
        ({"SECURE_COOKIES": "sure"}, "is not a boolean"),
        ({"FACTCHECK_LOGIN_FAILURE_LIMIT": "0"}, "below its minimum of 1"),
        ({"FACTCHECK_LOGIN_COOLOFF_MINUTES": "soon"}, "is not an integer"),
    ],
)
def test_bad_values_fail_loudly(tmp_path, env, message):
    result = run(["-c", "import factcheck.settings"], tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


# --- The headers, in process --------------------------------------------------------------


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.fixture
def verdict_path(db):
    claim = sample.claim(1)
    sample.publish(claim)
    return verdict_url(claim.slug, "en").split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/search/?q=x",
        "/admin/login/",
        "/api/v1/docs/",
        "/api/v1/docs/swagger/",
    ],
)
def test_every_page_carries_the_policy(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    rules = policy(response)
    assert rules["script-src"] == ["'self'"]
    assert rules["object-src"] == ["'none'"]
    assert rules["frame-ancestors"] == ["'none'"]
    assert rules["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"].split("style-src")[0]


def test_the_admin_and_a_verdict_page_carry_the_policy(client, administrator, verdict_path):
    page = client.get(f"/{verdict_path}")
    assert page.status_code == 200
    # ClaimReview's JSON-LD is a data block, which script-src does not govern (the browser test
    # checks that no violation is reported for it).
    assert '<script type="application/ld+json">' in page.content.decode()
    assert policy(page)["script-src"] == ["'self'"]
    client.force_login(administrator)
    assert policy(client.get("/admin/"))["script-src"] == ["'self'"]


def test_no_page_of_ours_has_an_inline_script():
    """Executable inline scripts would be blocked by the policy; JSON-LD is data."""
    for template in (ROOT / "templates").rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", template.read_text()):
            assert "src=" in tag or 'type="application/ld+json"' in tag, (template, tag)


def test_swagger_ui_starts_from_a_script_file(client, db):
    page = client.get("/api/v1/docs/swagger/").content.decode()
    inline = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert inline == []
    script = re.search(r'<script src="([^"]*script=[^"]*)"', page).group(1).replace("&amp;", "&")
    response = client.get(script)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()


def test_https_redirect_and_hsts(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/en/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/"
    response = client.get("/en/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000"
