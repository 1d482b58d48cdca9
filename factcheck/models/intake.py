"""What readers send the desk (issue 12, "Intake"): claims to check and correction requests.

A submission is newsroom material: it never reaches a public page, the API, a feed, the sitemap
or search (none of them reads this table; tests/test_property_unpublished.py keeps it so). Its
personal data (the reply address and the screenshot) is erased after
FACTCHECK_INTAKE_PERSONAL_DATA_DAYS by `manage.py expire_submissions`; the text is kept.
State changes go through factcheck.intake.services only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Size limits of what a reader may send, checked by the form with an error naming the field
# (never a silent cut): the model's own limits are the same numbers.
TEXT_MAX = 4000
WHERE_MAX = 1000
REASON_MAX = 2000


def screenshot_path(instance, filename: str) -> str:
    # Never under a public URL: default storage, read back only through the desk's own view.
    # The name the reader's file had is not kept (it can carry personal data); the extension
    # is the one Pillow found in the content (factcheck.intake.forms).
    return f"intake/screenshots/{filename}"


class Submission(models.Model):
    class Kind(models.TextChoices):
        CLAIM = "claim", _("Claim to check")
        CORRECTION = "correction", _("Correction request")

    class State(models.TextChoices):
        NEW = "new", _("New")
        CLAIMED = "claimed", _("Turned into a claim")
        DUPLICATE = "duplicate", _("Duplicate")
        ACCEPTED = "accepted", _("Correction accepted")
        DECLINED = "declined", _("Declined")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CLAIM)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NEW)
    text = models.TextField(_("statement"), max_length=TEXT_MAX)
    seen_where = models.TextField(_("where it was seen"), max_length=WHERE_MAX, blank=True)
    # The reader's language (the page's), in which the desk answers.
    language = models.CharField(_("language"), max_length=8, default="en")
    # Personal data, erased after FACTCHECK_INTAKE_PERSONAL_DATA_DAYS (personal_data_erased_at).
    email = models.EmailField(_("reply address"), blank=True)
    screenshot = models.FileField(_("screenshot"), upload_to=screenshot_path, blank=True)
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    # A correction request is about one published verdict.
    verdict = models.ForeignKey(
        "factcheck.Verdict",
        verbose_name=_("verdict"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction_requests",
    )
    # The claim it became, or the claim it duplicates (the reply links its published verdict).
    claim = models.ForeignKey(
        "factcheck.Claim",
        verbose_name=_("claim"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
    )
    reason = models.TextField(_("reason"), max_length=REASON_MAX, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # When the reply mail was queued; empty while the reader still waits for one.
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reader submission")
        verbose_name_plural = _("reader submissions")
        permissions = [("triage_submission", _("Can triage reader submissions"))]
        indexes = [
            # The triage queue (SubmissionAdmin) by state, the new ones above all: WHERE state = ?
            # ORDER BY created_at DESC, id DESC (bench/intake_plans.py).
            models.Index(fields=["state", "-created_at", "-id"], name="submission_queue_idx"),
            # The queue by state and kind: WHERE state = ? AND kind = ? ORDER BY created_at DESC,
            # id DESC.
            models.Index(
                fields=["state", "kind", "-created_at", "-id"], name="submission_kind_queue_idx"
            ),
            # The unfiltered queue ("All"): ORDER BY created_at DESC, id DESC.
            models.Index(fields=["-created_at", "-id"], name="submission_newest_idx"),
            # expire_submissions: WHERE personal_data_erased_at IS NULL AND created_at < ?.
            models.Index(
                fields=["created_at"],
                condition=Q(personal_data_erased_at__isnull=True),
                name="submission_personal_data_idx",
            ),
            # The replies a publication releases (factcheck.intake.replies.answer_waiting):
            # WHERE claim_id = ? AND answered_at IS NULL AND email <> ''.
            models.Index(
                fields=["claim"],
                condition=Q(answered_at__isnull=True) & ~Q(email=""),
                name="submission_waiting_reply_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="claim") | Q(verdict__isnull=False),
                name="submission_correction_has_verdict",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["claimed", "duplicate"]) | Q(claim__isnull=False),
                name="submission_linked_has_claim",
            ),
            models.CheckConstraint(
                condition=~Q(state="declined") | ~Q(reason=""),
                name="submission_declined_has_reason",
            ),
        ]

    def __str__(self):
        excerpt = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return f"{self.get_kind_display()} #{self.pk}: {excerpt}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.kind == self.Kind.CORRECTION and self.verdict_id is None:
            raise ValidationError({"verdict": _("A correction request is about a verdict.")})
        if self.state in (self.State.CLAIMED, self.State.DUPLICATE) and self.claim_id is None:
            raise ValidationError({"claim": _("Name the claim this submission is linked to.")})
        if self.state == self.State.DECLINED and not self.reason.strip():
            raise ValidationError({"reason": _("Say why the submission is declined.")})
