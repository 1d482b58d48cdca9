"""The public site's URLs. `urlpatterns` go under a language prefix (/en/, /ru/) through
i18n_patterns in factcheck/urls.py; `root_urlpatterns` are the few that must stay unprefixed.

The root `/` has no view: LocaleMiddleware answers it with a redirect to /en/ or /ru/, from the
language cookie or the browser's Accept-Language header.
"""

from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from factcheck.intake import views as intake
from factcheck.site import (
    claimants,
    events,
    feeds,
    pages,
    search,
    sitemaps,
    sources,
    transparency,
    verdicts,
)

app_name = "site"

urlpatterns = [
    path("", verdicts.home, name="home"),
    path("verdicts/<slug:slug>/", verdicts.verdict, name="verdict"),
    path("events/", events.index, name="events"),
    path("events/<slug:slug>/", events.event, name="event"),
    path("events/<slug:slug>/figures/", events.figures, name="figures"),
    path("sources/", sources.index, name="sources"),
    path("sources/<slug:slug>/", sources.source, name="source"),
    # A claimant's record (issue 12): its checked claims, paged, and a chart of their ratings.
    path("sources/<slug:slug>/record/", claimants.claimant, name="claimant"),
    path("search/", search.search, name="search"),
    path("methodology/", pages.methodology, name="methodology"),
    path("corrections/", pages.corrections, name="corrections"),
    # The transparency pages (IFCN): methodology and corrections above carry their own text too.
    path("about/", transparency.about, name="about"),
    path("funding/", transparency.funding, name="funding"),
    path("contact/", transparency.contact, name="contact"),
    path("feed/", feeds.feed, name="feed"),
    # Readers talk to the desk (issue 12, factcheck.intake): never cached, never in the sitemap.
    path("submit/", intake.submit, name="submit"),
    path("submit/thanks/", intake.thanks, name="submit_thanks"),
    path("verdicts/<slug:slug>/correction/", intake.correction, name="correction_request"),
]

root_urlpatterns = [
    path("robots.txt", pages.robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico whatever the page says; answer instead of logging a 404.
    path("favicon.ico", RedirectView.as_view(url=static("site/favicon.svg"), permanent=True)),
    path("sitemap.xml", sitemaps.sitemap_xml, name="sitemap_xml"),
]
