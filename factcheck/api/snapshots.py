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
    last = public.released().order_by("-feed_seq").values_list("feed_seq", "released_at").first()
    return last or (0, None)
