"""Signals the workflow sends after a transaction has committed.

`verdict_released` fires when readers' and partners' view of a verdict changes: first publication,
a republication (correction, update, clarification) and a retraction. Receivers (partner webhooks,
cache purges) can rely on the change being durable when they hear of it.
"""

from django.dispatch import Signal

# kwargs: verdict (Verdict), revision (VerdictRevision | None for a retraction), event (str:
# "published", "corrected", "updated", "clarified" or "retracted")
verdict_released = Signal()
