"""Reads over the snapshots of public revisions, the only form of a verdict partners ever see.

Filters by event or source must match what the served snapshot says, not the working copy (a
citation added to a claim after publication reaches nobody until the next review), so they look
inside the snapshot's JSON, with the site's expressions (factcheck.site.selectors) and, for the
lists of events and sources, the SQL below in both dialects.
"""

from django.db import connection
from django.db.models import F

from factcheck.models import Verdict

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
    return Verdict.objects.released().select_related("public_revision").only(*FEED_COLUMNS)


def published_verdicts():
    """Published verdicts (no tombstones), each with its public revision."""
    return Verdict.objects.published().select_related("public_revision").only(*FEED_COLUMNS)


def referenced_ids_sql(kind: str) -> tuple[str, list]:
    """SQL for the ids of events or sources that published snapshots refer to, as a subquery.

    Cost grows with the number of published verdicts (one pass over their snapshots): fine for
    the events and sources lists, which partners read rarely; the verdict feed never uses it.
    """
    inner, params = (
        Verdict.objects.published()
        .order_by()
        .values(snap=F("public_revision__snapshot"))
        .query.sql_with_params()
    )
    pg = connection.vendor == "postgresql"
    if kind == "events":
        if pg:
            select = (
                f"SELECT (j.value ->> 'id')::bigint FROM ({inner}) AS p, "
                "jsonb_array_elements(p.snap -> 'events') AS j"
            )
        else:
            select = (
                f"SELECT json_extract(j.value, '$.id') FROM ({inner}) AS p, "
                "json_each(p.snap, '$.events') AS j"
            )
        return select, list(params)
    if pg:
        parts = [
            f"SELECT (p.snap -> 'claim' -> 'claimant' ->> 'id')::bigint FROM ({inner}) AS p",
            f"SELECT (j.value -> 'source' ->> 'id')::bigint FROM ({inner}) AS p, "
            "jsonb_array_elements(p.snap -> 'citations') AS j",
            f"SELECT (j.value -> 'relays' ->> 'id')::bigint FROM ({inner}) AS p, "
            "jsonb_array_elements(p.snap -> 'citations') AS j",
        ]
    else:
        parts = [
            f"SELECT json_extract(p.snap, '$.claim.claimant.id') FROM ({inner}) AS p",
            f"SELECT json_extract(j.value, '$.source.id') FROM ({inner}) AS p, "
            "json_each(p.snap, '$.citations') AS j",
            f"SELECT json_extract(j.value, '$.relays.id') FROM ({inner}) AS p, "
            "json_each(p.snap, '$.citations') AS j",
        ]
    return " UNION ".join(parts), list(params) * 3


def feed_state() -> tuple[int, object]:
    """(last feed position, last release time): changes whenever anything partners see changes.

    Published content changes only through a release, and every release takes a new position
    (factcheck.services._stamp_release); released verdicts cannot be deleted (their revisions are
    protected). Release times never go backwards, so the last position carries the last time: one
    lookup at the end of the feed's index.
    """
    last = (
        Verdict.objects.released()
        .order_by("-feed_seq")
        .values_list("feed_seq", "released_at")
        .first()
    )
    return last or (0, None)
