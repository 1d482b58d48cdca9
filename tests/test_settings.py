import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from factcheck import envconf

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    """Import the settings module in a fresh interpreter with exactly this environment."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}
    }
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import factcheck.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_defaults_are_embedded_sqlite():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_postgres_url_selects_postgresql():
    result = load_settings(DATABASE_URL="postgres://desk@db.example:5432/desk")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.parametrize(("env", "max_age"), [({}, 60), ({"DATABASE_CONN_MAX_AGE": "0"}, 0)])
def test_postgresql_connections_are_kept_and_checked_before_reuse(env, max_age):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import factcheck.settings as s; d = s.DATABASES['default'];"
            "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": "postgres://desk@db.example:5432/desk", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(max_age), "True"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"DATABASE_URL": "mysql://x@y/z"}, "must start with sqlite:// or postgres://"),
        ({"DATABASE_URL": "postgres://desk@db.example:5432"}, "names no database"),
        ({"ALLOWED_HOSTS": "desk.example.org"}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "short"}, "shorter than 32 characters"),
        ({"TIME_ZONE": "Mars/Olympus"}, "not a known IANA time zone"),
        ({"FACTCHECK_APPROVALS_REQUIRED": "0"}, "below its minimum of 1"),
        ({"FACTCHECK_APPROVALS_REQUIRED": "two"}, "is not an integer"),
        ({"SITE_URL": "desk.example.org"}, "must start with http:// or https://"),
        ({"FACTCHECK_API_RATE": "600 per minute"}, "is not a rate"),
        ({"FACTCHECK_API_ANONYMOUS": "sometimes"}, "is not a boolean"),
        (
            {"DATABASE_URL": "postgres://d@db/desk", "DATABASE_CONN_MAX_AGE": "-1"},
            "DATABASE_CONN_MAX_AGE=-1 is below its minimum of 0",
        ),
    ],
)
def test_bad_values_fail_loudly(env, message):
    result = load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_public_host_with_own_secret_is_accepted():
    result = load_settings(ALLOWED_HOSTS="desk.example.org", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def test_env_list_rejects_empty(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " , ")
    with pytest.raises(ImproperlyConfigured, match="lists nothing"):
        envconf.env_list("ALLOWED_HOSTS", [])
