"""Snapshots (and the few live rows pages show) turned into objects that templates can use.

Content keeps its language: every piece of text travels with its BCP 47 code so templates can set
`lang` on it, and a name is shown in the reader's language first with the original beside it.
Times are shown only as precisely as the evidence allows (events.precision.describe), in the local
time zone of the events concerned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, pgettext_lazy

from events.precision import Precision, describe
from factcheck.models import Claim, ClaimCitation, ClaimConflict, Figure, Verdict
from factcheck.models.claims import Weight
from factcheck.published import schema
from factcheck.published.schema import (
    CitationData,
    ClaimData,
    EventData,
    FigureData,
    PublishedVerdict,
    RatingData,
    SourceData,
)
from factcheck.site.markup import render_markdown
from sources.models import Source

STANCE_ORDER = [s.value for s in ClaimCitation.Stance]
STANCE_LABELS = dict(ClaimCitation.Stance.choices)
WEIGHT_LABELS = dict(Weight.choices)
NOTE_LABELS = dict(Verdict.NoteKind.choices)
KIND_LABELS = dict(Source.Kind.choices)
MEASURE_LABELS = dict(Figure.Measure.choices)
QUALIFIER_LABELS = dict(Figure.Qualifier.choices)
STATUS_LABELS = dict(Figure.Status.choices)
PERSON_KINDS = {Source.Kind.PERSON, Source.Kind.OFFICIAL}
CLAIM_STATUS_LABELS = dict(Claim.Status.choices)
CONFLICT_LABELS = dict(ClaimConflict.Kind.choices)


# What the URLs' <slug:...> converter accepts (django.urls.converters.SlugConverter).
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDER = "0slug0"
# The path of each named slug page with a placeholder for the slug, per URLconf (its resolver,
# which Django replaces when ROOT_URLCONF changes), script prefix and language: a list page
# links 20 to 50 cards, and reversing each took a tenth of its rendering time.
_slug_paths: dict[tuple, str] = {}


def slug_url(name: str, slug: str) -> str:
    """The page of a slug, or "" when the slug cannot be one (the desk validates slugs in its
    forms; a row written around them is shown unlinked rather than breaking the page)."""
    if not slug or not SLUG.fullmatch(slug):
        return ""
    key = (name, get_resolver(get_urlconf()), get_script_prefix(), get_language())
    path = _slug_paths.get(key)
    if path is None:
        try:
            path = reverse(name, kwargs={"slug": _PLACEHOLDER})
        except NoReverseMatch:
            return ""
        if path.count(_PLACEHOLDER) != 1:  # not a plain slug page: reverse every time
            return reverse(name, kwargs={"slug": slug})
        _slug_paths[key] = path
    return path.replace(_PLACEHOLDER, slug)


def ui_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


# A language's name as it ends "This verdict is so far available only in …" (Russian declines it:
# «только на английском»), for the page of a verdict with no version in the reader's language.
ONLY_IN = {
    "en": pgettext_lazy("available only in …", "English"),
    "ru": pgettext_lazy("available only in …", "Russian"),
    "kk": pgettext_lazy("available only in …", "Kazakh"),
}


def only_in_name(code: str) -> str:
    return str(ONLY_IN.get(code) or dict(settings.LANGUAGES).get(code, code))


def parse_dt(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def at_precision(value, precision: str, time_zone: str | None = None) -> str:
    moment = parse_dt(value)
    if moment is None:
        return ""
    zone = ZoneInfo(time_zone or settings.EVENT_TIME_ZONE)
    return describe(moment.astimezone(zone), precision or Precision.DAY)


@dataclass(frozen=True)
class Text:
    """A piece of content and the language it is in."""

    text: str
    lang: str


@dataclass(frozen=True)
class Bilingual:
    """A name or a statement: `primary` to show first, `secondary` (a translation) beside it."""

    primary: Text
    secondary: Text | None = None

    def __str__(self):
        return self.primary.text


def name(original: str, english: str = "", original_lang: str = "ru") -> Bilingual:
    """A desk name (source, event, rating): the reader's language first, the other one beside."""
    original_lang = original_lang or "ru"
    if not english or english == original:
        return Bilingual(Text(original or english, original_lang if original else "en"))
    if ui_language() == "en":
        return Bilingual(Text(english, "en"), Text(original, original_lang))
    return Bilingual(Text(original, original_lang), Text(english, "en"))


def statement(original: str, original_lang: str, translation: str = "") -> Bilingual:
    """A claim or a quoted passage: always the original first, the English translation beside."""
    original_lang = original_lang or "ru"
    second = Text(translation, "en") if translation and original_lang != "en" else None
    return Bilingual(Text(original, original_lang), second)


# --- Sources and ratings ---------------------------------------------------------------------


@dataclass
class SourceRef:
    id: int
    slug: str
    name: Bilingual
    kind: str
    url: str
    language: str

    @classmethod
    def from_data(cls, data: SourceData | None) -> SourceRef | None:
        if data is None:
            return None
        return cls(
            id=data.id,
            slug=data.slug,
            name=name(data.name, data.name_en, data.language or "ru"),
            kind=data.kind,
            url=data.url,
            language=data.language,
        )

    @classmethod
    def from_source(cls, source: Source) -> SourceRef:
        return cls(
            id=source.pk,
            slug=source.slug,
            name=name(source.name, source.name_en, source.language or "ru"),
            kind=source.kind,
            url=source.url,
            language=source.language,
        )

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, "")

    @property
    def is_person(self) -> bool:
        return self.kind in PERSON_KINDS

    @property
    def url_path(self) -> str:
        return slug_url("site:source", self.slug)


def rating_tone(value: int | None, best: int | None, worst: int | None) -> str:
    """A CSS tone from the position on the scale, so a desk's own scale still gets sane colours."""
    if value is None or best is None or worst is None or best == worst:
        return "neutral"
    position = (value - worst) / (best - worst)
    if position >= 0.99:
        return "true"
    if position >= 0.7:
        return "mostly-true"
    if position >= 0.4:
        return "mixed"
    if position > 0.01:
        return "mostly-false"
    return "false"


@dataclass
class RatingRef:
    slug: str
    label: Bilingual
    value: int | None
    best: int | None
    worst: int | None
    meaning: str = ""

    @classmethod
    def from_data(cls, data: RatingData, live=None) -> RatingRef:
        meaning = ""
        if live is not None:
            meaning = live.description_en if ui_language() == "en" else live.description
        return cls(
            slug=data.slug,
            label=name(data.label, data.label_en),
            value=data.value,
            best=data.best,
            worst=data.worst,
            meaning=meaning,
        )

    @classmethod
    def from_rating(cls, rating) -> RatingRef:
        return cls.from_data(schema.rating_data(rating), live=rating)

    @property
    def tone(self) -> str:
        return rating_tone(self.value, self.best, self.worst)

    @property
    def display(self) -> str:
        return self.label.primary.text


# --- Events ----------------------------------------------------------------------------------


@dataclass
class EventRef:
    """An event a claim concerns, as its snapshot recorded it, refreshed from the live row."""

    id: int
    slug: str
    title: Bilingual
    when: str
    public: bool = True
    time_zone: str = ""

    @classmethod
    def from_data(cls, data: EventData, live: dict) -> EventRef:
        event = live.get(data.id)
        if event is not None:
            return cls(
                id=event.pk,
                slug=event.slug,
                title=name(event.title, event.title_en),
                when=event.when,
                time_zone=event.time_zone,
            )
        return cls(
            id=data.id,
            slug="",  # deleted since: named, not linked
            title=name(data.title, data.title_en),
            when=at_precision(data.starts_at, data.start_precision),
        )

    @property
    def url_path(self) -> str:
        return slug_url("site:event", self.slug)


# --- Figures ---------------------------------------------------------------------------------


@dataclass
class FigureRef:
    measure: str
    counted: Bilingual
    qualifier: str
    value: int | None
    unit: str
    as_of: str
    as_of_at: datetime | None
    superseded: bool
    status: str = Figure.Status.REPORTED

    @classmethod
    def from_data(cls, data: FigureData | None, *, time_zone: str = "") -> FigureRef | None:
        """The figure at the precision its snapshot recorded ("as of January 2022"), in the zone
        `as_of` was entered in; `time_zone` (the events') for snapshots that did not record one,
        which is where their pages showed it."""
        if data is None:
            return None
        return cls(
            measure=data.measure,
            counted=name(data.counted, data.counted_en),
            qualifier=data.qualifier,
            value=data.value,
            unit=data.unit,
            as_of=at_precision(data.as_of, data.as_of_precision, data.time_zone or time_zone),
            as_of_at=data.as_of,
            superseded=data.superseded,
            # Snapshots frozen before figures had a status hold reported figures only.
            status=data.status or Figure.Status.REPORTED,
        )

    @property
    def unit_shown(self) -> str:
        """The unit beside the number, unless it is people (what is counted says who). The desk
        writes units in English, so the Russian pages leave them to what is counted."""
        if self.unit in ("", "people") or ui_language() != "en":
            return ""
        return self.unit

    @property
    def measure_label(self) -> str:
        return MEASURE_LABELS.get(self.measure, self.measure)

    @property
    def qualifier_label(self) -> str:
        if self.qualifier == Figure.Qualifier.EXACT or self.value is None:
            return ""
        return QUALIFIER_LABELS.get(self.qualifier, "")

    @property
    def status_label(self) -> str:
        """ "Still being counted" or "not known"; empty for a figure simply reported."""
        if self.status == Figure.Status.REPORTED:
            # A reported figure always has a value (figure_value_matches_status); never print
            # "None" should one come without.
            return "" if self.value is not None else STATUS_LABELS[Figure.Status.UNKNOWN]
        return STATUS_LABELS.get(self.status, "")


# --- Verdicts --------------------------------------------------------------------------------


@dataclass
class Card:
    """A verdict in a list: what its public revision says, with a link to its page."""

    pk: int
    claim_id: int
    slug: str
    headline: str
    conclusion: str
    language: str
    claim: Bilingual
    claim_short: str
    claimant: SourceRef | None
    rating: RatingRef
    events: list[EventData]
    published_at: datetime
    first_published_at: datetime | None
    revision_number: int
    retracted_at: datetime | None = None
    retraction_reason: str = ""
    figure_data: FigureData | None = None

    @classmethod
    def from_row(cls, row: dict) -> Card:
        claim = schema.read_claim(row["snapshot_claim"])
        # The verdict's text in the reader's language where it has a version in it (issue 11).
        text = {
            "headline": row["revision_headline"],
            "conclusion": row["revision_conclusion"],
            "language": row["revision_language"] or "en",
        }
        reader = ui_language()
        for version in row.get("snapshot_translations") or ():
            if version.get("language") == reader:
                text = {k: version.get(k, "") for k in ("headline", "conclusion", "language")}
        return cls(
            pk=row["pk"],
            claim_id=claim.id,
            slug=claim.slug,
            headline=text["headline"],
            conclusion=text["conclusion"],
            language=text["language"],
            claim=statement(claim.text, claim.language, claim.text_en),
            claim_short=claim.short,
            claimant=SourceRef.from_data(claim.claimant),
            rating=RatingRef.from_data(schema.read_rating(row["snapshot_rating"])),
            events=list(schema.read_events(row["snapshot_events"])),
            published_at=row["revision_published_at"],
            first_published_at=row["first_published_at"],
            revision_number=row["revision_number"],
            retracted_at=row["retracted_at"] if row["state"] == Verdict.State.RETRACTED else None,
            retraction_reason=row["retraction_reason"]
            if row["state"] == Verdict.State.RETRACTED
            else "",
            figure_data=claim.figure,
        )

    @cached_property
    def figure(self) -> FigureRef | None:
        # In its own zone; failing that, the local zone of the events concerned, as on the
        # verdict page.
        zone = next((e.time_zone for e in self.events if e.time_zone), settings.EVENT_TIME_ZONE)
        return FigureRef.from_data(self.figure_data, time_zone=zone)

    @property
    def url_path(self) -> str:
        return slug_url("site:verdict", self.slug)

    @property
    def event_ids(self) -> set[int]:
        return {event.id for event in self.events}

    @property
    def updated(self) -> bool:
        return self.revision_number > 1

    @property
    def retracted(self) -> bool:
        return self.retracted_at is not None


@dataclass
class CitationRef:
    stance: str
    note: str
    url: str
    archive_url: str
    title: str
    published_at: datetime | None
    quote: Bilingual
    source: SourceRef
    relays: SourceRef | None
    weight: str = ""
    # The desk's own archived copy of the page (sources.archiving), when it holds one.
    archived_copy_url: str = ""

    @classmethod
    def from_data(cls, data: CitationData, *, archived: bool = False) -> CitationRef:
        return cls(
            archived_copy_url=reverse("archived_copy", args=[data.id]) if archived else "",
            stance=data.stance,
            note=data.note,
            url=data.url,
            archive_url=data.archive_url,
            title=data.title,
            published_at=data.published_at,
            quote=statement(data.quote, data.quote_language, data.translation),
            source=SourceRef.from_data(data.source),
            relays=SourceRef.from_data(data.relays),
            weight=data.weight,
        )

    @property
    def stance_label(self) -> str:
        return STANCE_LABELS.get(self.stance, self.stance)

    @property
    def weight_label(self) -> str:
        """What the piece did for the rating ("counted", "not counted: where the claim
        appeared"); empty for revisions published before the desk recorded it."""
        return str(WEIGHT_LABELS.get(self.weight, "")) if self.weight else ""


@dataclass
class OriginGroup:
    """Citations that go back to one independent origin: three outlets relaying the MVD are one."""

    origin: SourceRef
    citations: list[CitationRef] = field(default_factory=list)

    @property
    def counts(self) -> bool:
        """Whether this origin counts towards the rating's required independent origins."""
        return any(c.stance != ClaimCitation.Stance.CONTEXT for c in self.citations)


@dataclass
class CorrectionRef:
    kind: str
    note: str
    published_at: datetime | None
    revision: int

    @property
    def kind_label(self) -> str:
        return NOTE_LABELS.get(self.kind, self.kind)


@dataclass
class ConflictRef:
    """Another published claim this one conflicts with, and how."""

    kind: str
    note: str
    claim: Bilingual
    claimant: SourceRef | None
    slug: str

    @property
    def kind_label(self) -> str:
        return str(CONFLICT_LABELS.get(self.kind, self.kind.replace("_", " ")))

    @property
    def url_path(self) -> str:
        return slug_url("site:verdict", self.slug)


class VerdictDetail:
    """Everything the verdict page shows, from one snapshot (a public revision's, or a preview's),
    read through the read model's one reader."""

    # Ids of the citations the desk holds an archived copy of; the verdict view sets it.
    archived: frozenset[int] | set[int] = frozenset()

    def __init__(
        self,
        snapshot: dict | PublishedVerdict,
        *,
        verdict: Verdict,
        live_events: dict,
        live_rating=None,
        published_claims: dict[int, ClaimData] | None = None,
    ):
        self.data = snapshot if isinstance(snapshot, PublishedVerdict) else schema.read(snapshot)
        self.verdict = verdict
        self.live_events = live_events
        self.live_rating = live_rating
        self.published_claims = published_claims or {}

    @property
    def claim_data(self) -> ClaimData:
        return self.data.claim

    @property
    def media_reviewed(self) -> list[dict]:
        """The images and video the verdict rules on (issue 13), from the snapshot: no query.
        Their files are public while the verdict is (sources.media.views)."""
        from factcheck.models import MediaAssessment

        labels = dict(MediaAssessment.Category.choices)
        return [
            {
                "url": reverse("media_file", args=[m.id]),
                "kind": m.kind,
                "category": labels.get(m.category, m.category),
                "context": m.original_context,
            }
            for m in self.data.media
        ]

    @property
    def slug(self) -> str:
        return self.claim_data.slug

    @property
    def url_path(self) -> str:
        return slug_url("site:verdict", self.slug)

    @property
    def headline(self) -> str:
        return self.data.verdict.headline

    @property
    def language(self) -> str:
        return self.data.verdict.language

    @property
    def conclusion(self) -> str:
        return self.data.verdict.conclusion

    @cached_property
    def conclusion_html(self):
        return render_markdown(self.conclusion)

    @cached_property
    def explanation_html(self):
        return render_markdown(self.data.verdict.explanation)

    @property
    def author(self) -> str:
        return self.data.verdict.author

    @property
    def revision_number(self) -> int:
        return self.data.verdict.revision

    @property
    def first_published_at(self) -> datetime | None:
        return self.data.verdict.first_published_at

    @property
    def published_at(self) -> datetime | None:
        return self.data.verdict.published_at

    @property
    def updated(self) -> bool:
        return self.revision_number > 1

    @cached_property
    def claim(self) -> Bilingual:
        data = self.claim_data
        return statement(data.text, data.language, data.text_en)

    @property
    def claim_short(self) -> str:
        return self.claim_data.short

    @property
    def status(self) -> str | None:
        return self.claim_data.status

    @property
    def status_label(self) -> str:
        status = self.claim_data.status
        return str(CLAIM_STATUS_LABELS.get(status, status or ""))

    @cached_property
    def claimant(self) -> SourceRef | None:
        return SourceRef.from_data(self.claim_data.claimant)

    @cached_property
    def rating(self) -> RatingRef:
        return RatingRef.from_data(self.data.rating, live=self.live_rating)

    @cached_property
    def events(self) -> list[EventRef]:
        return [EventRef.from_data(e, self.live_events) for e in self.data.events]

    @property
    def time_zone(self) -> str:
        return self.data.time_zone

    @property
    def appeared_time_zone(self) -> str:
        return self.data.appeared_time_zone

    @cached_property
    def appeared(self) -> str:
        data = self.claim_data
        return at_precision(data.appeared_at, data.appeared_precision, self.appeared_time_zone)

    @property
    def appeared_local(self) -> datetime | None:
        return self.data.appeared_local

    @property
    def appeared_at(self) -> datetime | None:
        return self.claim_data.appeared_at

    @cached_property
    def figure(self) -> FigureRef | None:
        return FigureRef.from_data(self.claim_data.figure, time_zone=self.time_zone)

    @cached_property
    def citations(self) -> list[CitationRef]:
        return [CitationRef.from_data(c) for c in self.data.citations]

    @cached_property
    def appearances(self) -> list[CitationRef]:
        """Where the claim was made, earliest first (the first is its firstAppearance)."""
        found = [c for c in self.citations if c.stance == ClaimCitation.Stance.APPEARANCE]
        return sorted(found, key=lambda c: (c.published_at is None, c.published_at or 0))

    @cached_property
    def origin_groups(self) -> list[OriginGroup]:
        """Citations grouped by independent origin; groups in the order their evidence matters."""
        groups = []
        for group in self.data.origin_groups():
            view = OriginGroup(SourceRef.from_data(group.origin))
            view.citations = sorted(
                (CitationRef.from_data(c, archived=c.id in self.archived) for c in group.citations),
                key=lambda c: STANCE_ORDER.index(c.stance),
            )
            groups.append(view)
        return sorted(groups, key=lambda g: min(STANCE_ORDER.index(c.stance) for c in g.citations))

    @property
    def origin_count(self) -> int:
        return self.data.origin_count

    @property
    def supporting_origins(self) -> int | None:
        return self.data.supporting_origins

    @property
    def contradicting_origins(self) -> int | None:
        return self.data.contradicting_origins

    @cached_property
    def conflicts(self) -> list[ConflictRef]:
        """Recorded conflicts with claims that are published now (others are never shown)."""
        found = []
        for conflict in self.claim_data.conflicts:
            other = self.published_claims.get(conflict.claim_id)
            if other is None:
                continue
            found.append(
                ConflictRef(
                    kind=conflict.kind,
                    note=conflict.note,
                    claim=statement(other.text, other.language, other.text_en),
                    claimant=SourceRef.from_data(other.claimant),
                    slug=other.slug,
                )
            )
        return found

    @cached_property
    def corrections(self) -> list[CorrectionRef]:
        return [
            CorrectionRef(
                kind=c.kind, note=c.note, published_at=c.published_at, revision=c.revision
            )
            for c in self.data.corrections
        ]

    @property
    def retracted(self) -> bool:
        return self.verdict.state == Verdict.State.RETRACTED

    @property
    def retracted_at(self) -> datetime | None:
        return self.verdict.retracted_at if self.retracted else None

    @property
    def retraction_reason(self) -> str:
        return self.verdict.retraction_reason if self.retracted else ""


def conflict_ids(data: PublishedVerdict) -> list[int]:
    return [c.claim_id for c in data.claim.conflicts]
