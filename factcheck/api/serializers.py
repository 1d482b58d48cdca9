"""What partners receive, field by field.

Verdicts and claims are made from the snapshot stored with the public revision (no joins, no
serializer walk: `to_representation` maps the stored dict); the declared fields are the documented,
stable contract that the OpenAPI schema shows and the tests hold the output to. Events, sources and
ratings are plain model serializers.
"""

from rest_framework import serializers

from events.models import Event
from factcheck.api.datafeed import verdict_url
from factcheck.models import ClaimCitation, Figure, Rating, Verdict
from factcheck.snapshot import SNAPSHOT_FORMAT
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
    as_of = serializers.DateTimeField()
    superseded = serializers.BooleanField()


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


class CorrectionSerializer(serializers.Serializer):
    revision = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Verdict.NoteKind.choices)
    note = serializers.CharField()
    published_at = serializers.DateTimeField()


class RetractionSerializer(serializers.Serializer):
    reason = serializers.CharField()
    retracted_at = serializers.DateTimeField()


# --- verdicts --------------------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value else None


def verdict_item(verdict: Verdict) -> dict:
    """The feed item of a released verdict, from its row and its public revision's snapshot."""
    revision = verdict.public_revision
    snapshot = revision.snapshot
    if snapshot.get("format") != SNAPSHOT_FORMAT:  # pragma: no cover - only format 1 exists yet
        raise ValueError(f"snapshot format {snapshot.get('format')} has no API mapping")
    item = {
        "id": verdict.pk,
        "revision": revision.number,
        "status": "retracted" if verdict.state == Verdict.State.RETRACTED else "published",
        "updated_at": _iso(verdict.released_at),
        "first_published_at": _iso(verdict.first_published_at),
        "published_at": _iso(revision.published_at),
        "url": verdict_url(snapshot),
    }
    if item["status"] == "retracted":
        # A tombstone: the reason, and nothing of the content, which partners must take down.
        return item | {
            "retraction": {
                "reason": verdict.retraction_reason,
                "retracted_at": _iso(verdict.retracted_at),
            },
            "headline": None,
            "conclusion": None,
            "explanation": None,
            "language": None,
            "author": None,
            "rating": None,
            "claim": None,
            "citations": [],
            "origin_count": None,
            "events": [],
            "corrections": [],
        }
    text = snapshot["verdict"]
    return item | {
        "retraction": None,
        "headline": text["headline"],
        "conclusion": text["conclusion"],
        "explanation": text["explanation"],
        "language": text["language"],
        "author": text["author"],
        "rating": snapshot["rating"],
        "claim": snapshot["claim"],
        "citations": snapshot["citations"],
        "origin_count": snapshot["origin_count"],
        "events": snapshot["events"],
        "corrections": snapshot["corrections"],
    }


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
    language = serializers.CharField(allow_null=True)
    author = serializers.CharField(allow_null=True)
    rating = RatingRefSerializer(allow_null=True)
    claim = ClaimPartSerializer(allow_null=True)
    citations = CitationSerializer(many=True, help_text="The evidence, with stance and provenance.")
    origin_count = serializers.IntegerField(
        allow_null=True, help_text="Independent origins among the evidence (context excluded)."
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


def claim_item(verdict: Verdict) -> dict:
    snapshot = verdict.public_revision.snapshot
    return snapshot["claim"] | {
        "citations": snapshot["citations"],
        "origin_count": snapshot["origin_count"],
        "events": snapshot["events"],
        "verdict": {
            "id": verdict.pk,
            "revision": verdict.public_revision.number,
            "headline": snapshot["verdict"]["headline"],
            "rating": snapshot["rating"]["slug"],
            "url": verdict_url(snapshot),
            "updated_at": _iso(verdict.released_at),
        },
    }


class ClaimVerdictSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    revision = serializers.IntegerField()
    headline = serializers.CharField()
    rating = serializers.CharField(help_text="Rating slug.")
    url = serializers.URLField()
    updated_at = serializers.DateTimeField()


class ClaimSerializer(ClaimPartSerializer):
    """A claim with a published verdict, as that verdict's public revision froze it."""

    citations = CitationSerializer(many=True)
    origin_count = serializers.IntegerField()
    events = EventRefSerializer(many=True)
    verdict = ClaimVerdictSerializer()

    def to_representation(self, instance):
        return claim_item(instance)


class ClaimPageSerializer(PageSerializer):
    results = ClaimSerializer(many=True)


# --- events, sources, ratings ----------------------------------------------------------------


class EventSerializer(serializers.ModelSerializer):
    when = serializers.CharField(read_only=True, help_text="As precisely as the evidence allows.")
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

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


class RatingSerializer(serializers.ModelSerializer):
    scale = serializers.CharField(source="scale.name", read_only=True)
    best = serializers.IntegerField(source="scale.best_value", read_only=True)
    worst = serializers.IntegerField(source="scale.worst_value", read_only=True)

    class Meta:
        model = Rating
        fields = [
            "slug",
            "label",
            "label_en",
            "description",
            "description_en",
            "value",
            "min_origins",
            "position",
            "scale",
            "best",
            "worst",
        ]


# --- errors ----------------------------------------------------------------------------------


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
