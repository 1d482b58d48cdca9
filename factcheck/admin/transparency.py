"""The transparency pages and the funding table in the desk: administrators only (the model
permissions are theirs alone), every save through factcheck.transparency, which logs it."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from factcheck import transparency
from factcheck.adminkit import MarkdownEditor
from factcheck.models import Funding, TransparencyPage


class TransparencyPageForm(forms.ModelForm):
    class Meta:
        model = TransparencyPage
        fields = ["body_ru", "body_en"]
        widgets = {"body_ru": MarkdownEditor, "body_en": MarkdownEditor}


@admin.register(TransparencyPage)
class TransparencyPageAdmin(admin.ModelAdmin):
    form = TransparencyPageForm
    list_display = ["__str__", "updated_at", "updated_by"]
    list_select_related = ["updated_by"]
    fields = ["kind", "body_ru", "body_en"]
    readonly_fields = ["kind"]

    # The five pages are a fixed set, made by the migration; each is edited, never added.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        transparency.page_save(page=obj, by=request.user, changed=form.changed_data)


@admin.register(Funding)
class FundingAdmin(admin.ModelAdmin):
    list_display = ["funder", "year", "amount", "currency", "purpose"]
    list_filter = ["year"]
    fieldsets = [
        (None, {"fields": ["funder", "funder_en", "year", "amount", "currency"]}),
        (_("Purpose"), {"fields": ["purpose", "purpose_en"]}),
    ]

    def save_model(self, request, obj, form, change):
        transparency.funding_save(funding=obj, by=request.user, changed=form.changed_data)

    def delete_model(self, request, obj):
        transparency.funding_delete(funding=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for funding in queryset:
            transparency.funding_delete(funding=funding, by=request.user)
