"""Where a webhook may point: http(s) on a public address, unless an administrator allow-lists the host.

A webhook URL is typed in the admin, and the desk then POSTs to it from inside the newsroom's
network: without this check it could reach the database port on 127.0.0.1, a cloud metadata
service on 169.254.169.254 or anything on the private network. The URL is checked when it is saved
(Webhook.clean) and again at every delivery, after DNS, on the very addresses the desk connects
to (factcheck.partners.webhooks), because a name can resolve elsewhere later (DNS rebinding).
FACTCHECK_WEBHOOK_ALLOWED_HOSTS lists host names exempt from the address check (a partner's test
server on the private network, or 127.0.0.1 in the tests).
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

SCHEMES = {"http": 80, "https": 443}


class UnsafeURL(ValueError):
    """A webhook URL the desk refuses to send to; the message says why, for the admin form."""


def split(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a webhook URL, refusing schemes other than http and https."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeURL(_("Enter a valid URL.")) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise UnsafeURL(_("Only http:// and https:// URLs can receive webhooks."))
    if not parts.hostname:
        raise UnsafeURL(_("The URL names no host."))
    if parts.username or parts.password:
        raise UnsafeURL(_("The URL must not carry a user name or password."))
    return scheme, parts.hostname.lower().rstrip("."), port or SCHEMES[scheme]


def is_allowed_host(host: str) -> bool:
    allowed = {h.lower().rstrip(".") for h in settings.FACTCHECK_WEBHOOK_ALLOWED_HOSTS}
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


def resolve(url: str) -> list[tuple]:
    """The addresses to connect to for `url` (getaddrinfo tuples), all of them checked.

    Raises UnsafeURL if the scheme is not http(s), the host does not resolve, or any of its
    addresses is not public and the host is not allow-listed: one bad address is enough, since
    the connection could go to any of them.
    """
    _scheme, host, port = split(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise UnsafeURL(_("The host %(host)s does not resolve.") % {"host": host}) from None
    if not infos:
        raise UnsafeURL(_("The host %(host)s does not resolve.") % {"host": host})
    if not is_allowed_host(host):
        for *_rest, sockaddr in infos:
            if not is_public(sockaddr[0]):
                raise UnsafeURL(
                    _(
                        "%(host)s resolves to %(address)s, which is not a public address; an "
                        "administrator can allow the host in FACTCHECK_WEBHOOK_ALLOWED_HOSTS."
                    )
                    % {"host": host, "address": sockaddr[0]}
                )
    return infos
