"""Reads over the snapshots of public revisions, the only form of a verdict partners ever see.

What is public is defined in factcheck.published.public; this module only picks the columns a
feed item is made of, and the feed's position for conditional requests.
"""

from factcheck.published import public

# Only what an item is made of: the row's feed fields and the public revision's snapshot, not
# the working copy's texts.
FEED_COLUMNS = (
    "id",
    "state",
    "feed_seq",
    "released_at",
    "first_published_at",
    "retracted_at",
    "retraction_reason",
    "public_revision__number",
    "public_revision__published_at",
    "public_revision__snapshot",
)


def released_verdicts():
    """Published verdicts and retraction tombstones, each with its public revision."""
    return public.released().select_related("public_revision").only(*FEED_COLUMNS)


def published_verdicts():
    """Published verdicts (no tombstones), each with its public revision."""
    return public.verdicts().select_related("public_revision").only(*FEED_COLUMNS)


def feed_state() -> tuple[int, object]:
    """(last feed position, last release time): changes whenever anything partners see changes.

    Published content changes only through a release, and every release takes a new position
    (factcheck.services._stamp_release); released verdicts cannot be deleted (their revisions are
    protected). Release times never go backwards, so the last position carries the last time: one
    lookup at the end of the feed's index.
    """
    last = public.released().order_by("-feed_seq").values_list("feed_seq", "released_at").first()
    return last or (0, None)
