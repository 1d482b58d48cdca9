"""Changes to partners and their keys; the admin and `manage.py createpartner` call these."""

from django.db import transaction
from django.utils import timezone

from factcheck.partners.models import ApiKey, Partner


@transaction.atomic
def partner_create(*, name: str, contact_email: str = "") -> Partner:
    partner = Partner(name=name.strip(), contact_email=contact_email)
    partner.full_clean()
    partner.save()
    return partner


def api_key_create(*, partner: Partner, name: str = "") -> tuple[ApiKey, str]:
    """A new key for the partner: returns the row and the raw key, which is never stored."""
    raw, prefix, hashed = ApiKey.generate()
    key = ApiKey.objects.create(partner=partner, name=name, prefix=prefix, hashed_key=hashed)
    return key, raw


def api_key_revoke(*, key: ApiKey) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key
