"""Small pieces the desk's admins share (claims, sources, events), so no app's admin leans on another's.

Slugs filled from Cyrillic text, inline autocompletes that do not cost a query per row, read-only
inline lists.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.utils.translation import gettext_lazy as _

from factcheck.text import unique_slug


class SlugFromForm(forms.ModelForm):
    """A model form whose slug may be left empty: it is then made from the `slug_from` field.

    prepopulated_fields would do this in the browser, but its JavaScript drops Cyrillic letters,
    so "Захват аэропорта Алматы" would get an empty slug. factcheck.text transliterates instead.
    """

    slug_from: str

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:  # absent when the user may only view
            source = self._meta.model._meta.get_field(self.slug_from)
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "Used in addresses. Leave empty to make it from the %(field)s."
            ) % {"field": source.verbose_name}

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.fields and not cleaned_data.get("slug"):
            text = cleaned_data.get(self.slug_from)
            if text:
                cleaned_data["slug"] = unique_slug(text, instance=self.instance)
        return cleaned_data


class _PreloadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose selected option is labelled from an object already in memory.

    Django's AutocompleteSelect runs a query to label the selected option, once per widget; on an
    inline that is one query per row. The inline's queryset joins the related object instead and
    the row's form hands it over, so an inline page costs the same whatever its number of rows.
    """

    selected = None  # the row's related object, set by PreloadedAutocompleteForm

    def optgroups(self, name, value, attr=None):
        obj = self.selected
        if obj is None or [str(v) for v in value] != [str(obj.pk)]:
            return super().optgroups(name, value, attr)  # a new row, or a value changed in POST
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance(obj)
        options.append(self.create_option(name, obj.pk, label, True, len(options)))
        return [(None, options, 0)]


class PreloadedAutocompleteForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, RelatedFieldWidgetWrapper):
                widget = widget.widget
            if isinstance(widget, _PreloadedAutocompleteSelect):
                model_field = self._meta.model._meta.get_field(name)
                if model_field.is_cached(self.instance):  # joined by the inline's queryset
                    widget.selected = getattr(self.instance, name)


class PreloadedAutocompleteInline:
    """Mixin for inlines with autocomplete_fields: their get_queryset must select_related them."""

    form = PreloadedAutocompleteForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = _PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyListInline(admin.TabularInline):
    """Related rows listed for reading, each linking to its own page where it can be edited."""

    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
