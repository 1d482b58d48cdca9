from django.contrib import admin
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from factcheck.adminkit import (
    BigListAdmin,
    DistinctValuesFilter,
    InvisibleCharactersWarning,
    NamedValuesFilter,
    ReadOnlyListInline,
    RecentRelatedFilter,
    SlugFromForm,
)
from factcheck.models import ClaimCitation
from sources.models import Citation, Source

# A URL typed without a scheme is read as https:// (Django 6's default; 5.2 warns without it).
URL_FORM_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class PublishedCitationInline(ReadOnlyListInline):
    model = Citation
    fk_name = "source"
    fields = ["title", "relays", "published_at", "quote_language"]
    verbose_name_plural = _("citations published by this source")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "relays")


class RelayingCitationInline(ReadOnlyListInline):
    model = Citation
    fk_name = "relays"
    fields = ["title", "source", "published_at", "quote_language"]
    verbose_name_plural = _("citations relaying this source")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "relays")


class SourceForm(SlugFromForm):
    slug_from = "name"


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    formfield_overrides = URL_FORM_FIELDS
    list_display = [
        "name",
        "name_en",
        "kind",
        "country",
        "language",
        "citation_count",
        "claim_count",
    ]
    list_filter = ["kind", ("country", NamedValuesFilter), ("language", NamedValuesFilter)]
    search_fields = ["name", "name_en", "slug"]
    fieldsets = [
        (None, {"fields": [("name", "name_en"), "kind", ("country", "language"), "url"]}),
        (_("Description"), {"fields": ["description"]}),
        (_("Advanced"), {"classes": ["collapse"], "fields": ["slug"]}),
    ]
    inlines = [PublishedCitationInline, RelayingCitationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                citation_count=Count("citations", distinct=True),
                claim_count=Count("claims", distinct=True),
            )
            # Meta.ordering does not apply to aggregating queries; the autocomplete needs one.
            .order_by(*Source._meta.ordering)
        )

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count

    @admin.display(description=_("claims made"), ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count


class ClaimUseInline(ReadOnlyListInline):
    model = ClaimCitation
    fields = ["claim", "stance", "note"]
    verbose_name_plural = _("claims citing this")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim", "citation__source")


@admin.register(Citation)
class CitationAdmin(InvisibleCharactersWarning, SimpleHistoryAdmin, BigListAdmin):
    formfield_overrides = URL_FORM_FIELDS
    list_display = [
        "title",
        "source",
        "relays",
        "published_at",
        "quote_language",
        "claim_count",
    ]
    # Choices from the sources table, an index (citation_language_idx) or fixed choices: none is
    # a DISTINCT over the citations (factcheck.adminkit).
    list_filter = [
        "source__kind",
        # The sources of the newest citations: every publisher would be a thousand links.
        ("source", RecentRelatedFilter),
        ("relays", RecentRelatedFilter),
        ("quote_language", DistinctValuesFilter),
        "claim_citations__stance",
    ]
    list_select_related = ["source", "relays"]
    search_fields = [
        "title",
        "quote",
        "translation",
        "url",
        "source__name",
        "source__name_en",
    ]
    autocomplete_fields = ["source", "relays"]
    fieldsets = [
        (None, {"fields": ["source", "relays", "title", ("url", "archive_url")]}),
        (_("Passage"), {"fields": ["quote", "quote_language", "translation"]}),
        (_("Dates"), {"fields": [("published_at", "accessed_at")]}),
    ]
    inlines = [ClaimUseInline]

    # Newest first, read off the primary key. Meta.ordering (by the publisher's name) is a sort
    # over the join of every citation with its source, which no index can serve.
    ordering = ["-pk"]

    def get_queryset(self, request):
        # A subquery, so only the page's citations are counted, not every citation grouped.
        uses = (
            ClaimCitation.objects.filter(citation=OuterRef("pk"))
            .order_by()
            .values("citation")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return super().get_queryset(request).annotate(claim_count=Coalesce(Subquery(uses), 0))

    # Not sortable: ordering by it would count the uses of every citation.
    @admin.display(description=_("claims"))
    def claim_count(self, obj):
        return obj.claim_count
