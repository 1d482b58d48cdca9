"""The transparency pages a signatory of the IFCN's code of principles publishes: who we are,
funding, contact, methodology and the corrections policy, written by administrators in the desk in
both languages, and the funding table as rows (funder, year, amount, currency, purpose), so that
"each funder and amount by year" is data a reader can add up rather than prose."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Upper
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _


class TransparencyPage(models.Model):
    """One page's editable text, Markdown in each language (rendered by site.markup)."""

    class Kind(models.TextChoices):
        ABOUT = "about", _("Who we are")
        FUNDING = "funding", _("Funding")
        CONTACT = "contact", _("Contact")
        METHODOLOGY = "methodology", _("How we check")
        CORRECTIONS = "corrections", _("Corrections policy")

    kind = models.CharField(_("page"), max_length=20, choices=Kind.choices, unique=True)
    body_ru = models.TextField(_("text in Russian"), blank=True, help_text=_("Markdown."))
    body_en = models.TextField(_("text in English"), blank=True, help_text=_("Markdown."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("transparency page")
        verbose_name_plural = _("transparency pages")

    def __str__(self):
        return str(self.Kind(self.kind).label)

    def body(self, language: str) -> str:
        """The text in `language`, else in the other one: a page half-translated still says it."""
        own, other = (
            (self.body_ru, self.body_en) if language == "ru" else (self.body_en, self.body_ru)
        )
        return own or other


class Funding(models.Model):
    """Money received: one funder, one year, one purpose per row."""

    funder = models.CharField(_("funder"), max_length=200)
    funder_en = models.CharField(_("funder in English"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO 4217, e.g. EUR."))
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    purpose_en = models.CharField(_("purpose in English"), max_length=300, blank=True)

    class Meta:
        # The funding page: newest year first, the largest sums first within it.
        ordering = ["-year", "-amount", "pk"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="funding_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2200),
                name="funding_year_plausible",
                violation_error_message=_("Give the year as four digits."),
            ),
            models.CheckConstraint(
                condition=Q(Exact(Length("currency"), 3))
                & Q(Exact(Upper("currency"), models.F("currency"))),
                name="funding_currency_code",
                violation_error_message=_("Give the currency as its three-letter code, e.g. EUR."),
            ),
        ]

    def __str__(self):
        return f"{self.funder} {self.year}: {self.amount} {self.currency}"

    def funder_in(self, language: str) -> str:
        return self.funder_en if language == "en" and self.funder_en else self.funder

    def purpose_in(self, language: str) -> str:
        return self.purpose_en if language == "en" and self.purpose_en else self.purpose
