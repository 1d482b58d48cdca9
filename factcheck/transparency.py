"""The transparency pages' services: the admin's saves go through these, so every change to what
the desk says about itself (its organisation, money, contact, methods and corrections policy) is
checked, saved and written into the audit log under a named action."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from factcheck.models import Funding, TransparencyPage
from factcheck.services import NotAllowed, log_action

PAGE_PERM = "factcheck.change_transparencypage"


def _require(by, perm: str) -> None:
    # Administrators only: the groups' permissions are granted in the migration that made these
    # models (reporters and editors have none of them).
    if not (by.is_active and by.has_perm(perm)):
        raise NotAllowed(_("Only administrators may edit the transparency pages."))


def page_save(*, page: TransparencyPage, by, changed: list[str]) -> TransparencyPage:
    _require(by, PAGE_PERM)
    with transaction.atomic():
        page.updated_by = by
        page.full_clean()
        page.save()
        log_action(
            subject=page,
            action="factcheck.transparency.page_changed",
            by=by,
            data={"page": page.kind, "fields": sorted(changed)},
        )
    return page


def funding_save(*, funding: Funding, by, changed: list[str]) -> Funding:
    created = funding.pk is None
    _require(by, "factcheck.add_funding" if created else "factcheck.change_funding")
    with transaction.atomic():
        funding.full_clean()
        funding.save()
        log_action(
            subject=funding,
            action="factcheck.funding.added" if created else "factcheck.funding.changed",
            by=by,
            data={
                "funder": funding.funder,
                "year": funding.year,
                "amount": str(funding.amount),
                "currency": funding.currency,
                "fields": sorted(changed),
            },
        )
    return funding


def funding_delete(*, funding: Funding, by) -> None:
    _require(by, "factcheck.delete_funding")
    with transaction.atomic():
        # Logged before the row goes: the entry keeps what was removed.
        log_action(
            subject=funding,
            action="factcheck.funding.deleted",
            by=by,
            data={
                "funder": funding.funder,
                "year": funding.year,
                "amount": str(funding.amount),
                "currency": funding.currency,
            },
        )
        funding.delete()
