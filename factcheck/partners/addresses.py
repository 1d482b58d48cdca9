"""Where a webhook may point: http(s) on a public address, unless an administrator allow-lists the host.

The check itself is shared with the archive of cited pages (factcheck.netguard). A webhook URL is
checked when it is saved (Webhook.clean) and again at every delivery, after DNS, on the very
addresses the desk connects to (factcheck.partners.webhooks). FACTCHECK_WEBHOOK_ALLOWED_HOSTS
lists host names exempt from the address check (a partner's test server on the private network,
or 127.0.0.1 in the tests).
"""

import socket  # noqa: F401  (tests patch addresses.socket.getaddrinfo)

from django.conf import settings

from factcheck.netguard import UnsafeURL, is_public, split  # noqa: F401  (this module's API)
from factcheck.netguard import resolve as _resolve


def is_allowed_host(host: str) -> bool:
    from factcheck.netguard import is_allowed_host as allowed

    return allowed(host, settings.FACTCHECK_WEBHOOK_ALLOWED_HOSTS)


def resolve(url: str) -> list[tuple]:
    """The checked addresses of a webhook URL (factcheck.netguard.resolve)."""
    return _resolve(
        url,
        allowed_hosts=settings.FACTCHECK_WEBHOOK_ALLOWED_HOSTS,
        setting="FACTCHECK_WEBHOOK_ALLOWED_HOSTS",
    )
