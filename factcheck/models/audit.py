from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which object, when, from which state to which: written by the services."""

    action = models.CharField(
        _("action"), max_length=100, help_text=_("Namespaced, e.g. factcheck.verdict.published.")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            # The history beside a verdict in the admin: one object's entries, newest first.
            models.Index(fields=["content_type", "object_id", "-at"], name="audit_subject_idx"),
            # The admin's audit log in its default order (Meta.ordering: newest first): a page is
            # read off the index, no sort of the whole log.
            models.Index(fields=["-at", "-id"], name="audit_at_idx"),
            # The audit log filtered by action, newest first; its choices are read by skipping
            # through the index (adminkit.DistinctValuesFilter), not a DISTINCT over the log.
            models.Index(fields=["action", "-at"], name="audit_action_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} by {self.actor or 'system'}"
