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
    """A partner's webhooks, to read: they are added and changed on their own page, which shows a
    new webhook's secret once and writes each change to the audit log."""

    model = Webhook
    extra = 0
    can_delete = False
    fields = ["url", "events", "is_active"]
    readonly_fields = ["url", "events", "is_active"]
    show_change_link = True
    verbose_name_plural = _(
        "webhooks (add one from the Webhooks page, which shows its secret once)"
    )

    def has_add_permission(self, request, obj=None):
        return False


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

    def delete_model(self, request, obj):
        services.partner_delete(partner=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for partner in queryset:
            services.partner_delete(partner=partner, by=request.user)

    @admin.action(description=_("Create a new API key (shown once)"), permissions=["change"])
    def create_key(self, request, queryset):
        for partner in queryset:
            _key, raw = services.api_key_create(partner=partner, by=request.user)
            messages.warning(
                request,
                format_html(
                    _(
                        "New API key for {partner}: <code>{key}</code> — copy it now: only its "
                        "hash is kept, it will not be shown again."
                    ),
                    partner=partner,
                    key=raw,
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

    def delete_model(self, request, obj):
        services.api_key_delete(key=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for key in queryset:
            services.api_key_delete(key=key, by=request.user)

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        keys = list(queryset.filter(revoked_at__isnull=True))
        for key in keys:
            services.api_key_revoke(key=key, by=request.user)
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
    # The signing secret is never shown here, to anyone: once, in a message, when the webhook is
    # created or its secret rotated (like an API key).
    readonly_fields = ["signing_secret", "created_at"]
    fields = ["partner", "url", "events", "is_active", "signing_secret", "created_at"]
    actions = ["rotate_secret"]

    @admin.display(description=_("signing secret"))
    def signing_secret(self, hook):
        return _(
            "Shown once, when the webhook was created. Lost? Use the action “Rotate the signing "
            "secret” on the list of webhooks, and give the partner the new one."
        )

    def save_model(self, request, obj, form, change):
        if change:
            services.webhook_update(webhook=obj, by=request.user)
            return
        secret = services.webhook_create(webhook=obj, by=request.user)
        messages.warning(request, _secret_message(obj, secret))

    def delete_model(self, request, obj):
        services.webhook_delete(webhook=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for hook in queryset:
            services.webhook_delete(webhook=hook, by=request.user)

    @admin.action(description=_("Rotate the signing secret (shown once)"), permissions=["change"])
    def rotate_secret(self, request, queryset):
        for hook in queryset:
            secret = services.webhook_rotate_secret(webhook=hook, by=request.user)
            messages.warning(request, _secret_message(hook, secret))

    @admin.display(description=_("events"))
    def subscribed(self, hook):
        return ", ".join(hook.events) or _("all")

    @admin.display(description=_("delivery log"))
    def deliveries_link(self, hook):
        url = (
            reverse("admin:partners_webhookdelivery_changelist") + f"?webhook__id__exact={hook.pk}"
        )
        return format_html('<a href="{}">{}</a>', url, _("deliveries"))


def _secret_message(hook: Webhook, secret: str):
    return format_html(
        _(
            "Signing secret of the webhook {}: <code>{}</code> — give it to the partner now: it "
            "will not be shown again."
        ),
        hook.url,
        secret,
    )


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
        # webhooks.retry_now skips a delivery delivered meanwhile or being sent right now.
        queued = sum(webhooks.retry_now(delivery) for delivery in queryset)
        messages.success(
            request,
            ngettext("Queued %d delivery.", "Queued %d deliveries.", queued) % queued,
        )
