"""Who may read the feed: keys, revocation, the anonymous switch, throttling, the admin and CLI."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from factcheck.partners import services
from factcheck.partners.models import ApiKey, Partner

FEED = "/api/v1/verdicts/"


@pytest.fixture(autouse=True)
def _fresh_throttle_history():
    cache.clear()


def get(client, key=None, path=FEED, scheme="Api-Key"):
    headers = {"authorization": f"{scheme} {key}"} if key else {}
    return client.get(path, headers=headers)


def test_no_key_is_401_with_the_scheme_to_use(client, db):
    response = get(client)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Api-Key realm="api"'
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "key",
    [
        "fck_abcd1234_" + "x" * 43,  # well formed, unknown
        "not-a-key",
        "fck_short_abc",
        "fck_abcd1234_",
    ],
)
def test_bad_keys_are_401(client, partner_key, key):
    response = get(client, key)
    assert response.status_code == 401
    assert response.json()["detail"] in {
        "Invalid API key.",
        "Malformed API key: expected `Authorization: Api-Key fck_<prefix>_<secret>`.",
    }


def test_right_prefix_wrong_secret_is_401(client, partner_key):
    prefix = partner_key.split("_")[1]
    assert get(client, f"fck_{prefix}_{'y' * 43}").status_code == 401


def test_other_schemes_are_not_keys(client, partner_key):
    assert get(client, partner_key, scheme="Bearer").status_code == 401


def test_valid_key_reads_and_records_its_use(client, partner_key):
    key = ApiKey.objects.get()
    assert key.last_used_at is None
    response = get(client, partner_key)
    assert response.status_code == 200
    key.refresh_from_db()
    assert timezone.now() - key.last_used_at < timezone.timedelta(seconds=5)
    assert key.hashed_key != partner_key and partner_key not in key.hashed_key


def test_revoked_key_is_refused_while_other_keys_of_the_partner_work(client, partner, partner_key):
    _new, rotated = services.api_key_create(partner=partner, name="rotated")
    services.api_key_revoke(key=ApiKey.objects.get(name="production"))
    response = get(client, partner_key)
    assert response.status_code == 401
    assert response.json() == {"detail": "This API key has been revoked."}
    assert get(client, rotated).status_code == 200


def test_suspended_partner_is_refused(client, partner, partner_key):
    Partner.objects.filter(pk=partner.pk).update(is_active=False)
    assert get(client, partner_key).json() == {"detail": "This partner's access is suspended."}


def test_anonymous_access_is_off_by_default_and_a_setting(client, db, settings):
    assert get(client).status_code == 401
    settings.FACTCHECK_API_ANONYMOUS = True
    assert get(client).status_code == 200
    # A bad key is still refused: sending one means the client meant to use it.
    assert get(client, "fck_abcd1234_nope").status_code == 401


def test_anonymous_setting_comes_from_the_environment():
    def read(value):
        env = {k: v for k, v in os.environ.items() if k != "FACTCHECK_API_ANONYMOUS"}
        if value is not None:
            env["FACTCHECK_API_ANONYMOUS"] = value
        code = "import factcheck.settings as s; print(s.FACTCHECK_API_ANONYMOUS)"
        return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)

    assert read(None).stdout.strip() == "False"
    assert read("yes").stdout.strip() == "True"
    refused = read("maybe")
    assert refused.returncode != 0 and "FACTCHECK_API_ANONYMOUS" in refused.stderr


def test_throttling_per_partner_answers_429_with_retry_after(client, partner, partner_key):
    partner.throttle_rate = "3/min"
    partner.save()
    _other, second_key = services.api_key_create(partner=partner)
    statuses = [get(client, partner_key).status_code for _ in range(2)]
    statuses.append(get(client, second_key).status_code)  # all the partner's keys count together
    assert statuses == [200, 200, 200]
    response = get(client, partner_key)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"]
    # Another partner has its own allowance.
    other = services.partner_create(name="Vlast.kz")
    assert get(client, services.api_key_create(partner=other)[1]).status_code == 200


def test_anonymous_clients_have_their_own_rate(client, db, settings):
    settings.FACTCHECK_API_ANONYMOUS = True
    settings.FACTCHECK_API_ANONYMOUS_RATE = "2/hour"
    assert [get(client).status_code for _ in range(3)] == [200, 200, 429]
    assert int(get(client)["Retry-After"]) > 60


def test_errors_under_api_are_json_never_html(client, partner_key):
    headers = {"authorization": f"Api-Key {partner_key}", "accept": "text/html"}
    for path, status in [
        ("/api/", 404),
        ("/api/v2/verdicts/", 404),
        ("/api/v1/verdicts/abc/", 404),
        ("/api/v1/verdicts/99999999999999999999999/", 404),
    ]:
        response = client.get(path, headers=headers)
        assert response.status_code == status, path
        assert response["Content-Type"] == "application/json", path
    response = client.post(FEED, {}, headers=headers)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert client.get(FEED, {"format": "api"}, headers=headers)["Content-Type"] == (
        "application/json"
    )


def test_root_lists_the_endpoints(client, db):
    body = client.get("/api/v1/").json()
    assert set(body) == {
        "verdicts",
        "claims",
        "events",
        "sources",
        "ratings",
        "claimreview",
        "schema",
        "docs",
    }


# --- issuing keys ----------------------------------------------------------------------------


def test_createpartner_prints_a_working_key_once(client, db):
    out, err = StringIO(), StringIO()
    call_command("createpartner", "Vlast.kz", "--email", "api@vlast.test", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert key.startswith("fck_") and "shown once" in err.getvalue()
    partner = Partner.objects.get(name="Vlast.kz")
    assert partner.contact_email == "api@vlast.test"
    assert get(client, key).status_code == 200
    with pytest.raises(CommandError, match="exists already"):
        call_command("createpartner", "Vlast.kz", stdout=StringIO(), stderr=StringIO())


def test_admin_creates_a_key_shown_once_and_revokes_keys(client, administrator, partner):
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    response = client.post(
        "/admin/partners/partner/",
        {"action": "create_key", "_selected_action": [partner.pk]},
        follow=True,
    )
    shown = [str(m) for m in get_messages(response.wsgi_request)] or [
        m.message for m in response.context["messages"]
    ]
    raw = next(
        part
        for part in " ".join(shown).replace("<", " ").replace(">", " ").split()
        if part.startswith("fck_")
    )
    key = ApiKey.objects.get(partner=partner)
    assert raw not in key.hashed_key and key.prefix in raw
    client.logout()
    assert get(client, raw).status_code == 200
    # The partner page lists the key masked; the raw key appears nowhere.
    client.force_login(administrator)
    page = client.get(f"/admin/partners/partner/{partner.pk}/change/").content.decode()
    assert f"fck_{key.prefix}_…" in page and raw not in page
    client.post(
        "/admin/partners/apikey/", {"action": "revoke", "_selected_action": [key.pk]}, follow=True
    )
    client.logout()
    assert get(client, raw).status_code == 401


def test_administrators_manage_partners_and_editors_may_look(
    client, administrator, editor, reporter
):
    url = reverse("admin:partners_partner_changelist")
    client.force_login(administrator)
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:partners_partner_add")).status_code == 200
    client.force_login(editor)
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:partners_partner_add")).status_code == 403
    client.force_login(reporter)
    assert client.get(url).status_code == 403
