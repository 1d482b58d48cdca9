"""Claims, their evidence and figures, and the rating scale in the admin."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from events.forms import LocalTimesForm, TimeZoneField, TimeZoneInput
from factcheck import services, similar
from factcheck.admin.work import desk_urls
from factcheck.adminkit import (
    BigListAdmin,
    DistinctValuesFilter,
    IndexedSearch,
    InvisibleCharactersWarning,
    PreloadedAutocompleteForm,
    PreloadedAutocompleteInline,
    ReadOnlyListInline,
    RecentRelatedFilter,
    SlugFromForm,
)
from factcheck.models import (
    Claim,
    ClaimCitation,
    ClaimConflict,
    Figure,
    Rating,
    RatingScale,
    Verdict,
)
from factcheck.models.claims import Weight, weigh_evidence

# --- Claims ---------------------------------------------------------------------------------


class ClaimForm(LocalTimesForm, SlugFromForm):
    slug_from = "short"
    # "First appeared" is typed and shown in its own declared zone, like an event's times.
    local_times = ["appeared_at"]
    time_zone_field = "appeared_time_zone"

    class Meta:
        field_classes = {"appeared_time_zone": TimeZoneField}
        widgets = {"appeared_time_zone": TimeZoneInput(attrs={"class": "vTextField"})}
        # Help for the read-only evidence fields, which have no model field to carry it.
        help_texts = {
            "supporting_origins": _(
                "Distinct sources that confirm the claim. A citation that relays another source "
                "(“according to the MVD”) counts for the source it relays, so three outlets "
                "repeating one statement are one origin. The claim's own appearance, context and "
                "whatever only repeats the claimant do not count. Each rating needs a minimum "
                "number of origins in its direction before its verdict can be published."
            ),
            "contradicting_origins": _(
                "Distinct sources that contradict the claim, counted alike."
            ),
            "origins": _("Computed from the saved citations below; save to update."),
        }


class ClaimCitationInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = ClaimCitation
    fields = ["citation", "stance", "note", "origin"]
    readonly_fields = ["origin"]
    autocomplete_fields = ["citation"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("citation__source", "citation__relays")

    @admin.display(description=_("counts as origin"))
    def origin(self, obj):
        if not obj.citation_id:  # the empty row for a new citation
            return self.get_empty_value_display()
        return obj.citation.origin


class ClaimConflictFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form) or form.errors:
                continue
            # A model form skips the constraints that name its inline foreign key (Django's
            # _post_clean excludes that field), so "each pair once" is checked here: a pair
            # already recorded on the other claim is a form error, not an IntegrityError.
            try:
                form.instance.validate_constraints()
            except ValidationError as error:
                form.add_error(None, error)
                continue
            # Two new rows naming the same claim would each pass, then collide on save.
            other = form.cleaned_data.get("other")
            if other is None:
                continue
            if other.pk in seen:
                form.add_error(
                    "other", _("This claim is named twice; record the pair once, with one kind.")
                )
            seen.add(other.pk)


class ClaimConflictInline(PreloadedAutocompleteInline, admin.TabularInline):
    """Conflicts recorded on this claim: the reporter picks the other claim, a kind and a note."""

    model = ClaimConflict
    fk_name = "claim"
    formset = ClaimConflictFormSet
    fields = ["other", "kind", "note"]
    autocomplete_fields = ["other"]
    extra = 0

    def get_queryset(self, request):
        # Both sides: the row is labelled with the pair (ClaimConflict.__str__).
        return super().get_queryset(request).select_related("claim", "other")


class ClaimConflictOtherSideInline(ReadOnlyListInline):
    """Conflicts recorded on the other claim of the pair, listed here so that none is missed.

    A pair is stored once, on the claim it was entered on; it is edited there (the claim's name
    links to its form), which keeps a pair from being entered twice in two forms at once.
    """

    model = ClaimConflict
    fk_name = "other"
    fields = ["claim", "kind", "note"]
    show_change_link = False  # the conflict has no page of its own: it lives on its claim
    verbose_name = _("conflict recorded on the other claim")
    verbose_name_plural = _("conflicts recorded on the other claim")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim", "other")


class FigureForm(LocalTimesForm, PreloadedAutocompleteForm):
    # "As of" is typed and shown in the figure's own declared zone, like a claim's first
    # appearance: "the morning of 7 January" in an Almaty report is that morning in Almaty.
    local_times = ["as_of"]
    time_zone_field = "as_of_time_zone"

    class Meta:
        field_classes = {"as_of_time_zone": TimeZoneField}
        widgets = {"as_of_time_zone": TimeZoneInput(attrs={"class": "vTextField"})}


class FigureInline(PreloadedAutocompleteInline, admin.StackedInline):
    model = Figure
    form = FigureForm
    fields = [
        "status",
        ("measure", "qualifier", "value", "unit"),
        ("counted", "counted_en"),
        ("as_of", "as_of_precision"),
        "as_of_time_zone",
        "superseded_by",
    ]
    autocomplete_fields = ["superseded_by"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("superseded_by")


@admin.register(Claim)
class ClaimAdmin(IndexedSearch, InvisibleCharactersWarning, SimpleHistoryAdmin, BigListAdmin):
    form = ClaimForm
    list_display = [
        "short",
        "status",
        "claimant",
        "rating",
        "supporting_origins",
        "contradicting_origins",
        "event_titles",
        "created_at",
    ]
    # Every filter's choices come from a small table, an index, fixed choices or the newest
    # claims: none is a DISTINCT over the claims, and none lists every event or claimant, whose
    # numbers grow with the archive (adminkit), so the sidebar is the same at a million claims.
    list_filter = [
        "status",
        ("verdicts__rating", admin.RelatedFieldListFilter),
        ("events", RecentRelatedFilter),
        ("claimant", RecentRelatedFilter),
        ("language", DistinctValuesFilter),
        "claim_citations__stance",
    ]
    list_select_related = ["claimant"]
    # On PostgreSQL the texts are searched as similar-claims' document (claim_text_trgm_idx),
    # the slug through its own trigram index (migration 0026_admin_claim_search); claimants are
    # matched in the sources table first (IndexedSearch).
    search_fields = ["text", "text_en", "short", "slug", "claimant__name", "claimant__name_en"]
    search_document = (similar.ClaimDocument, ("text", "text_en", "short"))
    autocomplete_fields = ["claimant", "events"]
    readonly_fields = [
        "supporting_origins",
        "contradicting_origins",
        "origins",
        "rating",
        "created_by",
        "created_at",
        "updated_at",
        "duplicate_of",
        "similar_claims",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "text",
                    ("language", "status"),
                    "text_en",
                    "short",
                    "claimant",
                    ("appeared_at", "appeared_precision"),
                    "appeared_time_zone",
                ]
            },
        ),
        (_("Context"), {"fields": ["events"]}),
        # Before the editor records a statement twice: the claims like it (factcheck.similar),
        # refreshed while typing (desk/similar-claims.js) and linkable once saved.
        (_("Similar claims"), {"fields": ["duplicate_of", "similar_claims"]}),
        (
            _("Evidence and verdict"),
            {"fields": [("supporting_origins", "contradicting_origins"), "origins", "rating"]},
        ),
        (
            _("Advanced"),
            {
                "classes": ["collapse"],
                "fields": ["slug", "created_by", ("created_at", "updated_at")],
            },
        ),
    ]
    inlines = [
        ClaimCitationInline,
        FigureInline,
        ClaimConflictInline,
        ClaimConflictOtherSideInline,
    ]

    def get_queryset(self, request):
        # At most one verdict per claim (verdict_one_per_claim), so [:1] is the verdict's rating.
        # Both annotations are subqueries: computed for the page's rows only (and for the one
        # claim of a change form), never grouped over the archive.
        verdict_rating = (
            Verdict.objects.filter(claim=OuterRef("pk")).order_by().values("rating__label_en")[:1]
        )
        return (
            super()
            .get_queryset(request)
            .with_origin_counts()
            .annotate(rating_label=Subquery(verdict_rating))
            .prefetch_related("events")
        )

    class Media:
        js = ["desk/similar-claims.js"]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "similar/",
                self.admin_site.admin_view(self.similar_view),
                name=f"{info[0]}_{info[1]}_similar",
            ),
            path(
                "<path:object_id>/link-duplicate/",
                self.admin_site.admin_view(self.link_duplicate_view),
                name=f"{info[0]}_{info[1]}_link_duplicate",
            ),
            *desk_urls(self),
            *super().get_urls(),
        ]

    def _similar_panel(self, text: str, claim: Claim | None) -> str:
        matches = similar.suggest(text, exclude_claim=claim.pk if claim else None)
        rows = [
            {
                "claim": m.claim,
                "verdict": m.verdict,
                "score": m.score,
                "why": m.why,
                "public_url": reverse("site:verdict", kwargs={"slug": m.claim.slug})
                if m.verdict
                else "",
            }
            for m in matches
        ]
        return render_to_string(
            "admin/factcheck/similar_panel.html",
            {
                "matches": rows,
                "can_link": claim is not None,
                "live_url": reverse("admin:factcheck_claim_similar"),
                "claim_pk": claim.pk if claim else "",
                "current": claim.duplicate_of if claim and claim.duplicate_of_id else None,
            },
        )

    @admin.display(description=_("claims like this one"))
    def similar_claims(self, obj):
        if obj.pk is None:
            return format_html("{}", self._similar_panel("", None))
        return format_html("{}", self._similar_panel(f"{obj.text} {obj.text_en}", obj))

    def similar_view(self, request):
        """The similar claims for the text being typed (JSON with the panel's HTML)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        claim = None
        if request.POST.get("claim", "").isdigit():
            claim = Claim.objects.filter(pk=int(request.POST["claim"])).first()
        text = request.POST.get("text", "")[: similar.MAX_TEXT]
        return JsonResponse({"html": self._similar_panel(text, claim)})

    def link_duplicate_view(self, request, object_id):
        """Record the claim as a duplicate of the one chosen among its suggestions (or none)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        claim = self.get_object(request, object_id)
        if claim is None or not self.has_change_permission(request, claim):
            raise PermissionDenied
        back = HttpResponseRedirect(reverse("admin:factcheck_claim_change", args=[claim.pk]))
        value = request.POST.get("duplicate_of", "")
        other = None
        if value:
            other = Claim.objects.filter(pk=int(value)).first() if value.isdigit() else None
            if other is None:
                messages.error(request, _("Duplicate of: no such claim."))
                return back
        try:
            services.claim_link_duplicate(claim=claim, of=other, by=request.user)
        except services.WorkflowError as refused:
            messages.error(request, " ".join(str(m) for m in refused.messages))
            return back
        if other is None:
            messages.success(request, _("This claim is no longer marked as a duplicate."))
        else:
            messages.success(
                request,
                _("Linked: this claim is recorded as a duplicate of “%(other)s”.")
                % {"other": Claim.objects.get(pk=claim.pk).duplicate_of},
            )
        return back

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    # The computed columns are not sortable: ordering by them would compute them for every claim.
    @admin.display(description=_("supporting origins"))
    def supporting_origins(self, obj):
        # Not annotated on the add form, where there is nothing to count yet.
        return getattr(obj, "supporting_origins", self.get_empty_value_display())

    @admin.display(description=_("contradicting origins"))
    def contradicting_origins(self, obj):
        return getattr(obj, "contradicting_origins", self.get_empty_value_display())

    @admin.display(description=_("origins"))
    def origins(self, obj):
        if obj.pk is None:
            return self.get_empty_value_display()
        # The rule itself (weigh_evidence), spelled out per counted origin.
        links = obj.claim_citations.select_related("citation__source", "citation__relays").order_by(
            "pk"
        )
        publishers = {}
        for item in weigh_evidence(links, claimant_id=obj.claimant_id).citations:
            if item.weight in {Weight.COUNTED, Weight.DUPLICATE}:
                key = (item.origin, item.link.get_stance_display())
                publishers.setdefault(key, set()).add(item.link.citation.source)
        if not publishers:
            return self.get_empty_value_display()
        rows = []
        for (origin, stance), sources in publishers.items():
            relays = sorted(str(source) for source in sources if source != origin)
            if not relays:
                how = _("own publication")
            elif origin in sources:
                how = _("own publication, relayed by %(sources)s") % {"sources": ", ".join(relays)}
            else:
                how = _("relayed by %(sources)s") % {"sources": ", ".join(relays)}
            rows.append((origin, stance, how))
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} ({}) — {}</li>", rows))

    @admin.display(description=_("rating"))
    def rating(self, obj):
        return getattr(obj, "rating_label", None) or self.get_empty_value_display()

    @admin.display(description=_("events"))
    def event_titles(self, obj):
        return ", ".join(event.title for event in obj.events.all()) or None


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    form = FigureForm
    list_display = ["__str__", "claim", "measure", "status", "value", "as_of_when", "is_current"]
    list_filter = [
        "measure",
        "status",
        "qualifier",
        ("superseded_by", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["claim"]
    search_fields = ["counted", "counted_en", "claim__short", "claim__text"]
    autocomplete_fields = ["claim", "superseded_by"]
    fields = [
        "claim",
        "status",
        ("measure", "qualifier", "value", "unit"),
        ("counted", "counted_en"),
        ("as_of", "as_of_precision"),
        "as_of_time_zone",
        "superseded_by",
    ]

    @admin.display(description=_("as of"), ordering="as_of")
    def as_of_when(self, obj):
        return obj.as_of_when  # in the figure's own zone, as typed

    @admin.display(description=_("current"), boolean=True, ordering="superseded_by")
    def is_current(self, obj):
        return obj.is_current


# --- The rating scale -----------------------------------------------------------------------


class RatingForm(SlugFromForm):
    slug_from = "label_en"


class RatingInline(admin.TabularInline):
    # For ordering and relabelling at a glance; a new rating needs its meaning, so it is added
    # on the rating's own page.
    model = Rating
    fields = ["position", "label", "label_en", "value", "evidence_direction", "min_origins"]
    show_change_link = True
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "best_value", "worst_value", "rating_count"]
    search_fields = ["name"]
    inlines = [RatingInline]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(rating_count=Count("ratings")).order_by("name")
        )

    @admin.display(description=_("ratings"), ordering="rating_count")
    def rating_count(self, obj):
        return obj.rating_count


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    form = RatingForm
    list_display = [
        "label_en",
        "label",
        "scale",
        "value",
        "evidence_direction",
        "min_origins",
        "position",
    ]
    list_filter = ["scale"]
    list_select_related = ["scale"]
    search_fields = ["label", "label_en", "slug"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "scale",
                    ("label", "label_en"),
                    ("value", "position"),
                    ("evidence_direction", "min_origins"),
                ]
            },
        ),
        (_("Meaning"), {"fields": ["description", "description_en"]}),
        (_("Advanced"), {"classes": ["collapse"], "fields": ["slug"]}),
    ]
