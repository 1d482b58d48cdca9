from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from factcheck.partners import services, webhooks
from factcheck.partners.models import EVENTS, ApiKey, Partner, Webhook, WebhookDelivery


class ApiKeyInline(admin.TabularInline):
    model = ApiKey
    extra = 0
    can_delete = False
    fields = ["name", "masked", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["masked", "created_at", "last_used_at", "revoked_at"]
    verbose_name_plural = _("API keys (create one with the action “Create a new API key”)")

    def has_add_permission(self, request, obj=None):
        return False  # a key is created by the action, which shows it once

    @admin.display(description=_("key"))
    def masked(self, key):
        return f"fck_{key.prefix}_…"


class WebhookInline(admin.TabularInline):
    model = Webhook
    extra = 0
    fields = ["url", "events", "is_active"]
    show_change_link = True


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "contact_email", "usable_keys", "webhook_count"]
    list_filter = ["is_active"]
    search_fields = ["name", "contact_email"]
    inlines = [ApiKeyInline, WebhookInline]
    actions = ["create_key"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                usable_key_count=Count(
                    "keys", filter=Q(keys__revoked_at__isnull=True), distinct=True
                ),
                webhook_total=Count("webhooks", distinct=True),
            )
        )

    @admin.display(description=_("usable keys"), ordering="usable_key_count")
    def usable_keys(self, partner):
        return partner.usable_key_count

    @admin.display(description=_("webhooks"), ordering="webhook_total")
    def webhook_count(self, partner):
        return partner.webhook_total

    @admin.action(description=_("Create a new API key (shown once)"), permissions=["change"])
    def create_key(self, request, queryset):
        for partner in queryset:
            _key, raw = services.api_key_create(partner=partner)
            messages.warning(
                request,
                format_html(
                    "New API key for {}: <code>{}</code> — copy it now: only its hash is kept, "
                    "it will not be shown again.",
                    partner,
                    raw,
                ),
            )


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["masked", "partner", "name", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "partner"]
    list_select_related = ["partner"]
    search_fields = ["prefix", "name", "partner__name"]
    fields = ["partner", "name", "masked", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["partner", "masked", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # keys are created from their partner, with the action that shows them

    @admin.display(description=_("key"))
    def masked(self, key):
        return f"fck_{key.prefix}_…"

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        keys = list(queryset.filter(revoked_at__isnull=True))
        for key in keys:
            services.api_key_revoke(key=key)
        messages.success(
            request, ngettext("Revoked %d key.", "Revoked %d keys.", len(keys)) % len(keys)
        )


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=[(event, event) for event in EVENTS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: all of them."),
    )

    class Meta:
        model = Webhook
        fields = ["partner", "url", "events", "is_active"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["url", "partner", "subscribed", "is_active", "deliveries_link"]
    list_filter = ["is_active", "partner"]
    list_select_related = ["partner"]
    search_fields = ["url", "partner__name"]
    raw_id_fields = ["partner"]
    readonly_fields = ["secret", "created_at"]
    fields = ["partner", "url", "events", "is_active", "secret", "created_at"]

    @admin.display(description=_("events"))
    def subscribed(self, hook):
        return ", ".join(hook.events) or _("all")

    @admin.display(description=_("delivery log"))
    def deliveries_link(self, hook):
        url = (
            reverse("admin:partners_webhookdelivery_changelist") + f"?webhook__id__exact={hook.pk}"
        )
        return format_html('<a href="{}">{}</a>', url, _("deliveries"))


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: read-only, with a way to send a failed delivery again."""

    list_display = [
        "created_at",
        "webhook",
        "event",
        "verdict_id",
        "revision",
        "status",
        "attempts",
        "response_status",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "event", "webhook__partner"]
    list_select_related = ["webhook__partner"]
    search_fields = ["uuid", "webhook__url"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Retry now"), permissions=["view"])
    def retry_now(self, request, queryset):
        owed = list(queryset.exclude(status=WebhookDelivery.Status.DELIVERED))
        for delivery in owed:
            WebhookDelivery.objects.filter(pk=delivery.pk).update(
                status=WebhookDelivery.Status.PENDING
            )
            webhooks.enqueue(delivery)
        messages.success(
            request,
            ngettext("Queued %d delivery.", "Queued %d deliveries.", len(owed)) % len(owed),
        )
