from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
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
from sources.archiving import services as archiving
from sources.archiving.views import staff_capture
from sources.media import services as media_services
from sources.media.inspect import Refused, inspect
from sources.media.views import staff_media
from sources.models import Capture, Citation, Media, Source

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


class LinkCheckFilter(admin.SimpleListFilter):
    """The link checker's flags (sources.archiving): citations whose newest capture found the
    page changed since the last good one, or failing. Read only when chosen: one subquery per
    citation of the page, over capture_citation_idx."""

    title = _("link check")
    parameter_name = "link"

    def lookups(self, request, model_admin):
        return [("changed", _("page changed")), ("failing", _("page failing"))]

    def queryset(self, request, queryset):
        newest = Capture.objects.filter(citation=OuterRef("pk")).order_by("-fetched_at", "-pk")
        if self.value() == "changed":
            return queryset.alias(newest_changed=Subquery(newest.values("changed")[:1])).filter(
                newest_changed=True
            )
        if self.value() == "failing":
            return (
                queryset.alias(newest_outcome=Subquery(newest.values("outcome")[:1]))
                .filter(newest_outcome__isnull=False)
                .exclude(newest_outcome=Capture.Outcome.OK)
            )
        return queryset


class MediaForm(forms.ModelForm):
    """A new media item is an upload, checked by its content (sources.media.inspect) before
    anything is stored; the refusal names the field. Media found at a URL are added with the
    "Fetch media from URL" form above the citation instead."""

    upload = forms.FileField(label=_("file"), required=False)

    class Meta:
        model = Media
        fields = ["provenance", "captured_at"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            if self.instance._state.adding and self.has_changed():
                raise forms.ValidationError(_("Choose an image or video file to upload."))
            return None
        if not self.instance._state.adding:
            raise forms.ValidationError(_("A stored media item's file cannot be replaced."))
        try:
            self.upload_bytes = media_services.read_upload(upload)
            self.inspected = inspect(self.upload_bytes)
        except Refused as refused:
            raise forms.ValidationError(str(refused)) from None
        return upload

    def save(self, commit=True):
        media = super().save(commit=False)
        if media._state.adding:
            media.origin = Media.Origin.UPLOAD
            media_services.fill(media, self.inspected, self.upload_bytes)
        if commit:
            media.save()
        return media


class MediaInline(admin.StackedInline):
    """The citation's images and video: each with its thumbnail, digest, metadata and whether the
    same picture was cited before or is in a published verdict's evidence (sources.media)."""

    model = Media
    form = MediaForm
    extra = 0
    fields = ["upload", "preview", "details", "seen", "provenance", "captured_at"]
    readonly_fields = ["preview", "details", "seen"]
    verbose_name_plural = _("media (images and video)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("citation")

    @admin.display(description=_("thumbnail"))
    def preview(self, obj):
        if not obj.pk:
            return "—"
        if obj.thumbnail:
            url = reverse("admin:sources_citation_media", args=[obj.citation_id, obj.pk])
            return format_html(
                '<a href="{}" target="_blank" rel="noopener"><img src="{}" alt="" '
                'style="max-width: 240px; max-height: 240px"></a>',
                url,
                url + "thumbnail/",
            )
        if obj.ready:
            url = reverse("admin:sources_citation_media", args=[obj.citation_id, obj.pk])
            return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Open"))
        return obj.get_state_display() + (f": {obj.reason}" if obj.reason else "")

    @admin.display(description=_("what it is"))
    def details(self, obj):
        if not obj.ready:
            return format_html("{} {}", obj.get_origin_display(), obj.source_url)
        rows = [
            (_("type"), obj.content_type),
            (_("size"), f"{obj.size} B"),
            (_("SHA-256"), obj.sha256),
        ]
        if obj.width:
            rows.append((_("dimensions"), f"{obj.width} × {obj.height}"))
        if obj.duration is not None:
            rows.append((_("duration"), f"{obj.duration:.1f} s"))
        if obj.camera:
            rows.append((_("camera"), obj.camera))
        if obj.source_url:
            rows.append((_("found at"), obj.source_url))
        if obj.phash:
            rows.append((_("perceptual hash"), obj.phash))
        for key, value in sorted(obj.metadata.items()):
            rows.append((key, value))
        return format_html(
            '<dl class="media-details">{}</dl>',
            format_html_join("", "<dt>{}</dt><dd><code>{}</code></dd>", rows),
        )

    @admin.display(description=_("seen before"))
    def seen(self, obj):
        if not obj.pk or not obj.ready:
            return "—"
        sightings = media_services.seen_before(obj)
        if not sightings:
            return _("Not seen on any other citation.")
        items = []
        for sighting in sightings:
            how = (
                _("the same file")
                if not sighting.distance
                else _("the same picture (%(bits)s bits apart)") % {"bits": sighting.distance}
            )
            cited = format_html(
                '<a href="{}">{}</a>',
                reverse("admin:sources_citation_change", args=[sighting.media.citation_id]),
                sighting.media.citation.title,
            )
            debunked = format_html_join(
                "",
                ' · <strong class="media-debunked">{}</strong> <a href="{}">{}</a>',
                (
                    (
                        _("in a published verdict:"),
                        reverse("admin:factcheck_verdict_change", args=[pk]),
                        headline,
                    )
                    for pk, headline in sighting.verdicts
                ),
            )
            items.append(format_html('<li class="media-seen">{}: {}{}</li>', how, cited, debunked))
        return format_html("<ul>{}</ul>", format_html_join("", "{}", ((i,) for i in items)))


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
        LinkCheckFilter,
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
    inlines = [ClaimUseInline, MediaInline]
    change_form_template = "admin/sources/citation/change_form.html"

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

    # --- archived copies (sources.archiving) ---------------------------------------------------

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or "url" in form.changed_data:
            archiving.queue_capture(obj)  # after the commit, in the background

    def save_formset(self, request, form, formset, change):
        if formset.model is not Media:
            return super().save_formset(request, form, formset, change)
        for media_form in formset.extra_forms:
            if media_form.has_changed() and not media_form.cleaned_data.get("DELETE"):
                media_form.instance.added_by = request.user
        super().save_formset(request, form, formset, change)
        for media in formset.new_objects:
            media_services.queue_thumbnail(media)  # after the commit, in the background

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Here rather than in change_view: the citation is loaded already (no second query).
        if obj is not None and obj.pk:
            captures = list(obj.captures.all()[:20])
            for record in captures:
                record.citation = obj  # the quote check reads it: no query per capture
            latest = next((c for c in captures if c.ok), None)
            context.update(
                captures=captures,
                quote_found=archiving.quote_found(latest) if latest else None,
                may_capture=bool(obj.url) and self.has_change_permission(request, obj),
                may_fetch_media=self.has_change_permission(request, obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/capture/",
                self.admin_site.admin_view(self.capture_now_view),
                name=f"{info[0]}_{info[1]}_capture",
            ),
            path(
                "<path:object_id>/captures/<int:capture_id>/",
                self.admin_site.admin_view(self.capture_view),
                name=f"{info[0]}_{info[1]}_capture_view",
            ),
            path(
                "<path:object_id>/media/fetch/",
                self.admin_site.admin_view(self.fetch_media_view),
                name=f"{info[0]}_{info[1]}_fetch_media",
            ),
            path(
                "<path:object_id>/media/<int:media_id>/",
                self.admin_site.admin_view(self.media_view),
                name=f"{info[0]}_{info[1]}_media",
            ),
            path(
                "<path:object_id>/media/<int:media_id>/thumbnail/",
                self.admin_site.admin_view(self.media_view),
                {"thumbnail": True},
                name=f"{info[0]}_{info[1]}_media_thumbnail",
            ),
            *super().get_urls(),
        ]

    def capture_now_view(self, request, object_id):
        """ "Capture now": queue a fresh capture of the citation's page (POST, CSRF-checked)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        citation = get_object_or_404(Citation, pk=object_id)
        if not self.has_change_permission(request, citation):
            raise PermissionDenied
        if citation.url:
            # Queued at once: nothing of this request is waiting to commit.
            archiving.request_capture(citation)
            self.message_user(
                request,
                _("A capture of the page is queued; it is listed here once fetched."),
                messages.SUCCESS,
            )
        else:
            self.message_user(request, _("This citation has no URL to capture."), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:sources_citation_change", args=[citation.pk]))

    def capture_view(self, request, object_id, capture_id):
        """The stored page of one capture, served as an inert document."""
        citation = get_object_or_404(Citation, pk=object_id)
        if not self.has_view_permission(request, citation):
            raise PermissionDenied
        return staff_capture(capture_id, citation.pk)

    def fetch_media_view(self, request, object_id):
        """ "Fetch media from URL": a pending media item, fetched in the background through the
        guarded fetcher (POST, CSRF-checked)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        citation = get_object_or_404(Citation, pk=object_id)
        if not self.has_change_permission(request, citation):
            raise PermissionDenied
        form = FetchMediaForm(request.POST)
        if form.is_valid():
            media_services.request_fetch(
                citation=citation,
                url=form.cleaned_data["media_url"],
                provenance=form.cleaned_data["provenance"],
                by=request.user,
            )
            self.message_user(
                request,
                _("The media is being fetched; it is listed here once stored."),
                messages.SUCCESS,
            )
        else:
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else field
                self.message_user(request, f"{label}: {' '.join(errors)}", messages.ERROR)
        return HttpResponseRedirect(reverse("admin:sources_citation_change", args=[citation.pk]))

    def media_view(self, request, object_id, media_id, thumbnail=False):
        """A media item's file or thumbnail, served with its stored safe type."""
        citation = get_object_or_404(Citation, pk=object_id)
        if not self.has_view_permission(request, citation):
            raise PermissionDenied
        return staff_media(media_id, citation.pk, thumbnail=thumbnail)


class FetchMediaForm(forms.Form):
    media_url = forms.URLField(label=_("media URL"), max_length=1000, assume_scheme="https")
    provenance = forms.CharField(label=_("provenance"), required=False, max_length=5000)
