import hashlib
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from factcheck.rates import validate_rate

# What factcheck.signals.verdict_released reports; a webhook subscribes to some or all of them.
EVENTS = ("published", "corrected", "updated", "clarified", "retracted")

KEY_PREFIX_LENGTH = 8


def hash_key(raw: str) -> str:
    """Keys are 256-bit random strings, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(raw.encode()).hexdigest()


def split_key(raw: str) -> str | None:
    """The lookup prefix of a key of the form fck_<prefix>_<secret>, or None if malformed."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != "fck" or len(parts[1]) != KEY_PREFIX_LENGTH or not parts[2]:
        return None
    return parts[1]


def new_webhook_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class Partner(models.Model):
    """An outlet or aggregator that reads the feed with its own API keys and webhooks."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive partners' keys and webhooks stop working.")
    )
    throttle_rate = models.CharField(
        _("request rate"),
        max_length=20,
        blank=True,
        help_text=_(
            "e.g. 600/min, 20/s or 5000/day (units: s, min, hour, day); empty means the desk's "
            "default (FACTCHECK_API_RATE)."
        ),
        # The rule the environment's rates follow too (factcheck.rates), checked by full_clean().
        validators=[validate_rate],
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Django REST framework treats whatever authentication returns as request.user.
    is_authenticated = True
    is_anonymous = False

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name


class ApiKeyQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, partner__is_active=True)


class ApiKey(models.Model):
    """One key of a partner. Only its hash is kept: the key itself is shown once, at creation."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="keys"
    )
    name = models.CharField(
        _("label"), max_length=100, blank=True, help_text=_("e.g. “production”, “staging”.")
    )
    prefix = models.CharField(_("prefix"), max_length=KEY_PREFIX_LENGTH, unique=True)
    hashed_key = models.CharField(_("SHA-256 of the key"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["partner", "-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"fck_{self.prefix}_… ({self.name or self.partner})"

    @classmethod
    def generate(cls) -> tuple[str, str, str]:
        """A new key as (raw key, prefix, hash)."""
        alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
        prefix = "".join(secrets.choice(alphabet) for _ in range(KEY_PREFIX_LENGTH))
        raw = f"fck_{prefix}_{secrets.token_urlsafe(32)}"
        return raw, prefix, hash_key(raw)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class Webhook(models.Model):
    """A partner's URL that receives a signed POST when a verdict is published, corrected or retracted."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=new_webhook_secret,
        help_text=_("Give it to the partner: they check each delivery's signature with it."),
    )
    events = models.JSONField(
        _("events"),
        default=list,
        blank=True,
        help_text=_(
            "A list with some of: published, corrected, updated, clarified, retracted. "
            "Empty means all of them."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["partner", "url"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self):
        return f"{self.partner}: {self.url}"

    def clean(self):
        super().clean()
        if not isinstance(self.events, list) or set(self.events) - set(EVENTS):
            raise ValidationError(
                {"events": _("List some of: %(events)s.") % {"events": ", ".join(EVENTS)}}
            )
        if self.url:
            from factcheck.partners.addresses import UnsafeURL, resolve

            try:
                resolve(self.url)  # checked again at each delivery, after DNS
            except UnsafeURL as exc:
                raise ValidationError({"url": str(exc)}) from None

    def wants(self, event: str) -> bool:
        return not self.events or event in self.events


class WebhookDelivery(models.Model):
    """One event sent to one webhook, with every attempt's outcome: the delivery log."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        # Claimed by a worker, which is sending it now (factcheck.partners.webhooks.claim).
        SENDING = "sending", _("Sending")
        RETRYING = "retrying", _("Failed, will retry")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed, gave up")

    uuid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    webhook = models.ForeignKey(
        Webhook, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=20)
    verdict = models.ForeignKey(
        "factcheck.Verdict", verbose_name=_("verdict"), on_delete=models.PROTECT, related_name="+"
    )
    revision = models.PositiveIntegerField(_("revision"))
    # The exact body sent, so every retry carries the same bytes (only the signature's time moves).
    payload = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            # The delivery log in the admin: one webhook's deliveries, newest first.
            models.Index(fields=["webhook", "-created_at"], name="delivery_log_idx"),
            # Deliveries still owed, by when they are due (the admin's "retry now", monitoring).
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due_idx",
                condition=Q(status__in=["pending", "retrying", "sending"]),
            ),
        ]

    def __str__(self):
        return f"{self.event} of verdict {self.verdict_id} r{self.revision} → {self.webhook.url}"
