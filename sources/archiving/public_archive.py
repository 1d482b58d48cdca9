"""Optional: ask a public web archive to save a cited page as well (off unless
FACTCHECK_PUBLIC_ARCHIVE_SAVE_URL names its save service, e.g. "https://web.archive.org/save/").

The request goes through the same guarded fetcher as the desk's own captures (an allow-list, a
public address, bounded in time and size). A save service that answers with a redirect to its
copy (the Wayback Machine's does) gives that copy's address, which fills the citation's
"archived copy" field when the desk left it empty: a copy held by someone other than the desk,
for readers of a page whose publisher and the desk both went dark.
"""

from __future__ import annotations

import logging

from django.conf import settings

from sources.archiving.fetch import fetch
from sources.models import Citation

logger = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(settings.FACTCHECK_PUBLIC_ARCHIVE_SAVE_URL)


def submit(*, citation: Citation) -> str:
    """Ask the save service for the citation's URL; the fetch's outcome ("ok", "timeout", …),
    or "off" when no service is configured."""
    if not enabled() or not citation.url:
        return "off"
    fetched = fetch(settings.FACTCHECK_PUBLIC_ARCHIVE_SAVE_URL + citation.url)
    if fetched.ok and fetched.redirects and not citation.archive_url:
        # An update, not save(): nothing else of the citation is touched, and a value the desk
        # typed in the meantime is kept (archive_url="" in the filter).
        Citation.objects.filter(pk=citation.pk, archive_url="").update(
            archive_url=fetched.final_url[:1000]
        )
    logger.info("Public archive asked for %s: %s %s", citation.url, fetched.outcome, fetched.reason)
    return fetched.outcome
