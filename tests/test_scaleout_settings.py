"""The scale-out settings read from the environment: replica, pool, CDN (factcheck/settings.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRINT = (
    "import json, factcheck.settings as s; print(json.dumps({'databases': s.DATABASES, "
    "'routers': s.DATABASE_ROUTERS, 'pin': s.REPLICA_PIN_SECONDS}, default=str))"
)


def load(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", PRINT], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_a_replica_url_adds_the_replica_as_a_test_mirror():
    result = load(
        DATABASE_URL="postgres://desk@primary.example/desk",
        DATABASE_REPLICA_URL="postgres://desk@replica.example/desk",
        DATABASE_REPLICA_PIN_SECONDS="12",
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    replica = loaded["databases"]["replica"]
    assert replica["HOST"] == "replica.example" and replica["TEST"] == {"MIRROR": "default"}
    assert loaded["routers"] == ["factcheck.routers.ReplicaRouter"] and loaded["pin"] == 12


def test_a_replica_needs_a_postgresql_primary():
    result = load(DATABASE_REPLICA_URL="postgres://desk@replica.example/desk")
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL is set but DATABASE_URL is not PostgreSQL" in result.stderr


def test_the_pool_replaces_persistent_connections_on_every_alias():
    result = load(
        DATABASE_URL="postgres://desk@primary.example/desk",
        DATABASE_REPLICA_URL="postgres://desk@replica.example/desk",
        DATABASE_POOL="true",
        DATABASE_POOL_MAX_SIZE="6",
    )
    assert result.returncode == 0, result.stderr
    for alias in ("default", "replica"):
        database = json.loads(result.stdout)["databases"][alias]
        assert database["CONN_MAX_AGE"] == 0 and database["CONN_HEALTH_CHECKS"] is True
        assert database["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 6, "timeout": 10}


def test_without_a_pool_connections_are_kept():
    result = load(DATABASE_URL="postgres://desk@primary.example/desk")
    database = json.loads(result.stdout)["databases"]["default"]
    assert database["CONN_MAX_AGE"] == 60 and "pool" not in database.get("OPTIONS", {})
    assert "replica" not in json.loads(result.stdout)["databases"]


def test_a_purge_url_must_be_http():
    result = load(FACTCHECK_CDN_PURGE_URL="ftp://cdn.example/purge")
    assert result.returncode != 0 and "FACTCHECK_CDN_PURGE_URL must start with" in result.stderr
