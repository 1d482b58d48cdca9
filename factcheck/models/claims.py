from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest, Least, Length
from django.db.models.lookups import Exact, LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.models import default_time_zone, validate_time_zone
from events.precision import DATED_CHOICES, Precision, describe
from factcheck.models.work import (
    OPEN_CLAIM_STATUSES,
    assignee_field,
    assignment_indexes,
    due_field,
)

SHORT_CLAIM_MAX = 75  # ClaimReview's claimReviewed is shown truncated beyond this.


class ClaimQuerySet(models.QuerySet):
    def with_origin_counts(self):
        """Annotate `supporting_origins` and `contradicting_origins`: the SQL twin of weigh_evidence.

        Distinct independent origins (whom a citation relays, else its publisher) among the
        citations that support, or contradict, the claim. The claim's appearances and context
        never count, nor does a citation whose origin is the claimant itself: the claimant
        repeating its own statement does not confirm it. tests/test_evidence_rules.py checks that
        both twins agree.

        Each count is a subquery on the claim's own citations, not an aggregate grouped over the
        join: a page of 100 claims costs 200 small index reads whatever the archive's size, and
        the list's counts and filters stay plain queries on claims.
        """

        def count(stance):
            origins = (
                ClaimCitation.objects.filter(claim=OuterRef("pk"), stance=stance)
                .annotate(origin=Coalesce("citation__relays_id", "citation__source_id"))
                # Ids are positive, so a claim without a claimant excludes nothing.
                .filter(~Q(Exact(F("origin"), Coalesce(OuterRef("claimant_id"), 0))))
                .order_by()
                .values("claim")
                .annotate(origins=Count("origin", distinct=True))
                .values("origins")
            )
            return Coalesce(Subquery(origins), 0)

        return self.annotate(
            supporting_origins=count(ClaimCitation.Stance.SUPPORTS),
            contradicting_origins=count(ClaimCitation.Stance.CONTRADICTS),
        )

    def published(self):
        """Claims readers may see: those whose verdict is published (see VerdictQuerySet)."""
        from factcheck.models.verdicts import Verdict

        return self.filter(verdicts__in=Verdict.objects.published())


class Claim(models.Model):
    """One checkable statement, quoted exactly as it was made."""

    class Status(models.TextChoices):
        UNCHECKED = "unchecked", _("Not yet checked")
        RESEARCHING = "researching", _("Being researched")
        CHECKED = "checked", _("Checked")
        NOT_CHECKABLE = "not_checkable", _("Not checkable")

    text = models.TextField(
        _("claim as made"), help_text=_("Quoted exactly, in the language it was made in.")
    )
    language = models.CharField(_("language"), max_length=8, default="ru")
    text_en = models.TextField(_("English translation"), blank=True)
    short = models.CharField(
        _("short form"),
        max_length=SHORT_CLAIM_MAX,
        help_text=_(
            "At most 75 characters, in English, without the rating: used as ClaimReview's "
            "claimReviewed and in lists."
        ),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    claimant = models.ForeignKey(
        "sources.Source",
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        related_name="claims",
        null=True,
        blank=True,
        help_text=_("Who made the statement: the MVD, President Tokayev, a reporter."),
    )
    appeared_at = models.DateTimeField(
        _("first appeared"),
        null=True,
        blank=True,
        help_text=_("When the statement was first made, in the time zone below."),
    )
    appeared_precision = models.CharField(
        _("precision"), max_length=20, choices=DATED_CHOICES, default=Precision.DAY
    )
    # The zone the reporter read the time in, so that "5 January 23:00" in an Almaty report is
    # entered and published as 23:00 in Almaty, whatever zone the desk or the events are in.
    appeared_time_zone = models.CharField(
        _("time zone of the first appearance"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("The first appearance is entered and shown in this zone, e.g. Asia/Almaty."),
    )
    events = models.ManyToManyField(
        "events.Event", verbose_name=_("events"), related_name="claims", blank=True
    )
    citations = models.ManyToManyField(
        "sources.Citation",
        verbose_name=_("citations"),
        through="ClaimCitation",
        related_name="claims",
        blank=True,
    )
    status = models.CharField(
        _("verification status"), max_length=20, choices=Status.choices, default=Status.UNCHECKED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # The claim the desk already recorded that this one repeats (issue 12, "Similar claims"):
    # written by services.claim_link_duplicate only (audited), offered from factcheck.similar's
    # suggestions on the claim form. PROTECT: the claim others point at is the record they rely on.
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.PROTECT,
        related_name="duplicates",
        null=True,
        blank=True,
        help_text=_("The claim already recorded that this one repeats."),
    )
    # Who on the desk is on this claim, by when (issue 11): written by services.assign only.
    assignee = assignee_field()
    due_at = due_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Assignments are in the audit log (services.assign), not in the text's history.
    history = HistoricalRecords(excluded_fields=["updated_at", "assignee", "due_at"])
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            # SQLite does not enforce max_length; this does, on every database.
            models.CheckConstraint(
                condition=Q(LessThanOrEqual(Length("short"), SHORT_CLAIM_MAX)) & ~Q(short=""),
                name="claim_short_form_length",
                violation_error_message=_("The short form must have 1 to 75 characters."),
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="claim_text_not_empty",
                violation_error_message=_("A claim needs its text as made."),
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=F("pk")),
                name="claim_not_own_duplicate",
                violation_error_message=_("A claim cannot be a duplicate of itself."),
            ),
        ]
        indexes = [
            # The desk's work lists: claims by verification status, newest first.
            models.Index(fields=["status", "-created_at"], name="claim_status_idx"),
            # The admin's claim list in its default order (Meta.ordering: newest first, then pk):
            # the page is read off this index instead of sorting every claim.
            models.Index(fields=["-created_at", "id"], name="claim_created_idx"),
            # The admin's language filter: its choices are read by skipping through this index
            # (adminkit.DistinctValuesFilter), one probe per language, and the filter uses it.
            models.Index(fields=["language"], name="claim_language_idx"),
            *assignment_indexes("claim", Q(status__in=OPEN_CLAIM_STATUSES)),
            # Not here: claim_text_trgm_idx, the trigram GIN index factcheck.similar's candidate
            # query (LIKE '%form%' on its lowercased texts) stands on. It exists on PostgreSQL only
            # (pg_trgm), so migration 0025_similar_claims creates it in SQL there.
        ]

    def __str__(self):
        return self.short

    def clean(self):
        super().clean()
        if self.pk is not None and self.duplicate_of_id == self.pk:
            raise ValidationError({"duplicate_of": _("A claim cannot be a duplicate of itself.")})


class ClaimCitation(models.Model):
    """A claim tied to one piece of evidence, with what that evidence does for the claim."""

    class Stance(models.TextChoices):
        APPEARANCE = "appearance", _("Where the claim appeared")
        SUPPORTS = "supports", _("Supports")
        CONTRADICTS = "contradicts", _("Contradicts")
        CONTEXT = "context", _("Context")

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="claim_citations"
    )
    citation = models.ForeignKey(
        "sources.Citation",
        verbose_name=_("citation"),
        on_delete=models.PROTECT,
        related_name="claim_citations",
    )
    stance = models.CharField(_("stance"), max_length=20, choices=Stance.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["claim", "stance", "pk"]
        verbose_name = _("citation of a claim")
        verbose_name_plural = _("citations of a claim")
        constraints = [
            models.UniqueConstraint(fields=["claim", "citation"], name="claimcitation_unique"),
        ]

    def __str__(self):
        return f"{self.get_stance_display()}: {self.citation}"


def independent_origins(links) -> set[int]:
    """Ids of the origins the claim's evidence is grouped under on the public page.

    Context citations aside, every origin shown, the claim's own appearance included. This says
    how many voices the page quotes, not what confirms the claim: for that see weigh_evidence.
    """
    return {
        link.citation.origin.pk for link in links if link.stance != ClaimCitation.Stance.CONTEXT
    }


def is_locatable(citation) -> bool:
    """Whether a reader could find this passage without the desk's help.

    A URL or an archived copy; or a publication date (publisher, title and date, as print is
    cited); or a publisher with a known address, where the passage, quoted exactly, can be looked
    up. A clipping from an unnamed outlet, undated and without address, is none of these.
    """
    return bool(
        citation.url or citation.archive_url or citation.published_at or citation.source.url
    )


class Weight(models.TextChoices):
    """What one citation does for the count of a claim's independent origins, and why."""

    COUNTED = "counted", _("counted")
    DUPLICATE = "duplicate", _("not counted: the same origin is already counted")
    APPEARANCE = "appearance", _("not counted: where the claim appeared")
    CLAIMANT = "claimant", _("not counted: it only repeats the claimant")
    CONTEXT = "context", _("not counted: context")


@dataclass(frozen=True)
class WeighedCitation:
    link: "ClaimCitation"
    weight: str  # a Weight
    origin: Any  # sources.Source: whom the citation relays, else its publisher

    @property
    def counted(self) -> bool:
        return self.weight == Weight.COUNTED


@dataclass(frozen=True)
class Evidence:
    """A claim's citations weighed one by one, and the independent origins counted each way."""

    citations: list[WeighedCitation]
    supporting: list  # Sources, in the order of their first citation
    contradicting: list

    def origins(self, direction: str) -> list:
        """The counted origins in a rating's direction (see Rating.Direction)."""
        return {"supports": self.supporting, "contradicts": self.contradicting}.get(direction, [])


def weigh_evidence(links, *, claimant_id: int | None) -> Evidence:
    """The evidence rule: which of a claim's citations confirm or refute it, and which do not.

    Origins are counted by direction: distinct origins (whom a citation relays, else its
    publisher) of the citations that support the claim, and likewise of those that contradict
    it, so three outlets relaying one MVD statement are one origin. The claim's appearance never
    confirms it (a statement is not evidence for itself), context is not evidence either way, and
    a citation whose origin is the claimant (the claimant, or an outlet relaying it, repeating
    the statement) is not independent of the claim. ClaimQuerySet.with_origin_counts() is the SQL
    twin; the publish check, the verdict form and the claim list all stand on this one rule.
    """
    Stance = ClaimCitation.Stance
    counted = {Stance.SUPPORTS: {}, Stance.CONTRADICTS: {}}
    weighed = []
    for link in links:
        origin = link.citation.origin
        if link.stance == Stance.APPEARANCE:
            weight = Weight.APPEARANCE
        elif link.stance == Stance.CONTEXT:
            weight = Weight.CONTEXT
        elif claimant_id is not None and origin.pk == claimant_id:
            weight = Weight.CLAIMANT
        elif origin.pk in counted[link.stance]:
            weight = Weight.DUPLICATE
        else:
            counted[link.stance][origin.pk] = origin
            weight = Weight.COUNTED
        weighed.append(WeighedCitation(link=link, weight=weight, origin=origin))
    return Evidence(
        citations=weighed,
        supporting=list(counted[Stance.SUPPORTS].values()),
        contradicting=list(counted[Stance.CONTRADICTS].values()),
    )


def explain_evidence(evidence: Evidence, direction: str | None) -> list[tuple[ClaimCitation, str]]:
    """Each citation with why it counted or not, in an editor's words (the verdict form's panel).

    `direction` is the rating's (Rating.Direction), or None while the verdict has no rating.
    """
    rows = []
    for item in evidence.citations:
        if item.weight == Weight.COUNTED:
            if item.link.stance == ClaimCitation.Stance.SUPPORTS:
                why = _("counted as supporting origin %(origin)s")
            else:
                why = _("counted as contradicting origin %(origin)s")
        elif item.weight == Weight.DUPLICATE:
            why = _("not counted: duplicate of origin %(origin)s")
        elif item.weight == Weight.APPEARANCE:
            why = _("not counted: where the claim appeared")
        elif item.weight == Weight.CLAIMANT and item.link.citation.relays_id:
            why = _("not counted: relays the claimant, %(origin)s")
        elif item.weight == Weight.CLAIMANT:
            why = _("not counted: the claimant's own statement")
        else:
            why = _("not counted: context")
        why = why % {"origin": item.origin}
        if item.counted and direction and item.link.stance != direction:
            why = _("%(why)s (this rating counts the other direction)") % {"why": why}
        if not is_locatable(item.link.citation):
            why = _("%(why)s · address not known") % {"why": why}
        rows.append((item.link, str(why)))
    return rows


class ClaimConflictQuerySet(models.QuerySet):
    def involving(self, claims):
        """Conflicts in which any of these claims (instances, ids or a queryset) takes part.

        A pair is stored once, in either order, so a claim may be on either side of it.
        """
        if isinstance(claims, (Claim, int)):
            claims = [claims]
        return self.filter(Q(claim__in=claims) | Q(other__in=claims))


class ClaimConflict(models.Model):
    """Two claims that do not simply agree, and how they differ.

    The pair is unordered: "A frames B differently" says the same as "B frames A differently", and
    every kind is symmetric, so it is stored once whichever claim it was entered on. A reporter
    adds it on either claim's form; `conflicts_of()` reads both directions.
    """

    class Kind(models.TextChoices):
        CONTRADICTS = "contradicts", _("Contradicts")
        # "Rioters" or "protesters": one fact, told in words that judge it differently.
        FRAMES_DIFFERENTLY = "frames_differently", _("Frames it differently")
        # 16 security officers killed, at least 26 protesters killed: not the same people.
        DIFFERENT_POPULATION = "different_population", _("Counts a different population")
        # A figure or a state of affairs as of another time.
        DIFFERENT_MOMENT = "different_moment", _("Refers to a different moment")

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="conflicts"
    )
    other = models.ForeignKey(
        Claim,
        verbose_name=_("other claim"),
        on_delete=models.CASCADE,
        related_name="conflicts_as_other",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_(
            "Public: one sentence telling readers how the two claims differ, e.g. “Report 000 "
            "counts security officers, report 004 protesters.”"
        ),
    )

    objects = ClaimConflictQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "pk"]
        verbose_name = _("conflict between claims")
        verbose_name_plural = _("conflicts between claims")
        constraints = [
            # Each unordered pair once: (A, B) and (B, A) are the same conflict. An expression
            # index rather than "claim < other", so a pair entered on the claim with the higher
            # id needs no swapping, and the admin's inline can keep its claim on the claim side.
            models.UniqueConstraint(
                Least("claim", "other"),
                Greatest("claim", "other"),
                name="claimconflict_pair_once",
                violation_error_message=_(
                    "A conflict between these two claims is already recorded (perhaps on the "
                    "other claim): edit that one instead."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(claim=F("other")),
                name="claimconflict_not_with_itself",
                violation_error_message=_("A claim cannot conflict with itself."),
            ),
        ]

    def __str__(self):
        return f"{self.claim} — {self.get_kind_display()} — {self.other}"

    def clean(self):
        super().clean()
        if self.claim_id is not None and self.claim_id == self.other_id:
            raise ValidationError({"other": _("A claim cannot conflict with itself.")})

    def counterpart(self, claim: Claim | int) -> Claim:
        """The claim of the pair that is not `claim`."""
        pk = claim if isinstance(claim, int) else claim.pk
        return self.other if self.claim_id == pk else self.claim


def conflicts_of(claim: Claim | int):
    """The conflicts a claim takes part in, on either side, with both claims joined.

    Use `conflict.counterpart(claim)` for the claim it conflicts with.
    """
    return (
        ClaimConflict.objects.involving(claim)
        .select_related("claim", "other")
        .order_by("kind", "pk")
    )


class Figure(models.Model):
    """A number a claim states, so that figures from different sources can be set side by side."""

    class Measure(models.TextChoices):
        KILLED = "killed", _("Killed")
        INJURED = "injured", _("Injured")
        DETAINED = "detained", _("Detained")
        TROOPS = "troops", _("Troops sent")
        DAMAGE = "damage", _("Damage")
        PRICE = "price", _("Price")
        # Killed and injured counted together, as in "погибших и пострадавших".
        CASUALTIES = "casualties", _("Killed and injured")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported")
        # Someone is counting and has said so ("число жертв уточняется"); a provisional count may
        # be given.
        BEING_COUNTED = "being_counted", _("Still being counted")
        # The source says the number is not known, or only that it may be higher.
        UNKNOWN = "unknown", _("Not known")

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        AT_LEAST = "at_least", _("at least")
        MORE_THAN = "more_than", _("more than")
        ABOUT = "about", _("about")
        UP_TO = "up_to", _("up to")

    claim = models.OneToOneField(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="figure"
    )
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    counted = models.CharField(
        _("what is counted"),
        max_length=200,
        help_text=_("In Russian, e.g. «сотрудники силовых структур»."),
    )
    counted_en = models.CharField(_("what is counted, in English"), max_length=200)
    qualifier = models.CharField(
        _("qualifier"), max_length=20, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.REPORTED,
        help_text=_(
            "Whether the source gives a number. A figure still being counted may give a "
            "provisional one; a figure not known has none."
        ),
    )
    value = models.PositiveBigIntegerField(_("value"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, default="people")
    as_of = models.DateTimeField(
        _("as of"), help_text=_("The point in time the figure refers to, in the time zone below.")
    )
    as_of_precision = models.CharField(
        _("precision"), max_length=20, choices=DATED_CHOICES, default=Precision.DAY
    )
    # As for a claim's first appearance: "as of the morning of 7 January" in an Almaty report is
    # entered and shown as that morning in Almaty, whatever zone the desk or the events are in.
    as_of_time_zone = models.CharField(
        _("time zone of “as of”"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("“As of” is entered and shown in this zone, e.g. Asia/Almaty."),
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        help_text=_("A later figure for the same count. The old one is kept and ranked below it."),
    )

    class Meta:
        # Current figures first, then the newest; a superseded figure ranks below its successor.
        ordering = [F("superseded_by").asc(nulls_first=True), "-as_of", "pk"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="reported", value__isnull=False)
                | Q(status="being_counted")
                | Q(status="unknown", value__isnull=True),
                name="figure_value_matches_status",
                violation_error_message=_(
                    "A reported figure needs a value; a figure not known has none."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(superseded_by=F("pk")),
                name="figure_not_superseded_by_itself",
                violation_error_message=_("A figure cannot supersede itself."),
            ),
        ]
        indexes = [
            # The figures view: all figures for one measure, current ones first.
            models.Index(fields=["measure", "as_of"], name="figure_measure_idx"),
        ]

    def __str__(self):
        if self.value is None:
            text = f"{self.get_status_display()}: {self.counted_en} ({self.get_measure_display()})"
        else:
            text = f"{self.get_qualifier_display()} {self.value} {self.counted_en} ({self.get_measure_display()})"
            if self.status != self.Status.REPORTED:
                text = f"{text}, {self.get_status_display().lower()}"
        # Labels autocompletes and inlines too: an old figure must never pass for the current one.
        if not self.is_current:
            text = f"{text} [{_('superseded')}]"
        return text

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None

    @property
    def as_of_when(self) -> str:
        """ "As of", only as precisely as it is known, in its own zone and the active language."""
        return describe(self.as_of.astimezone(ZoneInfo(self.as_of_time_zone)), self.as_of_precision)

    def clean(self):
        super().clean()
        if self.status == self.Status.REPORTED and self.value is None:
            raise ValidationError(
                {
                    "value": _(
                        "A reported figure needs its value. If the source gives no number, "
                        "mark the figure “still being counted” or “not known”."
                    )
                }
            )
        if self.status == self.Status.UNKNOWN and self.value is not None:
            raise ValidationError(
                {
                    "value": _(
                        "A figure that is not known has no value. If the source gives a "
                        "provisional number, mark it “still being counted”."
                    )
                }
            )
        if self.superseded_by_id and self.superseded_by.measure != self.measure:
            raise ValidationError(
                {
                    "superseded_by": _(
                        "A figure can only be superseded by a figure of the same measure."
                    )
                }
            )
