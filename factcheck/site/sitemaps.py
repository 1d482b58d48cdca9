"""sitemap.xml: the published verdicts, the public events and sources, and the fixed pages, each in
both languages with hreflang alternates. Retracted verdicts stay reachable (their tombstones) but
are no longer offered to search engines.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from factcheck.published import public
from factcheck.published.sql import SnapshotText
from factcheck.site.conditional import respond
from factcheck.site.verdicts import last_release
from sources.models import Source


class SiteSitemap(Sitemap):
    """Absolute URLs on settings.SITE_URL, whatever Host the request came with."""

    i18n = True
    alternates = True
    x_default = True
    protocol = urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def items(self):
        if not hasattr(self, "_cached"):
            self._cached = list(self.fetch())
        return self._cached

    def fetch(self):
        raise NotImplementedError


class VerdictSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.8

    def fetch(self):
        return (
            public.latest()
            .annotate(slug=SnapshotText("public_revision__snapshot", "claim", "slug"))
            .values_list("slug", "released_at", "public_revision__published_at")
        )

    def location(self, item):
        return reverse("site:verdict", kwargs={"slug": item[0]})

    def lastmod(self, item):
        return item[1] or item[2]


class EventSitemap(SiteSitemap):
    """The public events with a page of their own (factcheck.published.public.event_pages)."""

    changefreq = "weekly"
    priority = 0.6

    def fetch(self):
        return public.event_pages().order_by("starts_at", "pk").values_list("slug", flat=True)

    def location(self, item):
        return reverse("site:event", kwargs={"slug": item})


class SourceSitemap(SiteSitemap):
    """The public sources: claimants, and sources cited or relayed as evidence."""

    changefreq = "weekly"
    priority = 0.4

    def fetch(self):
        return public.sources().order_by("slug").values_list("slug", flat=True)

    def location(self, item):
        return reverse("site:source", kwargs={"slug": item})


class ClaimantRecordSitemap(SiteSitemap):
    """The claimants' records (factcheck.site.claimants): sources a published verdict names as
    the claimant, as the record page itself decides."""

    changefreq = "weekly"
    priority = 0.4

    def fetch(self):
        return (
            Source.objects.filter(pk__in=public.facet_ids(public.FacetKind.CLAIMANT))
            .order_by("slug")
            .values_list("slug", flat=True)
        )

    def location(self, item):
        return reverse("site:claimant", kwargs={"slug": item})


class PageSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.5

    def fetch(self):
        return [
            "site:home",
            "site:events",
            "site:sources",
            "site:methodology",
            "site:corrections",
            "site:about",
            "site:funding",
            "site:contact",
        ]

    def location(self, item):
        return reverse(item)


@require_safe
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    # Queries: 1. the published verdicts, 2. the public events with a page, 3. the public
    # sources, 4. the claimants with a record, 5. the newest release (Last-Modified).
    sections = {
        "pages": PageSitemap(),
        "verdicts": VerdictSitemap(),
        "events": EventSitemap(),
        "sources": SourceSitemap(),
        "records": ClaimantRecordSitemap(),
    }
    fingerprint = [section.items() for section in sections.values()]
    return respond(
        request,
        fingerprint=fingerprint,
        last_modified=last_release(),
        render=lambda: django_sitemap(request, sections).render(),
    )
