"""The feed's position, for conditional requests.

What is public is defined in factcheck.published.public, and what a feed item is made of in
factcheck.published.items.
"""

from factcheck.published import public


def feed_state() -> tuple[int, object]:
    """(last feed position, last release time): changes whenever anything partners see changes.

    Published content changes only through a release, and every release takes a new position
    (factcheck.services._stamp_release); released verdicts cannot be deleted (their revisions are
    protected). Release times never go backwards, so the last position carries the last time: one
    lookup at the end of the feed's index.
    """
    # feed_seq IS NOT NULL, which every released verdict satisfies, lets the backward walk of
    # verdict_feed_seq_unique start after the unreleased verdicts' NULLs (PostgreSQL puts them
    # first when descending): without it, 20 ms at 100k verdicts, growing with the drafts.
    last = (
        public.released()
        .filter(feed_seq__isnull=False)
        .order_by("-feed_seq")
        .values_list("feed_seq", "released_at")
        .first()
    )
    return last or (0, None)
