from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.models import default_time_zone, validate_time_zone
from events.precision import DATED_CHOICES, Precision

SHORT_CLAIM_MAX = 75  # ClaimReview's claimReviewed is shown truncated beyond this.


class ClaimQuerySet(models.QuerySet):
    def with_origin_count(self):
        """Annotate `origin_count`: distinct independent origins among the claim's evidence.

        A citation that relays another source counts for the source it relays, so three outlets
        repeating one MVD statement are one origin, not three. Context citations do not count.
        """
        return self.annotate(
            origin_count=Count(
                Coalesce(
                    "claim_citations__citation__relays_id", "claim_citations__citation__source_id"
                ),
                filter=~Q(claim_citations__stance=ClaimCitation.Stance.CONTEXT),
                distinct=True,
            )
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
    conflicts_with = models.ManyToManyField(
        "self",
        verbose_name=_("conflicts with"),
        blank=True,
        symmetrical=True,
        help_text=_(
            "Claims from other sources that disagree with this one or frame it differently."
        ),
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
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
        ]
        indexes = [
            # The desk's work lists: claims by verification status, newest first.
            models.Index(fields=["status", "-created_at"], name="claim_status_idx"),
        ]

    def __str__(self):
        return self.short


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
    """Ids of the independent origins behind these ClaimCitations.

    The Python twin of ClaimQuerySet.with_origin_count(), for links already in memory: a citation
    counts for whom it relays, and context citations do not count.
    """
    return {
        link.citation.origin.pk for link in links if link.stance != ClaimCitation.Stance.CONTEXT
    }


class Figure(models.Model):
    """A number a claim states, so that figures from different sources can be set side by side."""

    class Measure(models.TextChoices):
        KILLED = "killed", _("Killed")
        INJURED = "injured", _("Injured")
        DETAINED = "detained", _("Detained")
        TROOPS = "troops", _("Troops sent")
        DAMAGE = "damage", _("Damage")
        PRICE = "price", _("Price")
        OTHER = "other", _("Other")

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
    value = models.PositiveBigIntegerField(_("value"))
    unit = models.CharField(_("unit"), max_length=40, default="people")
    as_of = models.DateTimeField(_("as of"), help_text=_("The point in time the figure refers to."))
    as_of_precision = models.CharField(
        _("precision"), max_length=20, choices=DATED_CHOICES, default=Precision.DAY
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
        return f"{self.get_qualifier_display()} {self.value} {self.counted_en} ({self.get_measure_display()})"

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None

    def clean(self):
        super().clean()
        if self.superseded_by_id and self.superseded_by.measure != self.measure:
            raise ValidationError(
                {
                    "superseded_by": _(
                        "A figure can only be superseded by a figure of the same measure."
                    )
                }
            )
