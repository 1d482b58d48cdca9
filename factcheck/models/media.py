"""What a verdict says about each image or video in its evidence: the schema.org MediaReview
category (factcheck.published.mediareview), chosen by the desk per media item."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class MediaAssessment(models.Model):
    class Category(models.TextChoices):
        # schema.org MediaManipulationRatingEnumeration: the values are its members' names.
        ORIGINAL = "OriginalMediaContent", _("Original: authentic, in its original context")
        DECONTEXTUALIZED = (
            "DecontextualizedContent",
            _("Decontextualised: real, but out of context"),
        )
        EDITED = "EditedOrCroppedContent", _("Edited or cropped")
        TRANSFORMED = "TransformedContent", _("Transformed: parts altered or fabricated")
        STAGED = "StagedContent", _("Staged")
        SATIRE = "SatireOrParodyContent", _("Satire or parody")

    verdict = models.ForeignKey(
        "factcheck.Verdict",
        verbose_name=_("verdict"),
        on_delete=models.CASCADE,
        related_name="media_assessments",
    )
    # PROTECT: a media item that a verdict rules on is evidence and cannot be deleted under it.
    media = models.ForeignKey(
        "sources.Media",
        verbose_name=_("media item"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    category = models.CharField(_("authenticity"), max_length=30, choices=Category.choices)
    original_context = models.TextField(
        _("original context"),
        blank=True,
        help_text=_("Where and when the media first appeared, when it is shown out of context."),
    )

    class Meta:
        ordering = ["verdict", "pk"]
        verbose_name = _("media assessment")
        verbose_name_plural = _("media assessments")
        constraints = [
            models.UniqueConstraint(fields=["verdict", "media"], name="media_assessment_unique"),
        ]

    def __str__(self):
        return f"{self.media}: {self.get_category_display()}"

    def clean(self):
        super().clean()
        if not (self.verdict_id and self.media_id):
            return
        from factcheck.models import ClaimCitation

        cited = ClaimCitation.objects.filter(
            claim_id=self.verdict.claim_id, citation_id=self.media.citation_id
        ).exists()
        if not cited:
            raise ValidationError(
                {"media": _("This media item belongs to a citation the claim does not cite.")}
            )
