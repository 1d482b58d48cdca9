"""The partner REST feed under /api/v1/: filters, lossless incremental sync, OpenAPI docs.

Everything here is read-only over what readers may see (Verdict.objects.published() / released())
and serves each verdict from the snapshot stored with its public revision. A plain package, not
an app: the partners who read it, their keys and webhooks are the app factcheck.partners.
"""
