"""Who on the desk is on what: in-desk notifications (assignments, and later mentions).

The assignment itself (assignee, due time) lives on the Claim and the Verdict it concerns, written
only by factcheck.services.assign.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Work that is still open, for the assignment queues' partial indexes and their queries
# (factcheck.admin.work): a claim nobody has concluded, a verdict not yet published.
OPEN_CLAIM_STATUSES = ("unchecked", "researching")
OPEN_VERDICT_STATES = ("draft", "in_review", "sent_back")


def assignment_indexes(prefix: str, open_q: Q) -> list[models.Index]:
    """The indexes of a model that carries `assignee` and `due_at` (Claim, Verdict)."""
    return [
        # The admin index's "assigned to me": one person's open work, soonest due first.
        models.Index(
            fields=["assignee", "due_at", "id"],
            name=f"{prefix}_assignee_idx",
            condition=Q(assignee__isnull=False) & open_q,
        ),
        # The admin index's "due soon" and "overdue": the desk's open work with a due time,
        # a range of due_at read in order.
        models.Index(
            fields=["due_at", "id"],
            name=f"{prefix}_due_idx",
            condition=Q(due_at__isnull=False) & open_q,
        ),
    ]


def assignee_field():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,  # changed through services.assign only (audited, notified)
    )


def due_field():
    return models.DateTimeField(_("due"), null=True, blank=True, editable=False)


class DeskNotification(models.Model):
    """A notice to one person on the desk, shown on the admin index until opened."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="desk_notifications",
    )
    text = models.CharField(_("text"), max_length=300)
    link = models.CharField(_("link"), max_length=300, blank=True)
    read = models.BooleanField(_("read"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The admin index's unread notifications of one person, newest first, and their count.
            models.Index(
                fields=["recipient", "-created_at", "-id"],
                name="notification_unread_idx",
                condition=Q(read=False),
            ),
        ]

    def __str__(self):
        return self.text


class DeskNote(models.Model):
    """An internal note between editors on one claim or one verdict: never public.

    Nothing public reads this table: the published snapshot, the API, the site, the feeds and the
    webhooks stand on factcheck.published, which knows nothing of it (tests/test_desk_notes.py).
    """

    claim = models.ForeignKey(
        "factcheck.Claim",
        verbose_name=_("claim"),
        on_delete=models.CASCADE,
        related_name="desk_notes",
        null=True,
        blank=True,
    )
    verdict = models.ForeignKey(
        "factcheck.Verdict",
        verbose_name=_("verdict"),
        on_delete=models.CASCADE,
        related_name="desk_notes",
        null=True,
        blank=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("desk note")
        verbose_name_plural = _("desk notes")
        constraints = [
            models.CheckConstraint(
                condition=Q(claim__isnull=False, verdict__isnull=True)
                | Q(claim__isnull=True, verdict__isnull=False),
                name="desknote_one_subject",
                violation_error_message=_("A note is on one claim or one verdict."),
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="desknote_text_not_empty",
                violation_error_message=_("A note needs its text."),
            ),
        ]
        indexes = [
            # The notes thread on a claim's change page, oldest first.
            models.Index(
                fields=["claim", "created_at", "id"],
                name="desknote_claim_idx",
                condition=Q(claim__isnull=False),
            ),
            # The notes thread on a verdict's change page, oldest first.
            models.Index(
                fields=["verdict", "created_at", "id"],
                name="desknote_verdict_idx",
                condition=Q(verdict__isnull=False),
            ),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def subject(self):
        return self.claim if self.claim_id else self.verdict


class DeskProfile(models.Model):
    """What the desk knows of a person beyond the user row: the language it speaks to them in.

    Notifications and mails are rendered in the recipient's language (issue 11), which is the
    language they last signed in to the desk with (services.remember_desk_language, on login).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="desk_profile",
    )
    language = models.CharField(_("language"), max_length=8)

    class Meta:
        verbose_name = _("desk profile")
        verbose_name_plural = _("desk profiles")

    def __str__(self):
        return f"{self.user} ({self.language})"
