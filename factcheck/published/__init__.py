"""The published read model: what readers and partners may see, in one place.

The public site (factcheck.site) and the partner API (factcheck.api) both stand on this package
and never import each other. A verdict reaches the public as the snapshot frozen on its public
revision; this package writes that snapshot (one writer), reads it back into typed objects (one
reader, which also reads every older format), and defines once each set of public things.

    schema.py       the snapshot: frozen dataclasses, FORMAT, build() (the writer), read() (the reader)
    public.py       the public verdicts, claims, events, event links, sources and figures, and when
                    the public view last changed: the querysets every surface starts from
    sql.py          expressions that look inside a snapshot's JSON, on SQLite and PostgreSQL alike
    search.py       the search document of a snapshot and the match both surfaces use
    links.py        the desk's name, absolute URLs and a verdict's public URL
    claimreview.py  schema.org ClaimReview from a published verdict (pages and the DataFeed)
"""
