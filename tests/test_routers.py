"""The replica router's decisions, on any engine (the real replica: tests/test_replica.py)."""

from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from factcheck import routers
from factcheck.models import Verdict
from factcheck.partners.models import ApiKey
from sources.models import Source


@pytest.fixture(autouse=True)
def _replica_configured():
    with mock.patch.object(routers, "replica_configured", return_value=True):
        yield


def read_db(model):
    return routers.ReplicaRouter().db_for_read(model)


def test_published_content_is_read_from_the_replica_only_inside_a_public_read():
    assert read_db(Verdict) == "default"  # a command, a task, a migration
    with routers.reading_from_replica():
        assert read_db(Verdict) == "replica" and read_db(Source) == "replica"
        # Sessions, users, API keys: read where they were just written.
        assert read_db(Session) == read_db(User) == read_db(ApiKey) == "default"
    assert routers.ReplicaRouter().db_for_write(Verdict) == "default"
    assert routers.ReplicaRouter().allow_migrate("replica", "factcheck") is False
    assert routers.ReplicaRouter().allow_migrate("default", "factcheck") is True


def test_the_settings_route_through_it_and_raw_reads_can_follow():
    from django.db import connections, router

    with routers.reading_from_replica():
        assert router.db_for_read(Verdict) == "replica"
        assert routers.read_connection(User) is connections["default"]


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary():
    with routers.reading_from_replica(), transaction.atomic():
        assert read_db(Verdict) == "default"


def middleware_decision(request):
    seen = {}

    def view(request):
        seen["replica"] = routers._use_replica.get()
        return HttpResponse()

    response = routers.ReplicaMiddleware(view)(request)
    return seen["replica"], response


def test_only_public_gets_read_from_the_replica():
    factory = RequestFactory()
    assert middleware_decision(factory.get("/en/verdicts/x/"))[0] is True
    assert middleware_decision(factory.get("/api/v1/verdicts/"))[0] is True
    assert middleware_decision(factory.get("/admin/factcheck/verdict/"))[0] is False
    assert middleware_decision(factory.post("/en/search/"))[0] is False
    assert routers._use_replica.get() is False  # reset after the request


def test_a_write_pins_the_browser_to_the_primary_for_the_window(settings):
    settings.REPLICA_PIN_SECONDS = 30
    factory = RequestFactory()
    _used, response = middleware_decision(factory.post("/admin/login/"))
    pin = response.cookies[routers.PIN_COOKIE]
    assert pin["max-age"] == 30 and pin["httponly"]

    pinned = factory.get("/en/", HTTP_COOKIE=f"{routers.PIN_COOKIE}={pin.value}")
    assert middleware_decision(pinned)[0] is False
    # Once the window is over, the same cookie no longer pins (the signature carries its time).
    with mock.patch("django.core.signing.time.time", return_value=signing.time.time() + 31):
        assert middleware_decision(pinned)[0] is True
    # A cookie the client made up does not pin either.
    forged = factory.get("/en/", HTTP_COOKIE=f"{routers.PIN_COOKIE}=1700000000")
    assert middleware_decision(forged)[0] is True


def test_without_a_replica_nothing_changes():
    with mock.patch.object(routers, "replica_configured", return_value=False):
        used, response = middleware_decision(RequestFactory().post("/admin/login/"))
    assert used is False and routers.PIN_COOKIE not in response.cookies
