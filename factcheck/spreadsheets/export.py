"""The CSV exports.

For partners (and for anyone when the API is open: FACTCHECK_API_ANONYMOUS), through the API's
own key, permission and throttle (factcheck.partners.access), under /api/v1/export/:
- verdicts.csv: the published verdicts, one row each, read from their public snapshots
  (factcheck.published: public.verdicts() and schema.read): never a draft, never a desk-only
  field, and a retracted verdict is gone from it as from the site;
- claims.csv: the claims of those verdicts with their evidence, in the import's columns (one row
  per citation), as the snapshots froze them.
The rows are public on the site already; the key is asked for because a whole-archive download
costs the server more than a page, and the API's per-partner throttle and its open-feed switch
are the desk's one place to decide who may pull in bulk and how often.

For the desk (staff only, in the admin): claims.csv with every claim, published or not, with its
verification status, in the same columns, so a desk's export can be edited and imported again.

Rows are read in batches by primary key (BATCH rows a query, the next batch after the last
key): a fixed number of queries per BATCH rows whatever the archive's size, no query per row,
memory flat, and no transaction or server-side cursor held open while a slow client downloads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from factcheck.api.conditional import feed_validators, not_modified, stamp
from factcheck.api.snapshots import feed_state
from factcheck.api.views import (
    COMMON_ERRORS,
    NOT_MODIFIED,
    JSONOnly,
    exception_handler,
    refuse_unexpected_parameters,
)
from factcheck.models import Claim, ClaimCitation
from factcheck.partners.access import ApiKeyAuthentication, PartnerOrOpenFeed, PartnerRateThrottle
from factcheck.published import public
from factcheck.published.items import url_of
from factcheck.published.schema import PublishedVerdict, read
from factcheck.site.markup import plain_text
from factcheck.spreadsheets.cells import csv_response
from factcheck.spreadsheets.columns import COLUMNS

BATCH = 500

VERDICT_COLUMNS = [
    "verdict_id",
    "url",
    "language",
    "rating",
    "rating_label",
    "rating_label_en",
    "headline",
    "conclusion",
    "claim_slug",
    "claim_text",
    "claim_language",
    "claim_text_en",
    "claim_short",
    "claimant",
    "claimant_name",
    "appeared_at",
    "first_published_at",
    "published_at",
    "revision",
    "supporting_origins",
    "contradicting_origins",
    "corrections",
    "evidence_urls",
]


def batched(queryset: QuerySet, convert: Callable) -> Iterator:
    """Each row of `queryset` (any order given is replaced by the primary key's), converted,
    read BATCH rows a query."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:BATCH])
        for row in chunk:
            yield from convert(row)
        if len(chunk) < BATCH:
            return
        last = chunk[-1].pk


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _published() -> QuerySet:
    return (
        public.verdicts().select_related("public_revision").only("id", "public_revision__snapshot")
    )


def verdict_row(published: PublishedVerdict) -> list:
    claim, verdict, rating = published.claim, published.verdict, published.rating
    claimant = claim.claimant
    return [
        verdict.id,
        url_of(published),
        verdict.language,
        rating.slug,
        rating.label,
        rating.label_en,
        verdict.headline,
        plain_text(verdict.conclusion),
        claim.slug,
        claim.text,
        claim.language,
        claim.text_en,
        claim.short,
        claimant.slug if claimant else "",
        claimant.name if claimant else "",
        _iso(claim.appeared_at),
        _iso(verdict.first_published_at),
        _iso(verdict.published_at),
        verdict.revision,
        published.supporting_origins,
        published.contradicting_origins,
        len(published.corrections),
        " ".join(c.url for c in published.citations if c.url),
    ]


def published_claim_rows(published: PublishedVerdict) -> Iterator[list]:
    """A published claim in the import's columns: its first row carries the claim, every row one
    citation (a claim without citations is one row)."""
    claim = published.claim
    head = {
        "text": claim.text,
        "language": claim.language,
        "text_en": claim.text_en,
        "short": claim.short,
        "slug": claim.slug,
        "claimant": claim.claimant.slug if claim.claimant else "",
        "appeared_at": _iso(claim.appeared_at),
        "time_zone": published.appeared_time_zone,
    }
    citations = [
        {
            "source": c.source.slug,
            "relays": c.relays.slug if c.relays else "",
            "stance": c.stance,
            "url": c.url,
            "title": c.title,
            "quote": c.quote,
            "quote_language": c.quote_language,
            "published_at": _iso(c.published_at),
            "note": c.note,
        }
        for c in published.citations
    ] or [{}]
    for index, citation in enumerate(citations):
        cells = (head if index == 0 else {}) | citation
        yield [cells.get(name, "") for name in COLUMNS]


def _stamp() -> str:
    return timezone.now().strftime("%Y%m%d-%H%M")


class PartnerExport(APIView):
    """Published verdicts or claims as CSV, for a partner's key (or anyone, with the open feed)."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [PartnerOrOpenFeed]
    throttle_classes = [PartnerRateThrottle]
    # The answer is CSV; its errors (a bad key, too many requests) are the API's JSON, whatever
    # the client's Accept header says.
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly
    parser_classes = []

    def get_exception_handler(self):
        return exception_handler

    def query_parameters(self) -> dict[str, bool]:
        return {}  # the whole export, always: no filters, no pages

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # the key, the permission, the throttle first
        # As everywhere in the API: a parameter this endpoint does not take is a 400 naming it,
        # never silently ignored (a partner's "?rating=false" must not look filtered).
        refuse_unexpected_parameters(request, self.query_parameters())

    def conditional(self, request, header: list[str], filename: str, rows: Callable):
        """The export, or a 304 while nothing was released since the client's copy: the feed's
        last position stands for everything published (factcheck.api.snapshots.feed_state), so
        a partner polling the export costs one query until the next release."""
        seq, changed_at = feed_state()
        etag, changed_at = feed_validators(request, seq, changed_at, "csv")
        unchanged = not_modified(request, etag, changed_at)
        if unchanged is not None:
            return unchanged
        response = csv_response(f"{filename}-{_stamp()}.csv", header, rows())
        stamp(response, etag, changed_at)
        return response


_RESPONSES = {
    (200, "text/csv"): OpenApiTypes.STR,
    **NOT_MODIFIED,
    **COMMON_ERRORS,
}


_CSV_NOTE = (
    " UTF-8 with a byte order mark; a cell a spreadsheet would run as a formula (starting with "
    "= + - or @) starts with an apostrophe."
)


class VerdictExport(PartnerExport):
    @extend_schema(
        operation_id="export_verdicts_csv",
        description="The published verdicts, one row each, as CSV." + _CSV_NOTE,
        responses=_RESPONSES,
    )
    def get(self, request, *args, **kwargs):
        return self.conditional(
            request,
            VERDICT_COLUMNS,
            "verdicts",
            lambda: batched(
                _published(), lambda v: [verdict_row(read(v.public_revision.snapshot))]
            ),
        )


class ClaimExport(PartnerExport):
    @extend_schema(
        operation_id="export_claims_csv",
        description=(
            "The claims of the published verdicts with their evidence, one row per citation, in "
            "the columns the desk's import reads, as CSV."
        )
        + _CSV_NOTE,
        responses=_RESPONSES,
    )
    def get(self, request, *args, **kwargs):
        return self.conditional(
            request,
            COLUMNS,
            "claims",
            lambda: batched(
                _published(), lambda v: published_claim_rows(read(v.public_revision.snapshot))
            ),
        )


DESK_COLUMNS = COLUMNS + ["status", "claim_id"]


def desk_claim_rows(claim: Claim) -> Iterator[list]:
    head = {
        "text": claim.text,
        "language": claim.language,
        "text_en": claim.text_en,
        "short": claim.short,
        "slug": claim.slug,
        "claimant": claim.claimant.slug if claim.claimant else "",
        "appeared_at": _iso(claim.appeared_at),
        "time_zone": claim.appeared_time_zone,
        "status": claim.status,
        "claim_id": claim.pk,
    }
    links: list[ClaimCitation] = claim.prefetched_citations
    citations = [
        {
            "source": link.citation.source.slug,
            "relays": link.citation.relays.slug if link.citation.relays else "",
            "stance": link.stance,
            "url": link.citation.url,
            "title": link.citation.title,
            "quote": link.citation.quote,
            "quote_language": link.citation.quote_language,
            "published_at": _iso(link.citation.published_at),
            "note": link.note,
        }
        for link in links
    ] or [{}]
    for index, citation in enumerate(citations):
        cells = (head if index == 0 else {}) | citation
        yield [cells.get(name, "") for name in DESK_COLUMNS]


def _desk_claims() -> QuerySet:
    from django.db.models import Prefetch

    # Per batch: 1. the claims with their claimants, 2. their citations with both sources.
    return Claim.objects.select_related("claimant").prefetch_related(
        Prefetch(
            "claim_citations",
            queryset=ClaimCitation.objects.select_related(
                "citation__source", "citation__relays"
            ).order_by("pk"),
            to_attr="prefetched_citations",
        )
    )


def desk_export(request: HttpRequest):
    """Every claim, published or not, for the desk: staff only (the admin's login, checked by
    spreadsheets.admin, which serves it)."""
    return csv_response(
        f"desk-claims-{_stamp()}.csv", DESK_COLUMNS, batched(_desk_claims(), desk_claim_rows)
    )
