"""Hostile or heavy partners: a rate limit shared by every server process, X-Forwarded-For only
from trusted proxies, one rule for rates, and every query parameter either taken or refused."""

import importlib
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection
from django.test import RequestFactory
from drf_spectacular.generators import SchemaGenerator

from factcheck import envconf
from factcheck.api.urls import router
from factcheck.partners import services
from factcheck.partners.access import PartnerRateThrottle, client_address
from factcheck.partners.models import ApiKey, Partner
from factcheck.rates import parse_rate
from factcheck.spreadsheets.export import ClaimExport, VerdictExport

ROOT = Path(__file__).resolve().parent.parent
FEED = "/api/v1/verdicts/"


@pytest.fixture(autouse=True)
def _fresh_throttle_history():
    cache.clear()


def settings_value(expression: str, **env) -> subprocess.CompletedProcess:
    """Evaluate `expression` on the settings module in a fresh interpreter with this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import factcheck.settings as s; print({expression})"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


# --- 5. one count for every server process ---------------------------------------------------


def test_the_default_cache_is_shared_by_processes_and_redis_is_a_setting():
    default = settings_value("s.CACHES['default']")
    assert default.returncode == 0, default.stderr
    assert "django.core.cache.backends.db.DatabaseCache" in default.stdout
    assert "'factcheck_cache'" in default.stdout
    redis = settings_value("s.CACHES['default']['BACKEND']", REDIS_URL="redis://cache:6379/1")
    assert redis.returncode == 0, redis.stderr
    assert redis.stdout.strip() == "django.core.cache.backends.redis.RedisCache"
    wrong = settings_value("s.CACHES", REDIS_URL="http://cache:6379")
    assert wrong.returncode != 0
    assert "REDIS_URL must start with redis://" in wrong.stderr


@pytest.mark.django_db
def test_migrate_makes_the_cache_table():
    assert "factcheck_cache" in connection.introspection.table_names()
    shared = DatabaseCache("factcheck_cache", {})
    shared.set("probe", [1, 2])
    assert DatabaseCache("factcheck_cache", {}).get("probe") == [1, 2]


@pytest.mark.django_db
def test_the_cache_table_writes_no_wal_on_postgresql():
    """Partners' counters must not wait for the disk behind editors' commits (bench/load.py)."""
    if connection.vendor != "postgresql":
        pytest.skip("UNLOGGED is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = 'factcheck_cache'")
        assert cursor.fetchone() == ("u",)


def _request(key: ApiKey):
    return SimpleNamespace(auth=key, META={"REMOTE_ADDR": "192.0.2.1"})


def _worker(cache_backend) -> PartnerRateThrottle:
    throttle = PartnerRateThrottle()
    throttle.cache = cache_backend
    return throttle


def test_two_processes_share_one_count(partner, partner_key):
    """Two workers, each with its own cache connection: one allowance between them."""
    partner.throttle_rate = "3/min"
    partner.save()
    key = ApiKey.objects.select_related("partner").get(partner=partner)

    def run(first_cache, second_cache):
        outcomes = []
        for n in range(6):
            backend = first_cache if n % 2 == 0 else second_cache
            outcomes.append(_worker(backend).allow_request(_request(key), view=None))
        return outcomes

    # Each process's own memory (what the desk used to have): each lets the whole rate through.
    assert run(LocMemCache("worker-1", {}), LocMemCache("worker-2", {})) == [True] * 6
    # The database cache (the default): one count.
    outcomes = run(DatabaseCache("factcheck_cache", {}), DatabaseCache("factcheck_cache", {}))
    assert outcomes == [True, True, True, False, False, False]


def test_the_api_counts_in_the_database_cache(client, partner, partner_key, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "factcheck_cache",
        }
    }
    partner.throttle_rate = "2/min"
    partner.save()
    headers = {"authorization": f"Api-Key {partner_key}"}
    assert [client.get(FEED, headers=headers).status_code for _ in range(3)] == [200, 200, 429]
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM factcheck_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any(f"api-throttle:partner-{partner.pk}" in key for key in keys)


def _anonymous(client, forwarded_for, remote="127.0.0.1"):
    return client.get(FEED, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded_for).status_code


def test_forwarded_for_from_anyone_does_not_buy_a_new_allowance(client, db, settings):
    settings.FACTCHECK_API_ANONYMOUS = True
    settings.FACTCHECK_API_ANONYMOUS_RATE = "2/hour"
    assert settings.FACTCHECK_TRUSTED_PROXIES == []
    statuses = [_anonymous(client, f"203.0.113.{n}") for n in range(1, 5)]
    assert statuses == [200, 200, 429, 429]


def test_forwarded_for_names_the_client_behind_trusted_proxies(client, db, settings):
    settings.FACTCHECK_API_ANONYMOUS = True
    settings.FACTCHECK_API_ANONYMOUS_RATE = "2/hour"
    settings.FACTCHECK_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    # Two readers behind the proxy each have their own allowance...
    assert [_anonymous(client, "203.0.113.1") for _ in range(3)] == [200, 200, 429]
    assert _anonymous(client, "203.0.113.2") == 200
    # ...and what a reader writes at the left end of the header changes nothing: the proxies
    # (127.0.0.1, then 10.0.0.7) appended the address they saw, 203.0.113.2.
    assert _anonymous(client, "198.51.100.9, 203.0.113.2, 10.0.0.7") == 200
    assert _anonymous(client, "198.51.100.10, 203.0.113.2") == 429
    # A client connecting directly is not a proxy: its header is ignored.
    assert _anonymous(client, "203.0.113.3", remote="198.51.100.1") == 200
    assert _anonymous(client, "203.0.113.4", remote="198.51.100.1") == 200
    assert _anonymous(client, "203.0.113.5", remote="198.51.100.1") == 429


@pytest.mark.parametrize(
    ("remote", "header", "client"),
    [
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", "203.0.113.7, 10.0.0.1", "203.0.113.7"),
        ("10.0.0.2", "10.0.0.3", "10.0.0.3"),  # only proxies: the farthest one we trust
        ("192.0.2.9", "203.0.113.7", "192.0.2.9"),
        ("10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, remote, header, client):
    settings.FACTCHECK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    assert client_address(request) == client


def test_trusted_proxies_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("FACTCHECK_TRUSTED_PROXIES", "10.0.0.0/8, ::1")
    assert envconf.env_networks("FACTCHECK_TRUSTED_PROXIES") == ["10.0.0.0/8", "::1"]
    monkeypatch.delenv("FACTCHECK_TRUSTED_PROXIES")
    assert envconf.env_networks("FACTCHECK_TRUSTED_PROXIES") == []
    refused = settings_value("1", FACTCHECK_TRUSTED_PROXIES="10.0.0.0/33")
    assert refused.returncode != 0
    assert "FACTCHECK_TRUSTED_PROXIES: '10.0.0.0/33' is not an IP address" in refused.stderr


# --- 6. unknown, empty and repeated parameters -------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name", "message"),
    [
        ("/api/v1/verdicts/?ratingz=false", "ratingz", "Unknown parameter"),
        ("/api/v1/verdicts/?rating=", "rating", "is empty"),
        ("/api/v1/verdicts/?q=", "q", "is empty"),
        ("/api/v1/verdicts/?cursor=", "cursor", "is empty"),
        ("/api/v1/verdicts/?status=published&status=retracted", "status", "once"),
        ("/api/v1/verdicts/?page_size=1&page_size=2", "page_size", "once"),
        ("/api/v1/claims/?ordering=", "ordering", "is empty"),
        ("/api/v1/claimreview/?format=html", "format", "Unknown parameter"),
        ("/api/v1/events/?kind=outlet", "kind", "Unknown parameter"),
        ("/api/v1/sources/?kind=", "kind", "is empty"),
        ("/api/v1/sources/?parent=1", "parent", "Unknown parameter"),
        ("/api/v1/ratings/?page_size=10", "page_size", "takes no parameters"),
        ("/api/v1/ratings/true/?lang=ru", "lang", "takes no parameters"),
        ("/api/v1/verdicts/1/?expand=claim", "expand", "This endpoint takes: lang."),
        ("/api/v1/?verdicts", "verdicts", "takes no parameters"),
    ],
)
def test_unexpected_parameters_are_400s_naming_them(client, partner_key, path, name, message):
    response = client.get(path, headers={"authorization": f"Api-Key {partner_key}"})
    assert response.status_code == 400, response.content
    assert response["Content-Type"] in ("application/json", "application/ld+json")
    body = response.json()
    assert list(body) == [name]
    assert message in body[name][0]


def test_the_unknown_parameter_error_lists_what_the_endpoint_takes(client, partner_key):
    body = client.get(
        "/api/v1/events/?parnet=1", headers={"authorization": f"Api-Key {partner_key}"}
    ).json()
    assert body == {
        "parnet": ["Unknown parameter. This endpoint takes: cursor, page_size, parent."]
    }


def test_a_list_filter_may_be_repeated_and_keys_come_before_parameters(client, partner_key):
    headers = {"authorization": f"Api-Key {partner_key}"}
    assert client.get(f"{FEED}?rating=true&rating=false", headers=headers).status_code == 200
    # Without a key the answer is the 401, whatever the parameters.
    assert client.get(f"{FEED}?ratingz=false").status_code == 401


def _viewset_for(path: str):
    # The CSV exports (factcheck.spreadsheets) are plain views beside the router's.
    exports = {
        "/api/v1/export/verdicts.csv": VerdictExport,
        "/api/v1/export/claims.csv": ClaimExport,
    }
    if path in exports:
        return exports[path]()
    for prefix, viewset, _basename in router.registry:
        if path == f"/api/v1/{prefix}/":
            return viewset(action="list")
        if path.startswith(f"/api/v1/{prefix}/{{"):
            return viewset(action="retrieve")
    raise AssertionError(f"no viewset for {path}")


def test_the_schema_lists_exactly_the_parameters_each_endpoint_takes(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    checked = 0
    for path, operations in schema["paths"].items():
        documented = {
            p["name"]: p["schema"].get("type") == "array"
            for p in operations["get"].get("parameters", [])
            if p["in"] == "query"
        }
        assert documented == _viewset_for(path).query_parameters(), path
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] == "query" and parameter["schema"].get("type") == "string":
                assert parameter["schema"]["minLength"] == 1, (path, parameter["name"])
        assert "400" in operations["get"]["responses"], path
        checked += 1
    # six lists (ClaimReview has no items), five items, a source's claimant record and two CSV
    # exports (issue 12)
    assert checked == 14


# --- 7. one rule for rates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [("600/min", (600, 60)), ("10/s", (10, 1)), ("5000/day", (5000, 86400)), ("3/hour", (3, 3600))],
)
def test_rates_the_desk_takes(db, rate, parsed):
    assert parse_rate(rate) == parsed
    Partner(name="P", throttle_rate=rate).full_clean()
    assert envconf.env_rate("NOT_SET_RATE", rate) == rate


@pytest.mark.parametrize("rate", ["100/month", "100/m3", "0/min", "10/", "ten/min", "5/minutes"])
def test_rates_the_desk_refuses_everywhere_with_the_units(db, monkeypatch, rate):
    with pytest.raises(ValueError, match="units: s, sec, second, m, min, minute"):
        parse_rate(rate)
    with pytest.raises(ValidationError) as refused:
        Partner(name="P", throttle_rate=rate).full_clean()
    assert "Units: s, sec, second, m, min, minute, h, hour, d, day." in str(
        refused.value.message_dict["throttle_rate"]
    )
    monkeypatch.setenv("FACTCHECK_API_RATE", rate)
    with pytest.raises(ImproperlyConfigured, match="FACTCHECK_API_RATE=.* is not a rate"):
        envconf.env_rate("FACTCHECK_API_RATE", "600/min")


def test_the_admin_refuses_a_monthly_rate(client, administrator, partner):
    client.force_login(administrator)
    page = client.post(
        f"/admin/partners/partner/{partner.pk}/change/",
        {
            "name": partner.name,
            "contact_email": "",
            "is_active": "on",
            "throttle_rate": "100/month",
        },
    )
    assert page.status_code == 200
    assert "is not a rate" in page.content.decode()
    partner.refresh_from_db()
    assert partner.throttle_rate == ""


def test_a_bad_stored_rate_falls_back_to_the_default_not_a_500(client, partner, partner_key):
    Partner.objects.filter(pk=partner.pk).update(throttle_rate="100/month")
    assert client.get(FEED, headers={"authorization": f"Api-Key {partner_key}"}).status_code == 200


def test_the_migration_rewrites_old_rates_to_what_was_enforced(db):
    old = services.partner_create(name="Old")
    gone = services.partner_create(name="Gone")
    Partner.objects.filter(pk=old.pk).update(throttle_rate="100/month")
    Partner.objects.filter(pk=gone.pk).update(throttle_rate="lots")
    migration = importlib.import_module("factcheck.partners.migrations.0004_rates_and_shared_cache")
    migration.fix_rates(apps, None)
    old.refresh_from_db()
    gone.refresh_from_db()
    assert old.throttle_rate == "100/min"
    assert "'100/month' was not a valid rate; replaced by '100/min'" in old.notes
    assert gone.throttle_rate == ""
