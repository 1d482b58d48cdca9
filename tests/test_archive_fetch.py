"""The archive's fetcher (sources.archiving.fetch): only http(s), only public addresses checked
after DNS at every hop unless allow-listed, bounded in size, time and redirects. Everything runs
against a local server on 127.0.0.1; the private addresses are refused before any connection."""

import pytest

from factcheck import netguard
from sources.archiving.fetch import USER_AGENT, Outcome, fetch


def test_a_normal_page_is_fetched_with_its_headers(archive_server):
    result = fetch(archive_server.url("/page"))
    assert result.outcome == Outcome.OK and result.status == 200
    assert result.final_url == archive_server.url("/page")
    assert result.content_type == "text/html; charset=utf-8"
    assert ("X-Served-By", "archive-test") in result.headers
    assert "задержаны 12 человек".encode() in result.body
    assert result.address == "127.0.0.1"
    assert ("User-Agent", USER_AGENT) in result.request_headers


def test_a_redirect_chain_is_followed_to_its_end(archive_server):
    result = fetch(archive_server.url("/r1"))
    assert result.ok and result.redirects == 2
    assert result.final_url == archive_server.url("/page")
    assert archive_server.hits == ["/r1", "/r2", "/page"]


def test_too_many_redirects_fail(archive_server):
    result = fetch(archive_server.url("/loop/0"))
    assert result.outcome == Outcome.HTTP_ERROR and "more than 3 redirects" in result.reason
    assert len(archive_server.hits) == 4  # the first request and three redirects, no more


@pytest.mark.parametrize("path", ["/huge", "/huge-undeclared"])
def test_a_huge_page_is_cut_off_as_too_large(archive_server, path):
    result = fetch(archive_server.url(path))
    assert result.outcome == Outcome.TOO_LARGE and "1000" in result.reason
    assert result.body == b""


def test_a_slow_page_times_out(archive_server):
    result = fetch(archive_server.url("/slow"))
    assert result.outcome == Outcome.TIMEOUT
    assert result.outcome in Outcome.RETRYABLE


def test_a_page_that_trickles_in_is_cut_at_the_total_time(archive_server, settings):
    settings.FACTCHECK_ARCHIVE_TOTAL_TIMEOUT = 1
    result = fetch(archive_server.url("/trickle"))
    assert result.outcome == Outcome.TIMEOUT and result.reason == "over 1 s in all"


def test_a_page_that_disappeared_is_an_http_error(archive_server):
    result = fetch(archive_server.url("/gone"))
    assert result.outcome == Outcome.HTTP_ERROR and result.status == 404
    assert result.reason == "HTTP 404 Not Found"


def test_a_redirect_into_loopback_is_refused_when_only_the_name_is_allowed(
    archive_server, settings
):
    settings.FACTCHECK_ARCHIVE_ALLOWED_HOSTS = ["localhost"]
    result = fetch(archive_server.url("/to-loopback", host="localhost"))
    assert result.outcome == Outcome.REFUSED
    assert "127.0.0.1" in result.reason and "FACTCHECK_ARCHIVE_ALLOWED_HOSTS" in result.reason
    assert archive_server.hits == ["/to-loopback"]  # the redirect was never followed


def test_loopback_is_refused_unless_allow_listed(archive_server, settings):
    settings.FACTCHECK_ARCHIVE_ALLOWED_HOSTS = []
    result = fetch(archive_server.url("/page"))
    assert result.outcome == Outcome.REFUSED
    assert archive_server.hits == []


def test_the_webhook_allow_list_does_not_open_the_archive(archive_server, settings):
    settings.FACTCHECK_ARCHIVE_ALLOWED_HOSTS = []
    settings.FACTCHECK_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    assert fetch(archive_server.url("/page")).outcome == Outcome.REFUSED


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://192.168.1.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://[::ffff:10.1.2.3]/",
        "http://100.64.0.1/",  # shared address space (carrier-grade NAT)
    ],
)
def test_private_and_metadata_addresses_are_refused_without_connecting(url, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("no connection may be attempted")

    monkeypatch.setattr(netguard, "pinned_connection", never)
    result = fetch(url)
    assert result.outcome == Outcome.REFUSED and "not a public address" in result.reason


def test_a_redirect_to_the_metadata_service_is_refused(archive_server, monkeypatch):
    result = fetch(archive_server.url("/to-metadata"))
    assert result.outcome == Outcome.REFUSED and "169.254.169.254" in result.reason


def test_a_name_is_checked_on_what_it_resolves_to_and_connected_there(
    archive_server, settings, monkeypatch
):
    """A public-looking name that resolves to a private address is refused (the check is after
    DNS); an allowed name is connected to at the address checked, never resolved again."""
    real = netguard.socket.getaddrinfo
    answers = {"evil.example": "10.9.8.7", "ok.example": "127.0.0.1"}

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            return real(answers[host], port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(netguard.socket, "getaddrinfo", getaddrinfo)
    assert fetch(archive_server.url("/page", host="evil.example")).outcome == Outcome.REFUSED

    settings.FACTCHECK_ARCHIVE_ALLOWED_HOSTS = ["ok.example"]
    calls = []
    monkeypatch.setattr(
        netguard.socket,
        "getaddrinfo",
        lambda host, *a, **k: calls.append(host) or getaddrinfo(host, *a, **k),
    )
    result = fetch(archive_server.url("/page", host="ok.example"))
    assert result.ok and result.address == "127.0.0.1"
    assert calls == ["ok.example"]  # resolved once, by the check; the connection used its answer


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "gopher://x/"])
def test_other_schemes_are_refused(url):
    result = fetch(url)
    assert result.outcome == Outcome.NOT_HTTP


def test_a_url_with_credentials_is_refused():
    assert fetch("http://user:pw@example.org/").outcome == Outcome.REFUSED
