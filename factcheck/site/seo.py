"""What a page tells machines about itself: title, canonical URL, language alternates, Open Graph and
Twitter card tags, robots directives, and where the Atom feed is.

Absolute URLs are built on settings.SITE_URL, never on the request's Host header, so a page reached
through another name still names its one canonical address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from factcheck.published.links import absolute, site_name
from factcheck.site.presenters import ui_language

__all__ = ["Meta", "absolute", "page_meta", "site_name"]

OG_LOCALES = {"en": "en_US", "ru": "ru_RU"}


@dataclass
class Meta:
    title: str
    description: str
    canonical: str
    alternates: list[tuple[str, str]]
    language: str
    site_name: str
    feed_url: str
    og_type: str = "website"
    noindex: bool = False
    published: datetime | None = None
    modified: datetime | None = None
    jsonld: SafeString | None = None
    other_languages: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def og_locale(self) -> str:
        return OG_LOCALES.get(self.language, self.language)

    @property
    def og_alternate_locales(self) -> list[str]:
        return [
            OG_LOCALES.get(code, code)
            for code, _href in self.alternates
            if code not in (self.language, "x-default")
        ]


def page_meta(
    request: HttpRequest,
    *,
    title: str,
    description: str = "",
    og_type: str = "website",
    noindex: bool = False,
    query: dict | None = None,
    published: datetime | None = None,
    modified: datetime | None = None,
    jsonld: SafeString | None = None,
    languages: list[str] | None = None,
    canonical: str | None = None,
) -> Meta:
    """The head of a page. `query` holds the query parameters that are part of its identity (a
    page number); every other parameter (filters) is dropped from the canonical URL.

    `languages`: the languages the page's content exists in (a verdict's versions, its own
    first), when not every site language: the alternates link those only, x-default the first.
    `canonical`: another page this one stands in for (a verdict shown in its own language under
    a language it has no version in names the page of that version)."""
    path = request.path
    suffix = f"?{urlencode(query)}" if query else ""
    language = ui_language()
    alternates = []
    switch = []
    for code, label in settings.LANGUAGES:
        translated = translate_url(path, code)
        if languages is None or code in languages:
            alternates.append((code, absolute(translated) + suffix))
        if code != language:
            query_string = request.META.get("QUERY_STRING", "")
            switch.append(
                (code, str(label), translated + (f"?{query_string}" if query_string else ""))
            )
    # x-default: the address without a language prefix, which LocaleMiddleware redirects by the
    # browser's language (the same as sitemap.xml's x-default).
    prefix = f"/{language}/"
    unprefixed = "/" + path[len(prefix) :] if path.startswith(prefix) else path
    if languages is None:
        alternates.append(("x-default", absolute(unprefixed) + suffix))
    else:
        alternates.append(("x-default", absolute(translate_url(path, languages[0])) + suffix))
    return Meta(
        title=title,
        description=Truncator(" ".join(description.split())).chars(200),
        canonical=canonical or absolute(path) + suffix,
        alternates=alternates,
        language=language,
        site_name=site_name(),
        feed_url=reverse("site:feed"),
        og_type=og_type,
        noindex=noindex,
        published=published,
        modified=modified,
        jsonld=jsonld,
        other_languages=switch,
    )
