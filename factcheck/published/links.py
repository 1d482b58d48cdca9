"""The desk's name and the addresses of published things, for pages, feeds, markup and the API.

Absolute URLs are built on settings.SITE_URL, never on a request's Host header, so a page reached
through another name still names its one canonical address. A verdict's page is named by the URL
name "site:verdict", in the verdict's own language.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def site_name() -> str:
    return getattr(settings, "SITE_NAME", "") or _("Fact-check desk")


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def verdict_language(language: str) -> str:
    """The site language a verdict in `language` is presented in."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def verdict_url(slug: str, language: str) -> str:
    """The absolute URL of a verdict's public page, in the verdict's language."""
    with translation.override(verdict_language(language)):
        return absolute(reverse("site:verdict", kwargs={"slug": slug}))


def web_url(value) -> str:
    """`value` if it is an http(s) URL, else "": the only links ever rendered from data."""
    value = str(value or "").strip()
    return value if urlsplit(value).scheme.lower() in {"http", "https"} else ""
