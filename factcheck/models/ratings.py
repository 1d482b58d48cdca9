from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
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
    min_origins = models.PositiveSmallIntegerField(
        _("independent origins required"),
        default=1,
        help_text=_(
            "A verdict with this rating cannot be published with fewer independent origins."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["scale", "position", "pk"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["scale", "label"], name="rating_label_unique_in_scale"),
        ]

    def __str__(self):
        return f"{self.label_en} / {self.label}"

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
