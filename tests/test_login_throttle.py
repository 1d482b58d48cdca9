"""Login throttling (django-axes, factcheck/login_throttle.py): a username is locked out from an
address after FACTCHECK_LOGIN_FAILURE_LIMIT failed logins, for FACTCHECK_LOGIN_COOLOFF_MINUTES."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

LOGIN = "/admin/login/"
ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


@pytest.fixture
def clock(monkeypatch):
    """Axes' clock, set by the test: it stamps every attempt and measures the cool-off from it."""
    now = [timezone.now()]
    monkeypatch.setattr("axes.handlers.proxy.now", lambda: now[0])
    return now


def log_in(client, username, password, address=ATTACKER):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def lock_out(client, username, address=ATTACKER, tries=None):
    for _ in range(tries or settings.AXES_FAILURE_LIMIT):
        response = log_in(client, username, "wrong guess", address)
    return response


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


def test_the_right_password_after_the_limit_is_refused_with_a_message(client, editor, clock):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert log_in(client, "erik", "wrong guess").status_code == 200  # the form, with its error
    response = log_in(client, "erik", "wrong guess")
    assert response.status_code == 429

    response = log_in(client, "erik", "pw-erik")
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert 'id="login-locked"' in page
    assert "Too many failed logins for this account from your address" in page
    assert f"Try again in {settings.AXES_COOLOFF_TIME.seconds // 60} minutes" in page
    assert 'id="login-form"' in page  # still the admin's login page, not a bare text answer


def test_the_issues_thirty_guesses_then_the_right_password(client, editor, clock):
    lock_out(client, "erik", tries=30)
    assert log_in(client, "erik", "pw-erik").status_code == 429
    assert not logged_in(client)


def test_another_account_from_the_same_address_is_not_locked(client, editor, second_editor, clock):
    lock_out(client, "erik")
    response = log_in(client, "elena", "pw-elena")
    assert response.status_code == 302
    assert logged_in(client)


def test_the_same_account_from_another_address_is_not_locked(client, editor, clock):
    """A guesser cannot lock an editor out of the desk from elsewhere."""
    lock_out(client, "erik")
    response = log_in(client, "erik", "pw-erik", address=ELSEWHERE)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_lockout_ends_after_the_cool_off(client, editor, clock):
    lock_out(client, "erik")
    started = clock[0]
    cool_off = settings.AXES_COOLOFF_TIME

    # A try during the lockout is refused, and the wait starts again from it.
    clock[0] = started + cool_off - timedelta(seconds=1)
    assert log_in(client, "erik", "pw-erik").status_code == 429
    clock[0] += cool_off - timedelta(seconds=1)
    assert log_in(client, "erik", "pw-erik").status_code == 429

    clock[0] += cool_off + timedelta(seconds=1)
    response = log_in(client, "erik", "pw-erik")
    assert response.status_code == 302
    assert logged_in(client)


def test_an_administrator_unlocks_the_account(client, editor, clock):
    lock_out(client, "erik")
    assert log_in(client, "erik", "pw-erik").status_code == 429
    assert reset(username="erik") == 1  # what the admin's delete of the attempt does
    assert log_in(client, "erik", "pw-erik").status_code == 302


def test_a_login_clears_the_earlier_failures(client, editor, clock):
    """Typos before a successful login do not count towards a later lockout."""
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        log_in(client, "erik", "typo")
    assert log_in(client, "erik", "pw-erik").status_code == 302
    client.logout()
    for _ in range(limit - 1):
        log_in(client, "erik", "typo")
    assert log_in(client, "erik", "pw-erik").status_code == 302


def test_lockouts_are_recorded_and_shown_to_administrators_only(
    client, editor, administrator, clock
):
    lock_out(client, "erik")
    failures = AccessFailureLog.objects.filter(username="erik", ip_address=ATTACKER)
    assert failures.count() == settings.AXES_FAILURE_LIMIT
    assert list(failures.order_by("id").values_list("locked_out", flat=True)) == [False] * (
        settings.AXES_FAILURE_LIMIT - 1
    ) + [True]
    assert AccessAttempt.objects.get(username="erik").failures_since_start == (
        settings.AXES_FAILURE_LIMIT
    )
    # The password itself is never written down.
    assert "wrong guess" not in AccessAttempt.objects.get(username="erik").post_data

    client.force_login(administrator)
    page = client.get("/admin/axes/accessfailurelog/")
    assert page.status_code == 200
    assert ATTACKER in page.content.decode()
    assert client.get("/admin/axes/accessattempt/").status_code == 200
    assert client.get("/admin/axes/accesslog/").status_code == 200

    client.force_login(editor)
    assert client.get("/admin/axes/accessfailurelog/").status_code == 403
    assert client.get("/admin/axes/accessattempt/").status_code == 403


def test_successful_logins_are_logged(client, editor, clock):
    log_in(client, "erik", "pw-erik")
    assert AccessLog.objects.filter(username="erik", ip_address=ATTACKER).count() == 1


def test_test_client_logins_still_work(client, editor):
    """The rest of the suite logs in with client.login (no request: axes does not apply) and
    client.force_login."""
    assert client.login(username="erik", password="pw-erik")
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert not client.login(username="erik", password="wrong")
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_login_without_an_ip_address_is_recorded_without_one(editor):
    """A request with no IP address (a server on a unix socket, the test client's force_login)
    is recorded with none: "unknown" in axes' IP address column was a 500 on PostgreSQL."""
    from axes.models import AccessLog
    from django.test import Client, RequestFactory

    from factcheck.login_throttle import login_address

    request = RequestFactory().get("/admin/login/", REMOTE_ADDR="")
    assert login_address(request) is None
    assert login_address(RequestFactory().get("/", REMOTE_ADDR="203.0.113.5")) == "203.0.113.5"
    Client().force_login(editor)
    assert AccessLog.objects.get(username=editor.username).ip_address is None
