from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _


class RatingScale(models.Model):
    """A named scale of ratings; its best and worst values go into ClaimReview's reviewRating."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    best_value = models.SmallIntegerField(_("best value"))
    worst_value = models.SmallIntegerField(_("worst value"))

    class Meta:
        verbose_name = _("rating scale")
        verbose_name_plural = _("rating scales")
        constraints = [
            models.CheckConstraint(
                condition=Q(best_value__gt=F("worst_value")),
                name="ratingscale_best_above_worst",
                violation_error_message=_("The best value must be greater than the worst value."),
            ),
        ]

    def __str__(self):
        return self.name


class Rating(models.Model):
    """One rating on the scale, with the meaning shown to readers on the methodology page."""

    class Direction(models.TextChoices):
        # Which evidence a rating rests on: "true" is confirmed, "false" is refuted, "unproven"
        # is neither, so it has nothing to count (see factcheck.models.claims.weigh_evidence).
        SUPPORTS = "supports", _("supporting origins")
        CONTRADICTS = "contradicts", _("contradicting origins")
        NONE = "none", _("no origins to count")

    scale = models.ForeignKey(
        RatingScale, verbose_name=_("scale"), on_delete=models.PROTECT, related_name="ratings"
    )
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    label = models.CharField(_("label"), max_length=60, help_text=_("In Russian, e.g. «Неверно»."))
    label_en = models.CharField(_("label in English"), max_length=60)
    description = models.TextField(_("meaning"), help_text=_("Shown on the methodology page."))
    description_en = models.TextField(_("meaning in English"))
    value = models.SmallIntegerField(
        _("numeric value"),
        null=True,
        blank=True,
        help_text=_(
            "Position on the scale for ClaimReview's ratingValue. Leave empty for ratings off the "
            "true-false axis, such as “unproven” or “outdated”."
        ),
    )
    evidence_direction = models.CharField(
        _("evidence it rests on"),
        max_length=20,
        choices=Direction.choices,
        default=Direction.SUPPORTS,
        help_text=_(
            "Which independent origins count for this rating: those that support the claim "
            "(e.g. “true”), those that contradict it (e.g. “false”), or none (e.g. “unproven”)."
        ),
    )
    min_origins = models.PositiveSmallIntegerField(
        _("independent origins required"),
        default=1,
        help_text=_(
            "A verdict with this rating cannot be published with fewer independent origins in "
            "the rating's direction. The claim's own appearance and whatever only repeats the "
            "claimant never count. 0 exactly when the direction is “none”."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["scale", "position", "pk"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["scale", "label"], name="rating_label_unique_in_scale"),
            # A rating that rests on evidence needs at least one origin of it; one that rests on
            # none cannot promise a number of origins it never counts.
            models.CheckConstraint(
                condition=(Q(evidence_direction="none") & Q(min_origins=0))
                | (Q(evidence_direction__in=["supports", "contradicts"]) & Q(min_origins__gte=1)),
                name="rating_direction_matches_min_origins",
                violation_error_message=_(
                    "A rating that counts supporting or contradicting origins needs at least one; "
                    "a rating that counts none needs 0."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.label_en} / {self.label}"

    @property
    def evidence_rule(self) -> str:
        """The rating's rule in words, for the desk: "needs at least 2 independent origins …"."""
        if self.evidence_direction == self.Direction.SUPPORTS:
            text = ngettext(
                "needs at least %(n)s independent origin confirming the claim",
                "needs at least %(n)s independent origins confirming the claim",
                self.min_origins,
            )
        elif self.evidence_direction == self.Direction.CONTRADICTS:
            text = ngettext(
                "needs at least %(n)s independent origin contradicting the claim",
                "needs at least %(n)s independent origins contradicting the claim",
                self.min_origins,
            )
        else:
            return gettext("counts no origins: the evidence neither confirms nor refutes the claim")
        return text % {"n": self.min_origins}

    def clean(self):
        super().clean()
        if self.value is not None and self.scale_id:
            scale = self.scale
            if not scale.worst_value <= self.value <= scale.best_value:
                raise ValidationError(
                    {
                        "value": _("The value must lie between %(worst)s and %(best)s.")
                        % {"worst": scale.worst_value, "best": scale.best_value}
                    }
                )
