"""The app set up in this process against the archive DATABASE_URL names, as a request from the
test client sees it (DEBUG off, the partner and anonymous rates out of the way): for the
in-process bench scripts (explain_requests.py, request_cpu.py)."""

import os
import sys


def setup() -> None:
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("FACTCHECK_API_RATE", "1000000/min")
    os.environ.setdefault("FACTCHECK_API_ANONYMOUS_RATE", "1000000/min")
    import django

    django.setup()
