"""Typed readers for settings that come from the environment.

Every reader raises ImproperlyConfigured naming the variable and the value it could not use, so a
typo in a deployment stops the process at start-up instead of running with a silent default.
"""

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below its minimum of {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} is set but lists nothing; unset it or give values.")
    return items


def env_rate(name: str, default: str) -> str:
    """A request rate as the throttle reads it: "600/min", "10/s", "5000/day" (factcheck.rates)."""
    from factcheck.rates import parse_rate

    value = os.environ.get(name, default).strip()
    try:
        parse_rate(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={exc}") from None
    return value


def env_networks(name: str) -> list[str]:
    """A comma-separated list of IP addresses or networks (CIDR), e.g. "10.0.0.0/8,::1"; unset: none."""
    import ipaddress

    raw = os.environ.get(name, "")
    items = [item.strip() for item in raw.split(",") if item.strip()]
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an IP address or network (e.g. 10.0.0.1, 10.0.0.0/8)."
            ) from None
    return items


def env_cache(name: str, table: str) -> dict:
    """The default cache, shared by every server process: Redis when `name` (REDIS_URL) is set,
    else the database cache in `table` (made by a migration, factcheck.partners 0003)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        # Django's default of 300 entries would cull rate-limit histories as soon as a few
        # hundred clients or URLs are seen (culling forgets a third of the keys).
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": table,
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"{name} must start with redis://, rediss:// or unix://.")
    import importlib.util

    if importlib.util.find_spec("redis") is None:
        raise ImproperlyConfigured(
            f"{name} is set but the redis package is not installed: pip install '.[redis]'."
        )
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": raw}


def env_timezone(name: str, default: str) -> str:
    value = os.environ.get(name, default)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name}={value!r} is not a known IANA time zone.") from None
    return value


def env_database(name: str, default: str) -> dict:
    """Parse DATABASE_URL; only SQLite and PostgreSQL (through psycopg 3) are supported."""
    import dj_database_url

    raw = os.environ.get(name, default)
    scheme = raw.split(":", 1)[0].lower()
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name} must start with sqlite:// or postgres://, not {scheme + '://'!r}."
        )
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} could not be parsed: {exc}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database (postgres://user@host:port/NAME).")
    return config


def env_replica_database(name: str, primary: dict) -> dict | None:
    """DATABASE_REPLICA_URL: a streaming replica of the PostgreSQL primary, or None when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    if not primary["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured(
            f"{name} is set but DATABASE_URL is not PostgreSQL: only a PostgreSQL primary has "
            "streaming replicas."
        )
    config = env_database(name, raw)
    if not config["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured(f"{name} must start with postgres://.")
    return config
