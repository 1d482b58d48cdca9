"""The frozen form of a verdict at publication: see factcheck.published.schema, its one home.

`build_snapshot` stays here under its old name for the publishing service.
"""

from factcheck.published.schema import FORMAT as SNAPSHOT_FORMAT
from factcheck.published.schema import build


def build_snapshot(verdict, *, number: int, published_at) -> dict:
    return build(verdict, number=number, published_at=published_at)


__all__ = ["SNAPSHOT_FORMAT", "build_snapshot"]
