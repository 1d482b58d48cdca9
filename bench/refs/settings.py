"""The desk's settings, plus the Django floor's URL (bench.refs.urls): for bench/feed_refs.py only."""

from factcheck.settings import *  # noqa: F403

ROOT_URLCONF = "bench.refs.urls"
