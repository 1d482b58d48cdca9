"""Changes to partners, their keys and webhooks; the admin and `manage.py createpartner` call these.

Every change to a key or a webhook is written to the audit log (partners.apikey.*,
partners.webhook.*), with who did it; the secrets themselves never are: a key is shown once when
it is created, a webhook's signing secret once when the webhook is created or its secret rotated.
"""

from django.db import transaction
from django.utils import timezone

from factcheck.partners.models import ApiKey, Partner, Webhook, new_webhook_secret
from factcheck.services import log_action


@transaction.atomic
def partner_create(*, name: str, contact_email: str = "") -> Partner:
    partner = Partner(name=name.strip(), contact_email=contact_email)
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_delete(*, partner: Partner, by=None) -> None:
    """Delete a partner with its keys and webhooks, each deletion in the audit log."""
    for key in partner.keys.all():
        log_action(subject=key, action="partners.apikey.deleted", by=by, data=_key_data(key))
    for hook in partner.webhooks.all():
        log_action(subject=hook, action="partners.webhook.deleted", by=by, data=_hook_data(hook))
    log_action(
        subject=partner, action="partners.partner.deleted", by=by, data={"name": partner.name}
    )
    partner.delete()


def _key_data(key: ApiKey) -> dict:
    return {"partner": key.partner_id, "prefix": key.prefix, "label": key.name}


def _hook_data(hook: Webhook) -> dict:
    return {"partner": hook.partner_id, "url": hook.url}


@transaction.atomic
def api_key_create(*, partner: Partner, name: str = "", by=None) -> tuple[ApiKey, str]:
    """A new key for the partner: returns the row and the raw key, which is never stored."""
    raw, prefix, hashed = ApiKey.generate()
    key = ApiKey.objects.create(partner=partner, name=name, prefix=prefix, hashed_key=hashed)
    log_action(subject=key, action="partners.apikey.created", by=by, data=_key_data(key))
    return key, raw


@transaction.atomic
def api_key_revoke(*, key: ApiKey, by=None) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        log_action(subject=key, action="partners.apikey.revoked", by=by, data=_key_data(key))
    return key


@transaction.atomic
def api_key_delete(*, key: ApiKey, by=None) -> None:
    log_action(subject=key, action="partners.apikey.deleted", by=by, data=_key_data(key))
    key.delete()


@transaction.atomic
def webhook_create(*, webhook: Webhook, by=None) -> str:
    """Save a new webhook with a fresh signing secret; returns the secret, to be shown once."""
    webhook.secret = new_webhook_secret()
    webhook.full_clean()  # refuses non-http(s) URLs and non-public addresses
    webhook.save()
    data = {**_hook_data(webhook), "events": webhook.events, "active": webhook.is_active}
    log_action(subject=webhook, action="partners.webhook.created", by=by, data=data)
    return webhook.secret


@transaction.atomic
def webhook_update(*, webhook: Webhook, by=None) -> Webhook:
    """Save changes to a webhook's URL, events or state; a new URL is logged with the old one."""
    before = Webhook.objects.select_for_update().get(pk=webhook.pk)
    webhook.secret = before.secret  # only webhook_rotate_secret changes it
    webhook.full_clean()
    webhook.save()
    if webhook.url != before.url:
        log_action(
            subject=webhook,
            action="partners.webhook.url_changed",
            by=by,
            data={"partner": webhook.partner_id, "from": before.url, "to": webhook.url},
        )
    changes = {
        name: [getattr(before, field), getattr(webhook, field)]
        for name, field in (
            ("events", "events"),
            ("active", "is_active"),
            ("partner", "partner_id"),
        )
        if getattr(before, field) != getattr(webhook, field)
    }
    if changes:
        log_action(
            subject=webhook,
            action="partners.webhook.changed",
            by=by,
            data={**_hook_data(webhook), "changes": changes},
        )
    return webhook


@transaction.atomic
def webhook_rotate_secret(*, webhook: Webhook, by=None) -> str:
    """Give the webhook a new signing secret; returns it, to be shown once. The old one stops
    working at once: deliveries are signed when they are sent."""
    webhook.secret = new_webhook_secret()
    webhook.save(update_fields=["secret"])
    log_action(
        subject=webhook, action="partners.webhook.secret_rotated", by=by, data=_hook_data(webhook)
    )
    return webhook.secret


@transaction.atomic
def webhook_delete(*, webhook: Webhook, by=None) -> None:
    log_action(subject=webhook, action="partners.webhook.deleted", by=by, data=_hook_data(webhook))
    webhook.delete()
