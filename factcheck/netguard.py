"""Where the desk may connect on a URL someone typed: http(s) on a public address only.

Two features fetch URLs that editors or partners type: webhooks (factcheck.partners) POST to a
partner's URL, and the archive (sources.archiving) fetches every cited page. The desk makes these
requests from inside the newsroom's network, so without this check a URL could reach the
database port on 127.0.0.1, a cloud metadata service on 169.254.169.254 or anything on the
private network. Each caller checks after DNS, on the very addresses it then connects to
(`pinned_connection`), because a name can resolve elsewhere a second later (DNS rebinding), and
each has its own allow-list of host names exempt from the address check (a setting an
administrator sets: a test server on the private network, or 127.0.0.1 in the tests).
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

SCHEMES = {"http": 80, "https": 443}


class UnsafeURL(ValueError):
    """A URL the desk refuses to connect to; the message says why (shown on forms and logs)."""


class NotHTTP(UnsafeURL):
    """A URL whose scheme is not http or https (ftp://, file://, javascript:, …)."""


def split(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL, refusing schemes other than http and https."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeURL(_("Enter a valid URL.")) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise NotHTTP(_("Only http:// and https:// URLs are allowed."))
    if not parts.hostname:
        raise UnsafeURL(_("The URL names no host."))
    if parts.username or parts.password:
        raise UnsafeURL(_("The URL must not carry a user name or password."))
    return scheme, parts.hostname.lower().rstrip("."), port or SCHEMES[scheme]


def is_allowed_host(host: str, allowed_hosts) -> bool:
    allowed = {h.lower().rstrip(".") for h in allowed_hosts}
    return host.lower().rstrip(".") in allowed


def is_public(address: str) -> bool:
    """Whether an IP address is on the public Internet: not loopback, private, link-local (the
    cloud metadata service), multicast, reserved, unspecified or shared (carrier-grade NAT)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_unspecified
    )


def resolve(url: str, *, allowed_hosts, setting: str) -> list[tuple]:
    """The addresses to connect to for `url` (getaddrinfo tuples), all of them checked.

    Raises UnsafeURL if the scheme is not http(s), the host does not resolve, or any of its
    addresses is not public and the host is not in `allowed_hosts` (named `setting` in the
    message): one bad address is enough, since the connection could go to any of them.
    """
    _scheme, host, port = split(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise UnsafeURL(_("The host %(host)s does not resolve.") % {"host": host}) from None
    if not infos:
        raise UnsafeURL(_("The host %(host)s does not resolve.") % {"host": host})
    if not is_allowed_host(host, allowed_hosts):
        for *_rest, sockaddr in infos:
            if not is_public(sockaddr[0]):
                raise UnsafeURL(
                    _(
                        "%(host)s resolves to %(address)s, which is not a public address; an "
                        "administrator can allow the host in %(setting)s."
                    )
                    % {"host": host, "address": sockaddr[0], "setting": setting}
                )
    return infos


def pinned_connection(scheme: str, host: str, port: int, family, sockaddr, timeout: float):
    """An HTTP(S) connection to `host` that connects to the already checked `sockaddr` only.

    Connecting by name again would resolve it a second time, and the second answer may be
    127.0.0.1 (DNS rebinding); the Host header and the TLS certificate (SNI) still use the name.
    """
    base = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection

    class Pinned(base):
        def connect(self):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            try:
                sock.connect(sockaddr)
            except BaseException:
                sock.close()
                raise
            if scheme == "https":
                sock = self._context.wrap_socket(sock, server_hostname=host)
            self.sock = sock

    if scheme == "https":
        return Pinned(host, port, timeout=timeout, context=ssl.create_default_context())
    return Pinned(host, port, timeout=timeout)


def cut(conn: http.client.HTTPConnection, flag: threading.Event) -> None:
    """Cut a connection from a watchdog timer: a server trickling its answer byte by byte never
    trips a socket timeout, so the whole exchange has its own deadline."""
    flag.set()  # before the shutdown, so that the error it causes is read as the time running out
    sock = conn.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
