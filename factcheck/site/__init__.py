"""The public site: what readers, search engines and aggregators see.

The site stands on the read model (factcheck.published): every page, feed, sitemap entry and search
result starts from its definitions of what is public (factcheck.published.public) and shows only
the snapshot of each verdict's public revision, read through its one reader
(factcheck.published.schema.read), never the working copy of a verdict or a live claim. The site
never imports the partner API, nor the API the site.

    selectors.py    the site's reads: verdict cards and the verdict page's lookups
    presenters.py   published verdicts turned into objects templates can use (times at their precision)
    conditional.py  ETag / Last-Modified and 304s
    verdicts.py     the home page and the verdict page (with the staff preview)
    events.py       the events index, an event's timeline and its figures side by side
    sources.py      the sources index and a source's page
    search.py       the search page (the search itself is factcheck.published.search)
    pages.py        methodology, corrections log, robots.txt
    feeds.py        the Atom feed;  sitemaps.py  sitemap.xml
    seo.py          canonical, hreflang, Open Graph (ClaimReview: factcheck.published.claimreview)
    markup.py       Markdown rendered and sanitised
"""
