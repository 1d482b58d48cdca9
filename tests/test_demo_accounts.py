"""`manage.py loaddemo` outside a local setup: the demo logins' passwords are public (the README
prints them), so a desk reachable from elsewhere gets them only when forced, and then with random
passwords."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from factcheck.management.commands.loaddemo import DEMO_USERS, is_local_host
from factcheck.models import Claim

PUBLIC = {username: password for username, _, password, *_ in DEMO_USERS}
PRODUCTION = {
    "DEBUG": False,
    "ALLOWED_HOSTS": ["desk.example.org", "testserver"],
    "SECRET_KEY": "a-real-secret-" + "k3Xq9" * 8,
}


def run(**options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("loaddemo", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def production(settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)


def test_refused_under_production_settings(db, production):
    with pytest.raises(CommandError, match=r"beyond this machine \(desk.example.org, testserver\)"):
        run()
    assert not User.objects.filter(username__in=PUBLIC).exists()
    assert not Claim.objects.exists()


def test_debug_does_not_make_a_public_host_local(db, production, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--force-demo-accounts"):
        run()
    assert not User.objects.filter(username__in=PUBLIC).exists()


def test_forced_loads_the_demo_with_random_passwords_shown_once(db, production):
    out, err = run(force_demo_accounts=True)
    assert "random passwords" in err
    assert Claim.objects.exists()
    for username, public in PUBLIC.items():
        user = User.objects.get(username=username)
        assert not user.check_password(public), username
        assert public not in out
        line = next(line for line in out.splitlines() if f" {username} " in line)
        assert user.check_password(line.split()[-1]), line
    assert "shown this once" in out


def test_forced_run_names_a_public_password_left_from_a_local_load(db, settings):
    run()  # loaded locally, with the public passwords, then the desk goes public
    settings.ALLOWED_HOSTS = PRODUCTION["ALLOWED_HOSTS"]
    out, _ = run(force_demo_accounts=True)
    assert "the PUBLIC demo password: change it now" in out


def test_allowed_locally_with_the_public_passwords(db, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]
    out, err = run()
    assert err == ""
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(PUBLIC["admin"])
    assert PUBLIC["admin"] in out


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.0.1.1", True),
        ("[::1]", True),
        ("desk.localhost", True),
        ("testserver", True),
        ("desk.example.org", False),
        ("*", False),
        (".example.org", False),
        ("0.0.0.0", False),
        ("192.168.1.10", False),
        ("localhost.example.org", False),
    ],
)
def test_local_hosts(host, local):
    assert is_local_host(host) is local


def test_the_logins_table_has_a_header_and_the_desk_address(db, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    settings.SITE_URL = "http://127.0.0.1:8101"  # as `make run PORT=8101` sets it
    out, _ = run()
    lines = out.splitlines()
    at = lines.index("Sign in at http://127.0.0.1:8101/admin/")
    assert lines[at + 1].split() == ["role", "username", "password"]
    assert lines[at + 2].split()[:2] == ["reporter", "reporter"]


def test_demo_users_have_example_addresses_so_the_console_shows_notifications(db, settings):
    from django.core import mail

    from factcheck import notifications
    from factcheck.models import Verdict

    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    run()
    for username in PUBLIC:
        assert User.objects.get(username=username).email == f"{username}@example.org"
    verdict = Verdict.objects.filter(state=Verdict.State.PUBLISHED).first()
    mail.outbox.clear()
    assert notifications.send("retracted", verdict.pk, User.objects.get(username="admin").pk)
    (message,) = mail.outbox
    assert "editor@example.org" in message.to and "editor2@example.org" in message.to
