"""The snapshot of a published verdict: its schema, its one writer and its one reader.

Stored on VerdictRevision.snapshot when a verdict is published, the snapshot is what readers and
partners see: the claim, its evidence and its events as they stood at that moment, so later edits
to a claim or a citation reach nobody until the next review. Its shape is written down once, here,
as frozen dataclasses whose field names are the JSON keys:

* `build(verdict, number, published_at)` is the only code that writes a snapshot (the publishing
  service calls it, through factcheck.snapshot.build_snapshot, and so does the staff preview);
* `read(data)` is the only code that reads one back, whatever FORMAT it was written in; every
  page, feed and endpoint works on the PublishedVerdict it returns, never on the JSON's keys.
  (SQL that looks inside stored snapshots, in sql.py and search.py, names the few paths it needs.)

Formats:
  1  the first one.
  2  adds the claim's verification status (`claim.status`), its conflicts with other claims
     (`claim.conflicts`: typed, with a public note) and the zone its first appearance was entered
     in (`claim.appeared_time_zone`); the figure's precision (`as_of_precision`), its id, an optional
     `status`, a nullable `value` and its own `time_zone`; each event's local `time_zone`; each citation's `weight`
     (what it did for the rating) and the counts of `supporting_origins` and
     `contradicting_origins` by the desk's evidence rule.
  2  (issue 13) adds an optional `media`: the images and video the verdict rules on, each with the
     desk's MediaReview category (factcheck.published.mediareview); absent, it reads as none.
  3  adds `translations`: the verdict's text in its other languages (issue 11), each with its
     `language`, `headline`, `conclusion` and `explanation`; `verdict` stays the text in the
     verdict's own language. Earlier formats read with none.
A format-1 snapshot reads with status None ("not recorded"), no conflicts, and its figure at
day precision (what every page showed then).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import datetime
from typing import ClassVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch

from events.models import Event
from events.precision import Precision

FORMAT = 3
READABLE_FORMATS = (1, 2, 3)


class UnreadableSnapshot(ValueError):
    """A snapshot in a format this code cannot read (written by a newer version of it)."""


# --- the schema ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceData:
    id: int
    slug: str
    name: str
    name_en: str
    kind: str
    url: str
    country: str
    language: str


@dataclass(frozen=True)
class RatingData:
    slug: str
    label: str
    label_en: str
    value: int | None
    best: int | None
    worst: int | None


@dataclass(frozen=True)
class FigureData:
    measure: str
    counted: str
    counted_en: str
    qualifier: str
    value: int | None  # None: no number is known (see `status`)
    unit: str
    as_of: datetime | None
    as_of_precision: str
    superseded: bool  # superseded when this revision was published
    id: int | None = None
    status: str = "reported"  # Figure.Status: "reported", "being_counted" or "unknown"
    # The zone `as_of` was entered in and is shown in; "" before figures had one (their pages
    # used the events' zone, and still do).
    time_zone: str = ""


@dataclass(frozen=True)
class ConflictData:
    """Another claim this one conflicts with. Only its id: its text is shown (by the reader of
    this snapshot) only while that other claim is itself published."""

    claim_id: int
    kind: str
    note: str = ""


@dataclass(frozen=True)
class ClaimData:
    id: int
    slug: str
    text: str
    language: str
    text_en: str
    short: str
    claimant: SourceData | None
    appeared_at: datetime | None
    appeared_precision: str
    figure: FigureData | None
    status: str | None = None  # Claim.Status; None in format 1, which did not record it
    conflicts: tuple[ConflictData, ...] = ()
    # The zone "first appeared" was entered in and is shown in; "" before claims had one (their
    # pages used the events' zone, and still do).
    appeared_time_zone: str = ""


@dataclass(frozen=True)
class CitationData:
    id: int
    stance: str
    note: str
    url: str
    archive_url: str
    title: str
    published_at: datetime | None
    accessed_at: datetime | None
    quote: str
    quote_language: str
    translation: str
    source: SourceData
    relays: SourceData | None
    origin_id: int
    # What the piece did for the rating when published (factcheck.models.claims.Weight: counted,
    # duplicate, appearance, claimant, context); "" in format 1, which did not record it.
    weight: str = ""

    @property
    def origin(self) -> SourceData:
        """The independent origin: whom this piece relays, else its own publisher."""
        return self.relays or self.source


@dataclass(frozen=True)
class MediaData:
    """An image or video of the evidence that the verdict rules on (a MediaAssessment), as it was
    stored when the verdict was published."""

    id: int
    citation_id: int
    kind: str  # Media.Kind: "image" or "video"
    content_type: str
    sha256: str
    size: int | None
    width: int | None
    height: int | None
    duration: float | None
    captured_at: datetime | None
    added_at: datetime | None
    source_url: str
    category: str  # MediaAssessment.Category: a MediaManipulationRatingEnumeration member
    original_context: str = ""


@dataclass(frozen=True)
class EventData:
    id: int
    slug: str
    title: str
    title_en: str
    starts_at: datetime | None
    start_precision: str
    parent_id: int | None
    time_zone: str = ""  # the event's local zone ("" in format 1)


@dataclass(frozen=True)
class CorrectionData:
    revision: int
    kind: str
    note: str
    published_at: datetime | None


@dataclass(frozen=True)
class VerdictData:
    id: int
    revision: int
    headline: str
    conclusion: str
    explanation: str
    language: str
    first_published_at: datetime | None
    published_at: datetime | None
    author: str


@dataclass(frozen=True)
class TranslationData:
    """The verdict's text in another language, frozen with the rest (format 3)."""

    language: str
    headline: str
    conclusion: str
    explanation: str


@dataclass(frozen=True)
class OriginGroup:
    """The citations that go back to one independent origin."""

    origin: SourceData
    citations: tuple[CitationData, ...]


@dataclass(frozen=True)
class PublishedVerdict:
    format: int
    verdict: VerdictData
    rating: RatingData
    claim: ClaimData
    citations: tuple[CitationData, ...]
    origin_count: int
    events: tuple[EventData, ...]
    corrections: tuple[CorrectionData, ...]
    # Independent origins that confirm and that contradict the claim, by the desk's evidence rule
    # (weigh_evidence) when this revision was published; None in format 1.
    supporting_origins: int | None = None
    contradicting_origins: int | None = None
    media: tuple[MediaData, ...] = ()
    translations: tuple[TranslationData, ...] = ()
    # Set by in_language, never stored (a ClassVar is no dataclass field: neither dump nor
    # bench/generate.py's orjson writes it): the revision's languages, its own first, once
    # `verdict` holds another language's text.
    available: ClassVar[tuple[str, ...]] = ()

    @property
    def languages(self) -> list[str]:
        """The languages this revision can be read in: the verdict's own first."""
        if self.available:
            return list(self.available)
        return [self.verdict.language, *(t.language for t in self.translations)]

    def in_language(self, language: str) -> PublishedVerdict:
        """This revision as readers of `language` get it: the verdict's text in that language
        when it has a version in it, else unchanged (in the verdict's own language, which
        `verdict.language` then says). The one place a version replaces the verdict's text, for
        every page, feed and endpoint."""
        for text in self.translations:
            if text.language == language:
                shown = replace(
                    self,
                    verdict=replace(
                        self.verdict,
                        headline=text.headline,
                        conclusion=text.conclusion,
                        explanation=text.explanation,
                        language=text.language,
                    ),
                )
                object.__setattr__(shown, "available", tuple(self.languages))
                return shown
        return self

    @property
    def time_zone(self) -> str:
        """The local zone of the events concerned, for the claim's and the figure's times."""
        for event in self.events:
            if event.time_zone:
                return event.time_zone
        return settings.EVENT_TIME_ZONE

    @property
    def appeared_time_zone(self) -> str:
        """The zone the first appearance was entered in. Snapshots from before the claim had one
        showed it in the events' zone, and still do."""
        return self.claim.appeared_time_zone or self.time_zone

    @property
    def appeared_local(self) -> datetime | None:
        """The first appearance in its own zone: its date is the one the page shows."""
        moment = self.claim.appeared_at
        return moment.astimezone(ZoneInfo(self.appeared_time_zone)) if moment else None

    def origin_groups(self) -> list[OriginGroup]:
        """Citations grouped by independent origin, origins in the order they are first cited."""
        groups: dict[int, list[CitationData]] = {}
        origins: dict[int, SourceData] = {}
        for citation in self.citations:
            groups.setdefault(citation.origin_id, []).append(citation)
            origins.setdefault(citation.origin_id, citation.origin)
        return [OriginGroup(origins[key], tuple(items)) for key, items in groups.items()]


# --- JSON ----------------------------------------------------------------------------------


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


_SCALARS = (str, int, type(None), bool, float)


def dump(value):
    """A schema object as JSON data: dataclasses as objects, tuples as arrays, times in ISO 8601."""
    if type(value) in _SCALARS:
        return value
    names = _FIELD_NAMES.get(type(value))
    if names is None and is_dataclass(value):
        # Looked up once per class: bench/generate.py writes a million snapshots through here.
        names = _FIELD_NAMES[type(value)] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: dump(getattr(value, name)) for name in names}
    if isinstance(value, tuple | list):
        return [dump(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _dt(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def read_source(data: dict | None) -> SourceData | None:
    if not data:
        return None
    return SourceData(
        id=int(data["id"]),
        slug=data.get("slug", ""),
        name=data.get("name", ""),
        name_en=data.get("name_en", ""),
        kind=data.get("kind", ""),
        url=data.get("url", ""),
        country=data.get("country", ""),
        language=data.get("language", ""),
    )


def read_rating(data: dict | None) -> RatingData:
    data = data or {}
    return RatingData(
        slug=data.get("slug", ""),
        label=data.get("label", ""),
        label_en=data.get("label_en", ""),
        value=data.get("value"),
        best=data.get("best"),
        worst=data.get("worst"),
    )


def read_figure(data: dict | None) -> FigureData | None:
    if not data:
        return None
    return FigureData(
        measure=data["measure"],
        counted=data.get("counted", ""),
        counted_en=data.get("counted_en", ""),
        qualifier=data.get("qualifier", ""),
        value=data.get("value"),
        unit=data.get("unit", ""),
        as_of=_dt(data.get("as_of")),
        # Format 1 did not keep the precision; its pages showed the day.
        as_of_precision=data.get("as_of_precision") or Precision.DAY,
        superseded=bool(data.get("superseded", False)),
        id=data.get("id"),
        # Figures had no status before format 2: every one of them was reported.
        status=data.get("status") or "reported",
        time_zone=data.get("time_zone", ""),
    )


def read_claim(data: dict | None) -> ClaimData:
    data = data or {}
    return ClaimData(
        id=int(data.get("id", 0)),
        slug=data.get("slug", ""),
        text=data.get("text", ""),
        language=data.get("language") or "ru",
        text_en=data.get("text_en", ""),
        short=data.get("short", ""),
        claimant=read_source(data.get("claimant")),
        appeared_at=_dt(data.get("appeared_at")),
        appeared_precision=data.get("appeared_precision") or Precision.DAY,
        figure=read_figure(data.get("figure")),
        status=data.get("status"),
        appeared_time_zone=data.get("appeared_time_zone", ""),
        conflicts=tuple(
            ConflictData(int(c["claim_id"]), c.get("kind") or "contradicts", c.get("note", ""))
            for c in data.get("conflicts") or ()
        ),
    )


def read_citation(data: dict) -> CitationData:
    source = read_source(data["source"])
    relays = read_source(data.get("relays"))
    return CitationData(
        id=int(data["id"]),
        stance=data["stance"],
        note=data.get("note", ""),
        url=data.get("url", ""),
        archive_url=data.get("archive_url", ""),
        title=data.get("title", ""),
        published_at=_dt(data.get("published_at")),
        accessed_at=_dt(data.get("accessed_at")),
        quote=data.get("quote", ""),
        quote_language=data.get("quote_language") or "ru",
        translation=data.get("translation", ""),
        source=source,
        relays=relays,
        origin_id=int(data.get("origin_id") or (relays or source).id),
        weight=data.get("weight", ""),
    )


def read_event(data: dict) -> EventData:
    return EventData(
        id=int(data["id"]),
        slug=data.get("slug", ""),
        title=data.get("title", ""),
        title_en=data.get("title_en", ""),
        starts_at=_dt(data.get("starts_at")),
        start_precision=data.get("start_precision") or Precision.DAY,
        parent_id=data.get("parent_id"),
        time_zone=data.get("time_zone", ""),
    )


def read_media(data: dict) -> MediaData:
    return MediaData(
        id=int(data["id"]),
        citation_id=int(data["citation_id"]),
        kind=data.get("kind", ""),
        content_type=data.get("content_type", ""),
        sha256=data.get("sha256", ""),
        size=data.get("size"),
        width=data.get("width"),
        height=data.get("height"),
        duration=data.get("duration"),
        captured_at=_dt(data.get("captured_at")),
        added_at=_dt(data.get("added_at")),
        source_url=data.get("source_url", ""),
        category=data.get("category", ""),
        original_context=data.get("original_context", ""),
    )


def read_events(data: list | None) -> tuple[EventData, ...]:
    return tuple(read_event(e) for e in data or ())


def read(data: dict) -> PublishedVerdict:
    """The one reader: a stored snapshot, of any format written so far, as typed objects."""
    version = data.get("format")
    if version not in READABLE_FORMATS:
        raise UnreadableSnapshot(f"snapshot format {version!r} is not one of {READABLE_FORMATS}")
    text = data["verdict"]
    citations = tuple(read_citation(c) for c in data.get("citations", ()))
    return PublishedVerdict(
        format=version,
        verdict=VerdictData(
            id=int(text["id"]),
            revision=int(text["revision"]),
            headline=text.get("headline", ""),
            conclusion=text.get("conclusion", ""),
            explanation=text.get("explanation", ""),
            language=text.get("language") or "en",
            first_published_at=_dt(text.get("first_published_at")),
            published_at=_dt(text.get("published_at")),
            author=text.get("author", ""),
        ),
        rating=read_rating(data.get("rating")),
        claim=read_claim(data.get("claim")),
        citations=citations,
        origin_count=int(data.get("origin_count", len({c.origin_id for c in citations}))),
        events=read_events(data.get("events")),
        corrections=tuple(
            CorrectionData(
                revision=int(c["revision"]),
                kind=c["kind"],
                note=c.get("note", ""),
                published_at=_dt(c.get("published_at")),
            )
            for c in data.get("corrections", ())
        ),
        supporting_origins=data.get("supporting_origins"),
        contradicting_origins=data.get("contradicting_origins"),
        media=tuple(read_media(m) for m in data.get("media") or ()),
        translations=tuple(
            TranslationData(
                language=t["language"],
                headline=t.get("headline", ""),
                conclusion=t.get("conclusion", ""),
                explanation=t.get("explanation", ""),
            )
            for t in data.get("translations") or ()
        ),
    )


# --- the writer ----------------------------------------------------------------------------


def _source(source) -> SourceData | None:
    if source is None:
        return None
    return SourceData(
        id=source.pk,
        slug=source.slug,
        name=source.name,
        name_en=source.name_en,
        kind=source.kind,
        url=source.url,
        country=source.country,
        language=source.language,
    )


def rating_data(rating) -> RatingData:
    """A Rating row as the snapshot records it (also how staff previews label a live rating)."""
    return RatingData(
        slug=rating.slug,
        label=rating.label,
        label_en=rating.label_en,
        value=rating.value,
        best=rating.scale.best_value,
        worst=rating.scale.worst_value,
    )


def conflicts_of(claim) -> tuple[ConflictData, ...]:
    """The conflicts a claim's snapshot records, typed and with their public note, whichever of
    the two claims they were entered on (ClaimConflict stores each pair once)."""
    from factcheck.models import ClaimConflict

    return tuple(
        ConflictData(
            claim_id=conflict.other_id if conflict.claim_id == claim.pk else conflict.claim_id,
            kind=conflict.kind,
            note=conflict.note,
        )
        for conflict in ClaimConflict.objects.involving(claim).order_by("pk")
    )


def published_status(claim) -> str:
    """The verification status the claim has once this verdict is published.

    Publishing is what checks a claim: services.verdict_publish sets Claim.status to "checked" in
    the same transaction, just after writing the snapshot, so a claim still marked unchecked or
    being researched is recorded as checked (a preview shows it as it would be published).
    """
    from factcheck.models import Claim

    if claim.status in (Claim.Status.UNCHECKED, Claim.Status.RESEARCHING):
        return Claim.Status.CHECKED
    return claim.status


def _figure(figure) -> FigureData | None:
    if figure is None:
        return None
    return FigureData(
        measure=figure.measure,
        counted=figure.counted,
        counted_en=figure.counted_en,
        qualifier=figure.qualifier,
        value=figure.value,
        unit=figure.unit,
        as_of=figure.as_of,
        as_of_precision=figure.as_of_precision or Precision.DAY,
        superseded=figure.superseded_by_id is not None,
        id=figure.pk,
        status=figure.status,
        time_zone=figure.as_of_time_zone,
    )


def compose(verdict, *, number: int, published_at) -> PublishedVerdict:
    """The verdict, its claim, evidence and events as they stand now, as a PublishedVerdict."""
    from factcheck.models import (
        Claim,
        ClaimCitation,
        MediaAssessment,
        VerdictRevision,
        VerdictTranslation,
    )

    claim = (
        Claim.objects.select_related("claimant", "figure")
        .prefetch_related(
            Prefetch(
                "claim_citations",
                queryset=ClaimCitation.objects.select_related(
                    "citation__source", "citation__relays"
                ).order_by("pk"),
            ),
            Prefetch(
                "events", queryset=Event.objects.select_related("parent").order_by("starts_at")
            ),
        )
        .get(pk=verdict.claim_id)
    )
    earlier = [
        CorrectionData(r.number, r.note_kind, r.note, r.published_at)
        for r in VerdictRevision.objects.filter(verdict=verdict)
        .exclude(note_kind="")
        .order_by("number")
    ]
    assessments = list(
        MediaAssessment.objects.filter(verdict=verdict, media__state="ready")
        .select_related("media")
        .order_by("pk")
    )
    return assemble(
        verdict,
        claim,
        assessments=assessments,
        links=list(claim.claim_citations.all()),
        events=list(claim.events.all()),
        figure=getattr(claim, "figure", None),
        conflicts=conflicts_of(claim),
        earlier_corrections=earlier,
        number=number,
        published_at=published_at,
        translations=[
            TranslationData(t.language, t.headline, t.conclusion, t.explanation)
            for t in VerdictTranslation.objects.filter(verdict_id=verdict.pk).order_by("language")
        ]
        if verdict.pk
        else [],
    )


def assemble(
    verdict,
    claim,
    *,
    links,
    events,
    figure,
    conflicts: tuple[ConflictData, ...],
    earlier_corrections: list[CorrectionData],
    number: int,
    published_at,
    assessments=(),
    translations=(),
) -> PublishedVerdict:
    """The PublishedVerdict of what `compose` read, without a query of its own.

    `links` are the claim's ClaimCitations (citation, source and relays loaded) in id order,
    `events` its events by start, `earlier_corrections` the notes of its earlier revisions. Split
    from compose so that bench/generate.py writes its archive's snapshots with this same code from
    rows it holds in memory.
    """
    from factcheck.models.claims import independent_origins, weigh_evidence

    evidence = weigh_evidence(links, claimant_id=claim.claimant_id)
    weights = {item.link.pk: str(item.weight) for item in evidence.citations}
    citations = tuple(
        CitationData(
            id=link.citation.pk,
            stance=link.stance,
            note=link.note,
            url=link.citation.url,
            archive_url=link.citation.archive_url,
            title=link.citation.title,
            published_at=link.citation.published_at,
            accessed_at=link.citation.accessed_at,
            quote=link.citation.quote,
            quote_language=link.citation.quote_language,
            translation=link.citation.translation,
            source=_source(link.citation.source),
            relays=_source(link.citation.relays),
            origin_id=link.citation.origin.pk,
            weight=weights[link.pk],
        )
        for link in links
    )
    cited = {c.id for c in citations}
    media = tuple(
        MediaData(
            id=a.media.pk,
            citation_id=a.media.citation_id,
            kind=a.media.kind,
            content_type=a.media.content_type,
            sha256=a.media.sha256,
            size=a.media.size,
            width=a.media.width,
            height=a.media.height,
            duration=a.media.duration,
            captured_at=a.media.captured_at,
            added_at=a.media.added_at,
            source_url=a.media.source_url,
            category=a.category,
            original_context=a.original_context,
        )
        for a in assessments
        # Only media of the evidence published with it: their files are public (sources.media).
        if a.media.citation_id in cited
    )
    corrections = list(earlier_corrections)
    if verdict.note_kind:
        corrections.append(CorrectionData(number, verdict.note_kind, verdict.note, published_at))
    rating = verdict.rating
    return PublishedVerdict(
        format=FORMAT,
        verdict=VerdictData(
            id=verdict.pk,
            revision=number,
            headline=verdict.headline,
            conclusion=verdict.conclusion,
            explanation=verdict.explanation,
            language=verdict.language,
            first_published_at=verdict.first_published_at or published_at,
            published_at=published_at,
            author=verdict.author.get_full_name() or verdict.author.get_username(),
        ),
        rating=rating_data(rating),
        claim=ClaimData(
            id=claim.pk,
            slug=claim.slug,
            text=claim.text,
            language=claim.language,
            text_en=claim.text_en,
            short=claim.short,
            claimant=_source(claim.claimant),
            appeared_at=claim.appeared_at,
            appeared_precision=claim.appeared_precision,
            figure=_figure(figure),
            status=published_status(claim),
            conflicts=conflicts,
            appeared_time_zone=claim.appeared_time_zone,
        ),
        citations=citations,
        origin_count=len(independent_origins(links)),
        events=tuple(
            EventData(
                id=event.pk,
                slug=event.slug,
                title=event.title,
                title_en=event.title_en,
                starts_at=event.starts_at,
                start_precision=event.start_precision,
                parent_id=event.parent_id,
                time_zone=event.time_zone,
            )
            for event in events
        ),
        corrections=tuple(corrections),
        supporting_origins=len(evidence.supporting),
        contradicting_origins=len(evidence.contradicting),
        media=media,
        # Only the languages the desk writes in now and not the verdict's own (a stale row left
        # by a change of either setting or language is not published).
        translations=tuple(
            t
            for t in translations
            if t.language != verdict.language and t.language in settings.FACTCHECK_VERDICT_LANGUAGES
        ),
    )


def build(verdict, number: int, published_at) -> dict:
    """The one writer: the snapshot to store on the revision `number` published at `published_at`."""
    return dump(compose(verdict, number=number, published_at=published_at))
