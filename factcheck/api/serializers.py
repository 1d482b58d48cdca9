"""What partners receive, field by field.

Verdicts and claims are made from the snapshot stored with the public revision, read through the
read model's one reader (factcheck.published.schema.read, which reads every format written so
far) and written out with its `dump`: no joins, no serializer walk. The declared fields are the
documented, stable contract that the OpenAPI schema shows and the tests hold the output to.
Events, sources and ratings are model serializers over the public rows.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import Event, EventLink
from factcheck.models import Claim, ClaimCitation, ClaimConflict, Figure, Rating, Verdict
from factcheck.models.claims import Weight
from factcheck.published import public
from factcheck.published.items import claim_item, verdict_item
from sources.models import Source

# --- parts of a snapshot ---------------------------------------------------------------------


class SourceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=Source.Kind.choices)
    url = serializers.CharField(allow_blank=True)
    country = serializers.CharField(allow_blank=True, help_text="ISO 3166-1 alpha-2, or empty.")
    language = serializers.CharField(allow_blank=True)


class RatingRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    label = serializers.CharField(help_text="In Russian.")
    label_en = serializers.CharField()
    value = serializers.IntegerField(
        allow_null=True,
        help_text="Position on the scale; null for ratings off the true-false axis.",
    )
    best = serializers.IntegerField()
    worst = serializers.IntegerField()


class FigureSerializer(serializers.Serializer):
    measure = serializers.CharField()
    counted = serializers.CharField()
    counted_en = serializers.CharField()
    qualifier = serializers.CharField()
    # Absent from snapshots frozen before figures had a status: they were all reported.
    status = serializers.ChoiceField(
        choices=Figure.Status.choices,
        default=Figure.Status.REPORTED,
        help_text="`reported`; `being_counted` (value, if any, is provisional); `unknown` (no value).",
    )
    value = serializers.IntegerField(
        allow_null=True, help_text="Null when the source gives no number (see `status`)."
    )
    unit = serializers.CharField()
    as_of = serializers.DateTimeField(allow_null=True)
    as_of_precision = serializers.CharField(
        help_text='How precisely `as_of` is known: `month` means only the month ("as of '
        'January 2022"), `day` the day, and so on; show no more than that.'
    )
    as_of_time_zone = serializers.CharField(
        help_text="The zone `as_of` was entered in and is to be shown in: its local date is the "
        "one the report gives. For verdicts published before figures recorded one, the zone of "
        "the claim's events, where the site shows it."
    )
    superseded = serializers.BooleanField(
        help_text="Superseded by a later figure for the same count when this was published."
    )
    id = serializers.IntegerField(allow_null=True)


class ConflictedClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    short = serializers.CharField()
    text = serializers.CharField()
    language = serializers.CharField()
    url = serializers.URLField(help_text="Its verdict's public page.")


class ConflictSerializer(serializers.Serializer):
    claim_id = serializers.IntegerField(help_text="The other claim: always a published one.")
    kind = serializers.ChoiceField(choices=ClaimConflict.Kind.choices)
    note = serializers.CharField(allow_blank=True)
    claim = ConflictedClaimSerializer()


class ClaimPartSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    text = serializers.CharField(help_text="The claim exactly as made, in its language.")
    language = serializers.CharField()
    text_en = serializers.CharField(allow_blank=True)
    short = serializers.CharField(help_text="At most 75 characters, in English.")
    claimant = SourceRefSerializer(allow_null=True, help_text="Who made the claim.")
    appeared_at = serializers.DateTimeField(allow_null=True)
    appeared_precision = serializers.CharField()
    appeared_time_zone = serializers.CharField(
        required=False,
        help_text="The zone `appeared_at` was entered in and is shown in (absent from verdicts "
        "published before it was recorded).",
    )
    figure = FigureSerializer(allow_null=True)
    status = serializers.ChoiceField(
        choices=Claim.Status.choices,
        allow_null=True,
        help_text="The desk's verification status at publication; null if not recorded (verdicts "
        "published before it was).",
    )
    conflicts = ConflictSerializer(
        many=True,
        help_text="Other published claims this one conflicts with, and how. Conflicts with claims "
        "that are not published are left out.",
    )


class CitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stance = serializers.ChoiceField(choices=ClaimCitation.Stance.choices)
    note = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    archive_url = serializers.CharField(allow_blank=True)
    title = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    accessed_at = serializers.DateTimeField(allow_null=True)
    quote = serializers.CharField(help_text="The passage exactly as published.")
    quote_language = serializers.CharField()
    translation = serializers.CharField(allow_blank=True)
    source = SourceRefSerializer(help_text="Who published this piece.")
    relays = SourceRefSerializer(allow_null=True, help_text="Whom this piece only passes on.")
    origin_id = serializers.IntegerField(
        help_text="The independent origin: `relays`, else `source`."
    )
    weight = serializers.ChoiceField(
        choices=[("", "not recorded"), *Weight.choices],
        help_text="What this piece did for the rating at publication: `counted` (an independent "
        "origin in its direction), `duplicate` (its origin already counted), `appearance` (where "
        "the claim was made: never evidence for it), `claimant` (only repeats whoever made the "
        "claim), `context`. Empty for verdicts published before the desk recorded it.",
    )


class OriginCitationSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The citation (see `citations`).")
    stance = serializers.ChoiceField(choices=ClaimCitation.Stance.choices)
    weight = serializers.CharField(allow_blank=True, help_text="As in `citations`.")


class OriginSerializer(serializers.Serializer):
    origin = SourceRefSerializer(
        help_text="The independent origin: whom the pieces relay, or their publisher."
    )
    citations = OriginCitationSerializer(many=True)


class EventRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField(allow_blank=True)
    starts_at = serializers.DateTimeField(
        help_text="Only a sort key when `start_precision` is `undated`: not to be shown."
    )
    start_precision = serializers.CharField()
    parent_id = serializers.IntegerField(allow_null=True)
    time_zone = serializers.CharField(
        allow_blank=True, help_text="The event's local zone (IANA), e.g. `Asia/Almaty`."
    )


class CorrectionSerializer(serializers.Serializer):
    revision = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Verdict.NoteKind.choices)
    note = serializers.CharField()
    published_at = serializers.DateTimeField()


class RetractionSerializer(serializers.Serializer):
    reason = serializers.CharField()
    retracted_at = serializers.DateTimeField()


# --- verdicts --------------------------------------------------------------------------------


class VerdictSerializer(serializers.Serializer):
    """A released verdict: its public revision, or a tombstone if it was retracted."""

    id = serializers.IntegerField(help_text="The verdict's id: stable for good.")
    revision = serializers.IntegerField(
        help_text="Number of the public revision; grows by one with each correction or update."
    )
    status = serializers.ChoiceField(
        choices=[("published", "published"), ("retracted", "retracted")],
        help_text="`retracted`: a tombstone; take the content down and show the reason.",
    )
    updated_at = serializers.DateTimeField(
        help_text="When this item last changed for partners (publication, republication, "
        "retraction). Edits to the desk's working copy do not change it."
    )
    first_published_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(help_text="When this revision was published.")
    url = serializers.URLField(help_text="The verdict's public page.")
    retraction = RetractionSerializer(allow_null=True)
    headline = serializers.CharField(allow_null=True)
    conclusion = serializers.CharField(allow_null=True, help_text="Two or three sentences.")
    explanation = serializers.CharField(allow_null=True, help_text="The full reasoning, Markdown.")
    language = serializers.CharField(
        allow_null=True,
        help_text="The language of this item's headline, conclusion and explanation: the one "
        "asked for with `lang` if the verdict has a version in it, else the verdict's own.",
    )
    languages = serializers.ListField(
        child=serializers.CharField(),
        help_text="Every language the verdict can be read in, its own first (empty for "
        "tombstones); ask for one with `lang`.",
    )
    author = serializers.CharField(allow_null=True)
    rating = RatingRefSerializer(allow_null=True)
    claim = ClaimPartSerializer(allow_null=True)
    citations = CitationSerializer(many=True, help_text="The evidence, with stance and provenance.")
    evidence = OriginSerializer(
        many=True, help_text="The same citations grouped by independent origin."
    )
    origin_count = serializers.IntegerField(
        allow_null=True,
        help_text="Distinct origins among the evidence, context excluded, appearances included; "
        "what counts for the rating is `supporting_origins` / `contradicting_origins`.",
    )
    supporting_origins = serializers.IntegerField(
        allow_null=True,
        help_text="Independent origins that confirm the claim, as the desk's evidence rule counts "
        "them (appearances and whatever only repeats the claimant never count). Null for "
        "tombstones and for verdicts published before the desk recorded it.",
    )
    contradicting_origins = serializers.IntegerField(
        allow_null=True, help_text="Independent origins that contradict the claim, counted alike."
    )
    events = EventRefSerializer(many=True)
    corrections = CorrectionSerializer(
        many=True, help_text="Public notes of every republication, oldest first."
    )

    def to_representation(self, instance):
        return verdict_item(instance)


class PageSerializer(serializers.Serializer):
    next = serializers.URLField(
        allow_null=True,
        help_text="The next page. In the default order (`updated`) never null: where to poll next.",
    )
    cursor = serializers.CharField(
        allow_null=True, help_text="The position after the last item of this page; store it."
    )
    has_more = serializers.BooleanField(help_text="Whether `next` already has items waiting.")


class VerdictPageSerializer(PageSerializer):
    results = VerdictSerializer(many=True)


# --- claims ----------------------------------------------------------------------------------


class ClaimVerdictSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    revision = serializers.IntegerField()
    headline = serializers.CharField()
    language = serializers.CharField(help_text="The language of the headline (see `lang`).")
    languages = serializers.ListField(
        child=serializers.CharField(), help_text="Every language the verdict can be read in."
    )
    rating = serializers.CharField(help_text="Rating slug.")
    url = serializers.URLField()
    updated_at = serializers.DateTimeField()


class ClaimSerializer(ClaimPartSerializer):
    """A claim with a published verdict, as that verdict's public revision froze it."""

    citations = CitationSerializer(many=True)
    evidence = OriginSerializer(
        many=True, help_text="The same citations grouped by independent origin."
    )
    origin_count = serializers.IntegerField()
    supporting_origins = serializers.IntegerField(
        allow_null=True,
        help_text="Independent origins that confirm the claim, as the desk's evidence rule counts "
        "them (appearances and whatever only repeats the claimant never count). Null for "
        "tombstones and for verdicts published before the desk recorded it.",
    )
    contradicting_origins = serializers.IntegerField(
        allow_null=True, help_text="Independent origins that contradict the claim, counted alike."
    )
    events = EventRefSerializer(many=True)
    verdict = ClaimVerdictSerializer()

    def to_representation(self, instance):
        return claim_item(instance)


class ClaimPageSerializer(PageSerializer):
    results = ClaimSerializer(many=True)


# --- events, sources, ratings ----------------------------------------------------------------


class EventBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField(allow_blank=True)


class EventLinkSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=EventLink.Kind.choices,
        help_text="The relation as the desk recorded it, from `from_event` to `to_event`.",
    )
    direction = serializers.ChoiceField(
        choices=[("out", "out"), ("in", "in")],
        help_text="`out`: this event is the link's subject (the recapture *reverses* the "
        "seizure); `in`: the other event is (the seizure is *reversed by* the recapture).",
    )
    label = serializers.CharField(help_text="The relation read from this event, in English.")
    event = EventBriefSerializer(help_text="The other event: always a public one.")
    note = serializers.CharField(allow_blank=True)


def link_view(link: EventLink, event_id: int) -> dict:
    out = link.from_event_id == event_id
    other = link.to_event if out else link.from_event
    label = link.get_kind_display() if out else public.INVERSE_LINK_LABELS[link.kind]
    return {
        "kind": link.kind,
        "direction": "out" if out else "in",
        "label": str(label),
        "event": _brief(other),
        "note": link.note,
    }


# DRF's own rendering of a time (the current zone, `Z` for UTC), for event_view.
_TIME = serializers.DateTimeField()


def _brief(event: Event) -> dict:
    return {"id": event.pk, "slug": event.slug, "title": event.title, "title_en": event.title_en}


def event_view(event: Event) -> dict:
    """EventSerializer's output, field for field, made as a plain dict: a page of 100 events
    through the model serializer's per-field machinery cost more than its queries."""
    ends_at = event.ends_at
    return {
        "id": event.pk,
        "slug": event.slug,
        "title": event.title,
        "title_en": event.title_en,
        "description": event.description,
        "description_en": event.description_en,
        "place": event.place,
        "place_en": event.place_en,
        "starts_at": _TIME.to_representation(event.starts_at),
        "start_precision": event.start_precision,
        "ends_at": _TIME.to_representation(ends_at) if ends_at is not None else None,
        "end_precision": event.end_precision,
        "time_zone": event.time_zone,
        "when": event.when,
        "parent": event.parent_id,
        "umbrella": _brief(event.parent) if event.parent_id is not None else None,
        "links": [link_view(link, event.pk) for link in getattr(event, "public_links", [])],
    }


class EventSerializer(serializers.ModelSerializer):
    """A public event, its umbrella and its typed links to other public events, both ways.

    Expects `public_links` on each event (the view sets it from public.links_of()). The fields
    declared here are the contract the schema shows; the output is event_view's (tests hold the
    two to the same JSON)."""

    def to_representation(self, instance):
        return event_view(instance)

    def declared_representation(self, instance):
        """The output of the declared fields, through DRF's machinery (for the tests)."""
        return super().to_representation(instance)

    when = serializers.CharField(read_only=True, help_text="As precisely as the evidence allows.")
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    umbrella = serializers.SerializerMethodField(
        help_text="The event this one is part of (its `parent`), itself public; null for none."
    )
    links = serializers.SerializerMethodField(
        help_text="Typed links to other public events, in both directions."
    )

    @extend_schema_field(EventBriefSerializer(allow_null=True))
    def get_umbrella(self, event):
        parent = event.parent
        if parent is None:
            return None
        return _brief(parent)

    @extend_schema_field(EventLinkSerializer(many=True))
    def get_links(self, event):
        return [link_view(link, event.pk) for link in getattr(event, "public_links", [])]

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "title",
            "title_en",
            "description",
            "description_en",
            "place",
            "place_en",
            "starts_at",
            "start_precision",
            "ends_at",
            "end_precision",
            "time_zone",
            "when",
            "parent",
            "umbrella",
            "links",
        ]
        extra_kwargs = {
            "starts_at": {
                "help_text": "Only a sort key when `start_precision` is `undated`: not to be shown."
            }
        }


class EventPageSerializer(PageSerializer):
    results = EventSerializer(many=True)


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = [
            "id",
            "slug",
            "name",
            "name_en",
            "kind",
            "url",
            "country",
            "language",
            "description",
        ]


class SourcePageSerializer(PageSerializer):
    results = SourceSerializer(many=True)


class RatingCountSerializer(serializers.Serializer):
    slug = serializers.CharField()
    label = serializers.CharField(help_text="In Russian.")
    label_en = serializers.CharField()
    count = serializers.IntegerField(help_text="Published verdicts with this rating.")


class ClaimantRecordSerializer(serializers.Serializer):
    """A claimant's record, as its page on the site shows it (issue 12)."""

    source = SourceSerializer()
    checked = serializers.IntegerField(
        help_text="Claims by this source with a published verdict (retractions excluded)."
    )
    ratings = RatingCountSerializer(
        many=True, help_text="How those claims were rated, in the scale's order; zeros left out."
    )
    scope = serializers.CharField(
        help_text="What the record covers: only the claims the desk chose to check."
    )


class RatingSerializer(serializers.ModelSerializer):
    scale = serializers.CharField(source="scale.name", read_only=True)
    best = serializers.IntegerField(source="scale.best_value", read_only=True)
    worst = serializers.IntegerField(source="scale.worst_value", read_only=True)
    evidence_direction = serializers.ChoiceField(
        choices=Rating.Direction.choices,
        read_only=True,
        help_text="Which independent origins this rating rests on: `supports` (that confirm the "
        "claim), `contradicts` (that refute it) or `none`; `min_origins` says how many.",
    )

    class Meta:
        model = Rating
        fields = [
            "slug",
            "label",
            "label_en",
            "description",
            "description_en",
            "value",
            "evidence_direction",
            "min_origins",
            "position",
            "scale",
            "best",
            "worst",
        ]


# --- errors ----------------------------------------------------------------------------------


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
