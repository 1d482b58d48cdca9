"""The partner endpoints under /api/v1/: read-only, JSON only, every query scoped to released content.

Everything stands on the read model (factcheck.published), never on the public site: verdicts,
claims and the ClaimReview feed read one page of released / published verdicts joined to their
public revision (the snapshot, read through the schema's one reader, is the body); events, their
links and sources are the public ones of factcheck.published.public; ratings are the scale.
"""

import logging

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django_filters import MultipleChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.viewsets import GenericViewSet

from events.models import Event
from factcheck.api import examples
from factcheck.api.conditional import body_validators, feed_validators, not_modified, stamp
from factcheck.api.feed import CLAIMS, FEED, REVIEWS, StoredList, fast_path, joined
from factcheck.api.filters import (
    EventFilter,
    NoFilters,
    SourceFilter,
    VerdictFilter,
    requested_language,
)
from factcheck.api.pagination import FEED_ORDERINGS, ID_ORDERINGS, Pager
from factcheck.api.serializers import (
    ClaimantRecordSerializer,
    ClaimPageSerializer,
    ClaimSerializer,
    DetailSerializer,
    EventPageSerializer,
    EventSerializer,
    RatingSerializer,
    SourcePageSerializer,
    SourceSerializer,
    VerdictPageSerializer,
    VerdictSerializer,
)
from factcheck.api.snapshots import feed_state
from factcheck.models import Rating, Verdict
from factcheck.partners.access import ApiKeyAuthentication, PartnerOrOpenFeed, PartnerRateThrottle
from factcheck.published import public
from factcheck.published.items import (
    items,
    published_verdicts,
    released_verdicts,
)
from sources.models import Source

logger = logging.getLogger(__name__)

# Said in every claimant record, in the API's language (English), as the site's page says it.
RECORD_SCOPE = (
    "Only the claims by this source that the desk chose to check and published a verdict on; "
    "not a measure of everything the source has said."
)

ID_PATTERN = r"[0-9]{1,18}"


# --- plumbing shared by every endpoint -------------------------------------------------------


class JSONOnly(BaseContentNegotiation):
    """Answer in the view's one format whatever Accept says: errors too are never HTML."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.error("Unhandled error in the partner API", exc_info=exc)
        response = Response({"detail": "Server error."}, status=500)
    return response


def not_found(request, *args, **kwargs):
    """Anything under /api/ that is no endpoint: JSON, like every other answer of the API."""
    return JsonResponse({"detail": "Not found."}, status=404)


PARAMETER_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"updated_since": ["Enter a valid ISO 8601 date and time."]},
}
COMMON_ERRORS = {
    400: OpenApiResponse(
        PARAMETER_ERRORS,
        description="A parameter was refused (a bad value, an empty one, one given twice, or one "
        "this endpoint does not take): each offending parameter, with what is wrong.",
    ),
    401: OpenApiResponse(
        DetailSerializer,
        description="No key (while anonymous access is off), or an unknown, revoked or suspended key.",
    ),
    429: OpenApiResponse(
        DetailSerializer,
        description="Too many requests for this partner: retry after `Retry-After` seconds.",
    ),
}
LIST_ERRORS = COMMON_ERRORS
ITEM_ERRORS = {**COMMON_ERRORS, 404: OpenApiResponse(DetailSerializer, description="No such item.")}
NOT_MODIFIED = {
    304: OpenApiResponse(description="Nothing changed since the ETag or Last-Modified you sent.")
}
PAGE_PARAMETERS = [
    OpenApiParameter(
        "cursor",
        {"type": "string", "minLength": 1},
        description="Continue after this position: the `cursor` (or the `next` link) of the page "
        "you read last. Keep it between polls to receive every change exactly once.",
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": 500},
        description="Items per page, 1 to 500 (default 100).",
    ),
]


def id_parameter(what: str):
    return OpenApiParameter(
        "id",
        {"type": "integer", "minimum": 0, "maximum": 10**18 - 1},
        OpenApiParameter.PATH,
        description=f"The {what}'s id.",
    )


# `lang` on one verdict or claim, as the lists take it (VerdictFilter.lang).
LANG_PARAMETER = OpenApiParameter(
    "lang",
    str,
    OpenApiParameter.QUERY,
    enum=list(settings.FACTCHECK_VERDICT_LANGUAGES),
    description="The language to serve the verdict's text in (e.g. `ru`); the verdict's own "
    "if it has no version in it yet (`language` says which).",
)


class PartnerSchema(AutoSchema):
    """Lists answer with a page object (not an array), except where a view says otherwise."""

    def _is_list_view(self, serializer=None):
        return bool(getattr(self.view, "list_is_array", False) and self.view.action == "list")

    def get_filter_backends(self):
        return getattr(self.view, "filter_backends", []) if self.view.action == "list" else []

    def get_operation_id(self):
        return f"{self.view.basename}_{self.view.action}"


class PartnerViewSet(GenericViewSet):
    schema = PartnerSchema()
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [PartnerOrOpenFeed]
    throttle_classes = [PartnerRateThrottle]
    renderer_classes = [JSONRenderer]
    parser_classes = []
    content_negotiation_class = JSONOnly
    filter_backends = [DjangoFilterBackend]
    pagination_class = None
    lookup_value_regex = ID_PATTERN
    list_is_array = False  # lists are pages (cursor, page_size) unless a view says otherwise
    item_parameters: dict[str, bool] = {}  # what one item's URL takes (query_parameters)

    def get_exception_handler(self):
        return exception_handler

    def query_parameters(self) -> dict[str, bool]:
        """Every query parameter this action takes, and whether it may be given more than once.

        The same list the schema shows (PAGE_PARAMETERS and the FilterSet): anything else is
        refused, so a misspelt filter can never be read as "filtered" by a partner.
        """
        if self.action != "list":
            return dict(self.item_parameters)
        accepted = {} if self.list_is_array else {"cursor": False, "page_size": False}
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None and self.filter_backends:
            accepted |= {
                name: isinstance(field, MultipleChoiceFilter)
                for name, field in filterset.base_filters.items()
            }
        return accepted

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttling first
        refuse_unexpected_parameters(request, self.query_parameters())

    def filtered(self, queryset):
        """Apply the view's FilterSet; a refused parameter is a 400 naming it."""
        if self.request.query_params.keys() <= {"cursor", "page_size"}:
            return queryset, NoFilters()
        filterset = DjangoFilterBackend().get_filterset(self.request, queryset, self)
        if not filterset.is_valid():
            raise _parameter_errors(filterset.errors)
        return filterset.qs, filterset

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("ETag")
        ):
            # Not made from snapshots: validators from the body itself.
            response.render()
            etag, since = body_validators(request, response.content)
            unchanged = not_modified(request, etag, since)
            if unchanged is not None:
                return unchanged
            stamp(response, etag, since)
        return response


def refuse_unexpected_parameters(request, accepted: dict[str, bool]) -> None:
    """A 400 naming each parameter that is unknown here, empty, or repeated without being a list."""
    errors = {}
    for name, values in request.query_params.lists():
        if name not in accepted:
            errors[name] = [
                _("Unknown parameter. This endpoint takes: %(names)s.")
                % {"names": ", ".join(sorted(accepted))}
                if accepted
                else _("Unknown parameter. This endpoint takes no parameters.")
            ]
        elif len(values) > 1 and not accepted[name]:
            errors[name] = [_("Give this parameter once.")]
        elif any(value == "" for value in values):
            errors[name] = [_("This parameter is empty: give a value or leave it out.")]
    if errors:
        raise ValidationError(errors)


def _parameter_errors(errors):
    return ValidationError({name: list(messages) for name, messages in errors.items()})


class SnapshotFeedMixin:
    """Conditional requests for anything made from snapshots: validators before the read."""

    def conditional(self, request, *extra):
        seq, changed_at = feed_state()
        etag, changed_at = feed_validators(request, seq, changed_at, *extra)
        return etag, changed_at, not_modified(request, etag, changed_at)

    def respond(self, data, etag, changed_at, **kwargs):
        response = Response(data, **kwargs)
        stamp(response, etag, changed_at)
        return response


# --- verdicts --------------------------------------------------------------------------------


class Encoded:
    """A body already encoded as JSON, which FeedRenderer sends as it is."""

    def __init__(self, content: bytes):
        self.content = content

    @classmethod
    def page(cls, envelope: dict, items: list[str], key: str = "results") -> "Encoded":
        """The page `envelope` (with an empty list `key`, last) with these encoded items in it."""
        return cls(joined(envelope, items, key))


class FeedRenderer(JSONRenderer):
    """JSON, as everywhere in the API; a body already encoded goes out as it is."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, Encoded):
            return data.content
        return super().render(data, accepted_media_type, renderer_context)


class StoredListMixin(SnapshotFeedMixin):
    """A list made of the texts stored at each release (factcheck.api.feed.StoredList)."""

    stored: StoredList

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        view = super().as_view(actions, **initkwargs)
        if actions and actions.get("get") == "list":
            # Plain polls (`cursor`, `page_size` only), most of the API's traffic, skip DRF
            # (factcheck.api.feed) and get the answer list() would give.
            return fast_path(view, cls.stored)
        return view

    def stored_list(self, request, verdicts):
        """list(): the page of `verdicts` the request asks for, filtered, with its validators."""
        queryset, filterset = self.filtered(verdicts)
        pager = Pager(request, FEED_ORDERINGS[filterset.ordering_name])
        etag, changed_at, unchanged = self.conditional(request, filterset.event_ids)
        if unchanged is not None:
            return unchanged
        body, link = self.stored.page(
            pager, queryset, changed_at, language=filterset.serve_language
        )
        response = self.respond(Encoded(body), etag, changed_at)
        if link is not None:
            response["Link"] = link
        return response


class VerdictViewSet(StoredListMixin, PartnerViewSet):
    filterset_class = VerdictFilter
    item_parameters = {"lang": False}
    renderer_classes = [FeedRenderer]
    queryset = Verdict.objects.none()  # for the schema; requests use released_verdicts()
    stored = FEED

    @extend_schema(
        summary="The verdict feed",
        description=(
            "Every released verdict: published ones with their public revision, retracted ones "
            "as tombstones. In the default order (`updated`) this is a change feed: follow `next` "
            "(or keep `cursor`) and you receive every publication, correction and retraction "
            "exactly once, in the order they happened. See *Keeping a mirror* above."
        ),
        parameters=PAGE_PARAMETERS,
        responses={200: VerdictPageSerializer, **NOT_MODIFIED, **LIST_ERRORS},
        examples=examples.VERDICT_PAGE,
        tags=["verdicts"],
    )
    def list(self, request):
        # The items as stored at their release (factcheck.published.items): no snapshot is read
        # or re-encoded per request, only the envelope is made here. No parameter changes an
        # item's shape, so every variant of the list takes this path.
        return self.stored_list(request, released_verdicts())

    @extend_schema(
        summary="One verdict",
        description="A released verdict by id; a tombstone (`status: retracted`) if retracted.",
        parameters=[id_parameter("verdict"), LANG_PARAMETER],
        responses={200: VerdictSerializer, **NOT_MODIFIED, **ITEM_ERRORS},
        examples=examples.VERDICT,
        tags=["verdicts"],
    )
    def retrieve(self, request, pk):
        etag, changed_at, unchanged = self.conditional(request)
        language = requested_language(request)
        verdict = released_verdicts().filter(pk=pk).first()
        if verdict is None:
            raise NotFound()
        if unchanged is not None:
            return unchanged
        item = items([verdict], language)[0]
        return self.respond(VerdictSerializer(item).data, etag, changed_at)


# --- claims ----------------------------------------------------------------------------------


class ClaimViewSet(StoredListMixin, PartnerViewSet):
    filterset_class = VerdictFilter
    item_parameters = {"lang": False}
    renderer_classes = [FeedRenderer]
    queryset = Verdict.objects.none()
    stored = CLAIMS

    @extend_schema(
        summary="Claims with a published verdict",
        description=(
            "Each claim as its verdict's public revision froze it, with its evidence and events. "
            "Takes the same filters as the verdict feed; retracted verdicts' claims are left out."
        ),
        parameters=PAGE_PARAMETERS,
        responses={200: ClaimPageSerializer, **NOT_MODIFIED, **LIST_ERRORS},
        tags=["claims"],
    )
    def list(self, request):
        # The claim items as stored at their release (Verdict.claim_item), as the verdict feed
        # serves its own: one query for the page, no snapshot read or encoded per request.
        return self.stored_list(request, published_verdicts())

    @extend_schema(
        summary="One claim",
        parameters=[id_parameter("claim"), LANG_PARAMETER],
        responses={200: ClaimSerializer, **NOT_MODIFIED, **ITEM_ERRORS},
        tags=["claims"],
    )
    def retrieve(self, request, pk):
        etag, changed_at, unchanged = self.conditional(request)
        language = requested_language(request)
        verdict = published_verdicts().filter(claim_id=pk).first()
        if verdict is None:
            raise NotFound()
        if unchanged is not None:
            return unchanged
        item = items([verdict], language)[0]
        return self.respond(ClaimSerializer(item).data, etag, changed_at)


# --- ClaimReview -----------------------------------------------------------------------------


class JSONLDRenderer(FeedRenderer):
    media_type = "application/ld+json"


class ClaimReviewViewSet(StoredListMixin, PartnerViewSet):
    filterset_class = VerdictFilter
    queryset = Verdict.objects.none()
    renderer_classes = [JSONLDRenderer]
    stored = REVIEWS

    @extend_schema(
        summary="ClaimReview DataFeed",
        description=(
            "Published verdicts as a schema.org `DataFeed` of `ClaimReview` items, the same JSON-LD "
            "as on the verdict pages, for Google's Fact Check Explorer and other aggregators. "
            "Takes the verdict feed's filters; the next page is in the `Link` header "
            '(`rel="next"`).'
        ),
        parameters=PAGE_PARAMETERS,
        responses={
            (200, "application/ld+json"): OpenApiResponse(
                {"type": "object", "additionalProperties": True},
                description="A schema.org DataFeed.",
            ),
            **NOT_MODIFIED,
            **LIST_ERRORS,
        },
        examples=examples.DATA_FEED,
        tags=["claimreview"],
    )
    def list(self, request):
        # The elements as stored at their release (Verdict.review_item): one query for the page.
        return self.stored_list(request, published_verdicts())


# --- events, sources, ratings ----------------------------------------------------------------


class EventViewSet(PartnerViewSet):
    filterset_class = EventFilter
    queryset = Event.objects.none()

    def visible(self):
        """The public events, each with its umbrella: each event tested on its own
        (public.events_in_order), so that a page in id order reads its own rows."""
        return public.events_in_order().select_related("parent")

    def with_links(self, events: list) -> list:
        """Each event with `public_links`: one query for the whole page (public.links_of)."""
        ids = [event.pk for event in events]
        links = list(public.links_of(ids).select_related("from_event", "to_event").order_by("pk"))
        for event in events:
            event.public_links = [
                link for link in links if event.pk in (link.from_event_id, link.to_event_id)
            ]
        return events

    def with_umbrellas(self, events: list) -> list:
        """The page's umbrellas in a query of their own, by their ids (always run, so that the
        page's query count does not depend on its data), rather than joined to the page's query:
        joined to rows tested one at a time, PostgreSQL at 100k verdicts read every event for
        each row (a Materialize of 2,200 events, 101 times: 67 ms against 3 ms)."""
        ids = sorted({event.parent_id for event in events if event.parent_id is not None})
        umbrellas = Event.objects.in_bulk(ids or [0])
        for event in events:
            if event.parent_id is not None:
                event.parent = umbrellas[event.parent_id]
        return events

    @extend_schema(
        summary="Events",
        description=(
            "Public events: those published verdicts are tied to, the events they are part of, "
            "and events the desk put on those timelines; each with its umbrella and its typed "
            "links to other public events, in both directions."
        ),
        parameters=PAGE_PARAMETERS,
        responses={200: EventPageSerializer, **NOT_MODIFIED, **LIST_ERRORS},
        tags=["events"],
    )
    def list(self, request):
        queryset, _filterset = self.filtered(public.events_in_order())
        page = Pager(request, ID_ORDERINGS["id"]).page(queryset)
        events = self.with_links(self.with_umbrellas(page.rows))
        return Response(page.envelope(EventSerializer(events, many=True).data))

    @extend_schema(
        summary="One event",
        parameters=[id_parameter("event")],
        responses={200: EventSerializer, **NOT_MODIFIED, **ITEM_ERRORS},
        tags=["events"],
    )
    def retrieve(self, request, pk):
        event = self.visible().filter(pk=pk).first()
        if event is None:
            raise NotFound()
        return Response(EventSerializer(self.with_links([event])[0]).data)


class SourceViewSet(PartnerViewSet):
    filterset_class = SourceFilter
    queryset = Source.objects.none()

    def visible(self):
        """Sources that published snapshots cite, relay or name as a claimant."""
        return public.sources()

    @extend_schema(
        summary="Sources",
        description="Outlets, agencies, bodies and people that published verdicts cite or quote.",
        parameters=PAGE_PARAMETERS,
        responses={200: SourcePageSerializer, **NOT_MODIFIED, **LIST_ERRORS},
        tags=["sources"],
    )
    def list(self, request):
        queryset, _filterset = self.filtered(self.visible())
        page = Pager(request, ID_ORDERINGS["id"]).page(queryset)
        return Response(page.envelope(SourceSerializer(page.rows, many=True).data))

    @extend_schema(
        summary="One source",
        parameters=[id_parameter("source")],
        responses={200: SourceSerializer, **NOT_MODIFIED, **ITEM_ERRORS},
        tags=["sources"],
    )
    def retrieve(self, request, pk):
        source = self.visible().filter(pk=pk).first()
        if source is None:
            raise NotFound()
        return Response(SourceSerializer(source).data)

    @extend_schema(
        summary="A claimant's record",
        description=(
            "How the claims by this source that the desk checked were rated: the same figures as "
            "the source's record page on the site (`/en/sources/<slug>/record/`), from the "
            "counts kept at each publication and retraction. The record covers only what the "
            "desk chose to check, not everything the source said. 404 for a source that is no "
            "published verdict's claimant."
        ),
        parameters=[id_parameter("source")],
        responses={200: ClaimantRecordSerializer, **NOT_MODIFIED, **ITEM_ERRORS},
        tags=["sources"],
    )
    @action(detail=True, methods=["get"], url_path="record")
    def record(self, request, pk):
        # Queries: 1. the source, if a published verdict names it as the claimant, 2. its
        # published verdicts per rating (the maintained counts: a few rows), with the ratings.
        source = (
            Source.objects.filter(pk=pk)
            .filter(pk__in=public.facet_ids(public.FacetKind.CLAIMANT))
            .first()
        )
        if source is None:
            raise NotFound()
        rows = (
            public.claimant_ratings()
            .filter(object_id=source.pk, verdicts__gt=0)
            .order_by("rating__scale", "rating__position", "rating__pk")
            .values_list("rating__slug", "rating__label", "rating__label_en", "verdicts")
        )
        ratings = [
            {"slug": slug, "label": label, "label_en": label_en, "count": count}
            for slug, label, label_en, count in rows
        ]
        record = {
            "source": SourceSerializer(source).data,
            "checked": sum(r["count"] for r in ratings),
            "ratings": ratings,
            "scope": RECORD_SCOPE,
        }
        return Response(ClaimantRecordSerializer(record).data)


class RatingViewSet(PartnerViewSet):
    queryset = Rating.objects.none()
    list_is_array = True
    filter_backends = []
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,50}"

    def ratings(self):
        return Rating.objects.select_related("scale").order_by("scale", "position", "pk")

    @extend_schema(
        summary="The rating scale",
        description="Every rating a verdict can carry, with its meaning, in scale order.",
        responses={200: RatingSerializer, **NOT_MODIFIED, **COMMON_ERRORS},
        tags=["ratings"],
    )
    def list(self, request):
        return Response(RatingSerializer(self.ratings(), many=True).data)

    @extend_schema(
        summary="One rating",
        parameters=[
            OpenApiParameter("slug", str, OpenApiParameter.PATH, pattern=r"^[-a-zA-Z0-9_]{1,50}$")
        ],
        responses={200: RatingSerializer, **NOT_MODIFIED, **ITEM_ERRORS},
        tags=["ratings"],
    )
    def retrieve(self, request, slug):
        rating = self.ratings().filter(slug=slug).first()
        if rating is None:
            raise NotFound()
        return Response(RatingSerializer(rating).data)


# --- the root --------------------------------------------------------------------------------


class RootView(APIView):
    authentication_classes = []
    permission_classes = []
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly

    def get_exception_handler(self):
        return exception_handler

    @extend_schema(exclude=True)
    def get(self, request):
        refuse_unexpected_parameters(request, {})

        def link(name):
            return reverse(f"api:{name}", request=request)

        names = ["verdict", "claim", "event", "source", "rating", "claimreview"]
        links = {
            f"{name}s" if name != "claimreview" else name: link(f"{name}-list") for name in names
        }
        return Response(links | {"schema": link("schema"), "docs": link("docs")})
