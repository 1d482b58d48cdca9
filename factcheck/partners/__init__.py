"""The partners of the REST feed, their API keys and webhooks (the app labelled `partners`).

Who may read /api/v1/ and how often (access.py), the changes to partners and keys (services.py),
and the signed deliveries of released verdicts to partners' servers (webhooks.py, tasks.py). The
feed itself, read-only over what readers may see, is factcheck.api.
"""
