from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from events.forms import LocalTimesForm, TimeZoneField, TimeZoneInput
from events.models import Event, EventLink
from factcheck.adminkit import (
    PreloadedAutocompleteForm,
    PreloadedAutocompleteInline,
    ReadOnlyListInline,
    SlugFromForm,
)
from factcheck.models import Claim


class EventForm(LocalTimesForm, SlugFromForm):
    """Start and end are typed and shown in the event's own time zone, as its help text promises."""

    slug_from = "title"
    local_times = ["starts_at", "ends_at"]

    class Meta:
        field_classes = {"time_zone": TimeZoneField}
        widgets = {"time_zone": TimeZoneInput(attrs={"class": "vTextField"})}


class EventLinkForm(PreloadedAutocompleteForm):
    def _post_clean(self):
        super()._post_clean()
        # Django leaves an inline's own foreign key (from_event) out of model validation, as the
        # parent may not be saved yet; that skips eventlink_not_to_itself, and a link from the
        # event to itself would reach the database. Once the event exists, check the rules too.
        if self.instance.from_event_id and not self.errors:
            try:
                self.instance.validate_constraints()
            except ValidationError as error:
                self.add_error(None, error)


class EventLinkInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = EventLink
    form = EventLinkForm
    fk_name = "from_event"
    fields = ["kind", "to_event", "note"]
    autocomplete_fields = ["to_event"]
    extra = 0

    def get_queryset(self, request):
        # from_event too: the row's title (EventLink.__str__) names both events.
        return super().get_queryset(request).select_related("from_event", "to_event")


class EventLinkInInline(ReadOnlyListInline):
    model = EventLink
    fk_name = "to_event"
    fields = ["from_event", "kind", "note"]
    verbose_name_plural = _("links from other events")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("from_event", "to_event")


class ClaimInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = Claim.events.through
    autocomplete_fields = ["claim"]
    verbose_name = _("claim about this event")
    verbose_name_plural = _("claims about this event")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim")


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    form = EventForm
    list_display = ["title", "when", "place", "parent", "on_timeline", "claim_count"]
    list_filter = [
        "on_timeline",
        "start_precision",
        ("parent", admin.RelatedOnlyFieldListFilter),
        "time_zone",
    ]
    list_select_related = ["parent"]
    search_fields = ["title", "title_en", "place", "place_en", "slug"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["title", "title_en", "parent", "on_timeline"]}),
        (
            _("When and where"),
            {
                "fields": [
                    ("starts_at", "start_precision"),
                    ("ends_at", "end_precision"),
                    "time_zone",
                    ("place", "place_en"),
                ]
            },
        ),
        (_("Description"), {"fields": ["description", "description_en"]}),
        (_("Advanced"), {"classes": ["collapse"], "fields": ["slug"]}),
    ]
    inlines = [ClaimInline, EventLinkInline, EventLinkInInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # An event is something that happened; a start ahead of now is most often a mistyped
        # year (2099 for 2022). Kept, since a desk may note what is scheduled, but said.
        if obj.starts_at > timezone.now():
            self.message_user(
                request,
                _("“%(event)s” starts in the future (%(when)s): check the year.")
                % {"event": obj.title, "when": obj.when},
                messages.WARNING,
            )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("events.show_on_timeline"):
            readonly.append("on_timeline")
        return readonly

    def get_queryset(self, request):
        # Meta.ordering does not apply to aggregating queries; the autocomplete needs one.
        queryset = super().get_queryset(request).annotate(claim_count=Count("claims"))
        return queryset.order_by(*Event._meta.ordering)

    @admin.display(description=_("when"), ordering="starts_at")
    def when(self, obj):
        return obj.when

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count
