"""The partner REST feed under /api/v1/: keys, filters, lossless incremental sync, webhooks.

Everything here is read-only over what readers may see (Verdict.objects.published() / released())
and serves each verdict from the snapshot stored with its public revision.
"""
