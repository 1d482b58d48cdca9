"""The public site: what readers, search engines and aggregators see.

Every page, feed, sitemap entry and search result starts from `Verdict.objects.published()` or
`.released()` and shows only the frozen snapshot of each verdict's public revision (see
factcheck.snapshot), never the working copy of a verdict or a live claim. Events and sources have
no workflow of their own: they are public while at least one published snapshot names them.

    selectors.py    reads: the queries every page is built from, each a fixed number of queries
    presenters.py   snapshots turned into objects templates can use (times at their precision)
    conditional.py  ETag / Last-Modified and 304s
    verdicts.py     the home page and the verdict page (with the staff preview)
    events.py       the events index, an event's timeline and its figures side by side
    sources.py      the sources index and a source's page
    search.py       full-text search: PostgreSQL's Russian and English configurations, SQLite fallback
    pages.py        methodology, corrections log, robots.txt
    feeds.py        the Atom feed;  sitemaps.py  sitemap.xml
    claimreview.py  schema.org ClaimReview JSON-LD;  seo.py  canonical, hreflang, Open Graph
    markup.py       Markdown rendered and sanitised
"""
