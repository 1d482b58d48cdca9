"""The verdict desk in the admin: a thin layer over factcheck.services.

Saving a verdict, the transition buttons and the bulk actions all call the workflow services; this
module only turns their refusals into messages and form errors.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, F, OuterRef, Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from factcheck import services
from factcheck.admin.history import desk_history
from factcheck.admin.media import MediaAssessmentInline, media_to_assess
from factcheck.admin.work import desk_urls
from factcheck.adminkit import (
    BigListAdmin,
    DistinctValuesFilter,
    MarkdownEditor,
    RelatedWithRowsFilter,
    dropped_message,
)
from factcheck.models import Approval, AuditEntry, Verdict, VerdictRevision, VerdictTranslation
from factcheck.models.verdicts import verdict_language_choices
from factcheck.site.markup import dropped_markup, render_markdown

State = Verdict.State
MARKDOWN = ["conclusion", "explanation"]  # rendered by factcheck.site.markup for readers
READ_ONLY_AS = {name: f"{name}_rendered" for name in MARKDOWN}
EDITABLE = [
    "rating",
    "headline",
    "conclusion",
    "explanation",
    "language",
    "note_kind",
    "note",
    "review_by",
]


class VerdictForm(forms.ModelForm):
    # The version the editor opened; a save carrying an older one is refused (no lost updates).
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Verdict
        fields = ["claim", *EDITABLE]
        widgets = {"conclusion": MarkdownEditor, "explanation": MarkdownEditor}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "opened_version" in self.fields:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        current = Verdict.objects.select_related("updated_by").get(pk=self.instance.pk)
        opened = cleaned.get("opened_version")
        if opened is not None and opened != current.version:
            who = current.updated_by.get_full_name() or current.updated_by.get_username()
            when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M:%S %Z")
            differences = [
                format_html(
                    _("<li><b>{field}</b>: now “{saved}”; yours “{yours}”</li>"),
                    field=Verdict._meta.get_field(name).verbose_name,
                    saved=getattr(current, name) or "—",
                    yours=cleaned.get(name) or "—",
                )
                for name in EDITABLE
                if name in cleaned and getattr(current, name) != cleaned.get(name)
            ]
            # Nothing is saved; the editor keeps their input on the form and sees what differs.
            raise ValidationError(
                # Named fields, so that a translation can put them in its own order.
                format_html(
                    _(
                        "{who} changed this verdict at {when}, after you opened it. Your changes "
                        "were not saved. Where the saved verdict now differs from your form:"
                        "<ul>{differences}</ul>"
                        "To keep your version, reload the page and make your changes again."
                    ),
                    who=who,
                    when=when,
                    differences=format_html_join("", "{}", ((d,) for d in differences))
                    if differences
                    else "—",
                ),
                code="stale",
            )
        return cleaned


class ApprovalInline(admin.TabularInline):
    model = Approval
    extra = 0
    can_delete = False
    fields = ["review_round", "editor", "languages", "comment", "created_at"]
    readonly_fields = fields

    @admin.display(description=_("languages it covers"))
    def languages(self, obj):
        return ", ".join(
            services.language_name(code) for code in services.approval_languages(obj, obj.verdict)
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TranslationForm(forms.ModelForm):
    class Meta:
        model = VerdictTranslation
        fields = ["language", "headline", "conclusion", "explanation"]
        widgets = {"conclusion": MarkdownEditor, "explanation": MarkdownEditor}

    def __init__(self, *args, verdict_language: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # The desk's other languages: the verdict's own text is the form above.
        self.fields["language"] = forms.ChoiceField(
            label=_("language"),
            choices=[
                (code, name)
                for code, name in verdict_language_choices()
                if code != verdict_language
            ],
        )

    def validate_unique(self):
        # The services write the row (verdict_translation_save), after the verdict is saved.
        pass

    def has_changed(self):
        # A blank version offered for a language the verdict is not written in yet is left
        # alone, although its language menu always sends a value: without this, saving any
        # verdict would ask for a headline in every other language.
        if self.instance.pk is None and not any(
            (self.data.get(self.add_prefix(name)) or "").strip()
            for name in ("headline", "conclusion", "explanation")
        ):
            return False
        return super().has_changed()


class TranslationInline(admin.StackedInline):
    """The verdict's versions in the desk's other languages (FACTCHECK_VERDICT_LANGUAGES), each
    written, previewed and reviewed like the verdict's own text; saved through
    services.verdict_translation_save by VerdictAdmin.save_formset."""

    model = VerdictTranslation
    form = TranslationForm
    fields = ["language", "headline", "conclusion", "explanation"]
    verbose_name = _("version in another language")
    verbose_name_plural = _("versions in other languages")

    def get_extra(self, request, obj=None, **kwargs):
        have = obj.translations.count() if obj else 0
        return max(0, len(settings.FACTCHECK_VERDICT_LANGUAGES) - 1 - have)

    def get_max_num(self, request, obj=None, **kwargs):
        return max(0, len(settings.FACTCHECK_VERDICT_LANGUAGES) - 1)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        kwargs["form_kwargs"] = {"verdict_language": obj.language if obj and obj.pk else ""}
        return kwargs

    # What a translation may be is what the verdict may be: the desk's rights on verdicts.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("factcheck.view_verdict")

    def has_add_permission(self, request, obj=None):
        return obj is not None and _editable(obj, request.user)

    def has_change_permission(self, request, obj=None):
        return obj is not None and _editable(obj, request.user)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and _editable(obj, request.user)


class RevisionInline(admin.TabularInline):
    model = VerdictRevision
    extra = 0
    can_delete = False
    fields = ["number", "rating", "headline", "note_kind", "note", "published_at", "published_by"]
    readonly_fields = fields
    verbose_name_plural = _("published revisions (what readers have seen)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# The request attribute holding a save's refusal (a services.WorkflowError) for the response.
REFUSAL = "_verdict_save_refused"


def _editable(verdict: Verdict, user) -> bool:
    """Whether this user may edit the verdict in its current state (verdict_update decides)."""
    return verdict.state in services.EDITABLE_STATES and services.may_edit(verdict, user)


def _run_bulk(modeladmin, request, queryset, transition, done_message, **kwargs):
    done = 0
    for verdict in queryset:
        try:
            transition(verdict=verdict, by=request.user, **kwargs)
            done += 1
        except services.WorkflowError as error:
            modeladmin.message_user(
                request, format_html("“{}”: {}", verdict, " ".join(error.messages)), messages.ERROR
            )
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)


@admin.register(Verdict)
class VerdictAdmin(BigListAdmin):
    form = VerdictForm
    change_form_template = "admin/factcheck/verdict/change_form.html"
    list_display = [
        "headline",
        "claim_short",
        "rating",
        "state_badge",
        "author",
        "public_number",
        "updated_at",
    ]
    # Ratings and users are small tables; the date filter's ranges (today, past 7 days, this
    # month, this year) are read off verdict_updated_idx. Not a date_hierarchy: its year and
    # month links are found with a DISTINCT over every verdict's date.
    list_filter = [
        "state",
        "rating",
        "author",
        ("review_by", admin.EmptyFieldListFilter),
        ("updated_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["claim", "rating", "author", "public_revision"]
    search_fields = ["headline", "conclusion", "claim__text", "claim__text_en", "claim__short"]
    autocomplete_fields = ["claim"]
    inlines = [TranslationInline, ApprovalInline, RevisionInline]
    actions = ["submit_selected", "approve_selected", "publish_selected"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "claim",
                    "rating",
                    "headline",
                    "conclusion",
                    "explanation",
                    "opened_version",
                ]
            },
        ),
        (
            _("Public note for a republication"),
            {
                "fields": ["note_kind", "note"],
                "description": _(
                    "Republishing a published verdict needs a note saying what changed and why. "
                    "It stays on the verdict page and in the corrections log for good."
                ),
            },
        ),
        (_("Workflow"), {"fields": ["state", "author", "review_by", "language"]}),
    ]

    # --- lists ---------------------------------------------------------------------------

    @admin.display(description=_("claim"), ordering="claim__short")
    def claim_short(self, obj):
        return obj.claim.short

    @admin.display(description=_("state"), ordering="state")
    def state_badge(self, obj):
        label = obj.get_state_display()
        if obj.public_revision_id and obj.state not in {State.PUBLISHED, State.RETRACTED}:
            label = _("%(state)s (a revision is public)") % {"state": label}
        return format_html(
            '<span class="verdict-state verdict-state--{}">{}</span>', obj.state, label
        )

    @admin.display(description=_("public revision"), ordering="public_revision__number")
    def public_number(self, obj):
        return obj.public_revision.number if obj.public_revision_id else "—"

    # --- the form ------------------------------------------------------------------------

    def _fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (
                    None,
                    {
                        "fields": [
                            "claim",
                            "rating",
                            "headline",
                            "conclusion",
                            "explanation",
                            "language",
                        ]
                    },
                )
            ]
        return self.fieldsets

    def get_inlines(self, request, obj):
        # The MediaReview category per image or video (issue 13), only on verdicts whose claim's
        # evidence holds media: one EXISTS query, and no empty formset on every other verdict.
        if obj is not None and media_to_assess(obj):
            return [*self.inlines, MediaAssessmentInline]
        return self.inlines

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = ["claim", "state", "author"]
        if not _editable(obj, request.user):
            readonly += [READ_ONLY_AS.get(name, name) for name in EDITABLE]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = self._fieldsets(request, obj)
        if obj is None or _editable(obj, request.user):
            return fieldsets
        # Read-only, the Markdown fields are shown as readers get them, not as source text.
        return [
            (title, {**options, "fields": [READ_ONLY_AS.get(f, f) for f in options["fields"]]})
            for title, options in fieldsets
        ]

    @admin.display(description=Verdict._meta.get_field("conclusion").verbose_name)
    def conclusion_rendered(self, obj):
        return render_markdown(obj.conclusion)

    @admin.display(description=Verdict._meta.get_field("explanation").verbose_name)
    def explanation_rendered(self, obj):
        return render_markdown(obj.explanation)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in EDITABLE if name in form.cleaned_data}
        try:
            if not change:
                claim = form.cleaned_data["claim"]
                fields = {
                    k: v
                    for k, v in data.items()
                    if k in {"rating", "headline", "conclusion", "explanation", "language"}
                }
                saved = services.verdict_create(claim=claim, by=request.user, **fields)
            else:
                saved = services.verdict_update(
                    verdict=obj,
                    by=request.user,
                    version=form.cleaned_data["opened_version"],
                    **data,
                )
        except services.WorkflowError as error:
            # Reached when the verdict moved on (another save, a transition) after the form was
            # shown. Kept on the request: this admin instance serves every editor's requests at
            # once, so nothing of one request may be left on it for another to find.
            setattr(request, REFUSAL, error)
            return
        obj.pk, obj.version, obj.state = saved.pk, saved.version, saved.state
        for name in MARKDOWN:
            dropped = dropped_markup(data.get(name) or "") if name in form.changed_data else []
            if dropped:
                self.message_user(
                    request,
                    format_html(
                        "{}: {}",
                        Verdict._meta.get_field(name).verbose_name,
                        dropped_message(dropped),
                    ),
                    messages.WARNING,
                )

    # After a refused save, Django's change view still goes on to save the related objects and
    # to describe and log a change: nothing changed, so none of that is done.

    def save_related(self, request, form, formsets, change):
        if not hasattr(request, REFUSAL):
            super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not VerdictTranslation:
            return super().save_formset(request, form, formset, change)
        verdict = form.instance
        # Django's change message reads these; the audit log (services) says what changed.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for sub in formset.forms:
            data = getattr(sub, "cleaned_data", None) or {}
            language = data.get("language")
            if not language:
                continue
            removing = formset.can_delete and data.get("DELETE")
            if not removing and not sub.has_changed():
                continue
            try:
                saved = services.verdict_translation_save(
                    verdict=verdict,
                    by=request.user,
                    version=verdict.version,
                    language=language,
                    headline=data.get("headline", ""),
                    conclusion=data.get("conclusion", ""),
                    explanation=data.get("explanation", ""),
                    remove=bool(removing),
                )
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
                continue
            except services.WorkflowError as error:
                setattr(request, REFUSAL, error)
                return
            verdict.version, verdict.state = saved.version, saved.state
            # The same warning as for the verdict's own text, for each language's version.
            for name in MARKDOWN:
                dropped = dropped_markup(data.get(name) or "") if name in sub.changed_data else []
                if dropped and not removing:
                    self.message_user(
                        request,
                        format_html(
                            "{} ({}): {}",
                            VerdictTranslation._meta.get_field(name).verbose_name,
                            services.language_name(language),
                            dropped_message(dropped),
                        ),
                        messages.WARNING,
                    )

    def construct_change_message(self, request, form, formsets, add=False):
        if hasattr(request, REFUSAL):
            return ""
        return super().construct_change_message(request, form, formsets, add)

    def log_addition(self, request, obj, message):
        if not hasattr(request, REFUSAL):
            return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if not hasattr(request, REFUSAL):
            return super().log_change(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        return self._respond(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._respond(request, obj) or super().response_change(request, obj)

    def _respond(self, request, obj):
        error = getattr(request, REFUSAL, None)
        if error is None:
            return None
        for message in error.messages:
            self.message_user(request, message, messages.ERROR)
        return HttpResponseRedirect(request.path)

    def has_delete_permission(self, request, obj=None):
        # Verdicts are evidence of the desk's work: retract, never delete.
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        verdict = self.get_object(request, object_id)
        extra = extra_context or {}
        if verdict is not None:
            problems = (
                services.publish_problems(verdict) if verdict.state != State.RETRACTED else []
            )
            missing, fingerprint = 0, None
            if verdict.state == State.IN_REVIEW:
                # Approvals count only while the claim and evidence are as they were approved.
                fingerprint = services.publication_fingerprint(verdict)
                approvals = services.check_approvals(verdict, fingerprint=fingerprint)
                missing = approvals.missing
                # Each version in another language needs approvals of its own text (issue 11).
                by_language = approvals.language_problems()
                if missing or by_language:
                    problems = [*by_language, *approvals.problems, *problems]
                # The approve button carries what this page was shown with (verdict_approve).
                extra["approval_token"] = services.fingerprint_token(fingerprint)
            if not _editable(verdict, request.user):
                # The form is read-only here: a save button could only lead to a refusal.
                extra.update(
                    show_save=False, show_save_and_continue=False, show_save_and_add_another=False
                )
            extra.update(
                transitions=services.allowed_transitions(
                    verdict, request.user, fingerprint=fingerprint
                ),
                publish_problems=problems,
                approvals_missing=missing,
                last_sent_back=AuditEntry.objects.filter(
                    content_type=ContentType.objects.get_for_model(Verdict),
                    object_id=verdict.pk,
                    action="factcheck.verdict.sent_back",
                ).first(),
                preview_url=_preview_url(verdict),
                evidence=services.evidence_panel(verdict),
            )
        return super().change_view(request, object_id, form_url, extra_context=extra)

    # --- transitions -----------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/transition/<str:name>/",
                self.admin_site.admin_view(self.transition_view),
                name=f"{info[0]}_{info[1]}_transition",
            ),
            path(
                "markdown-preview/",
                self.admin_site.admin_view(self.markdown_preview_view),
                name=f"{info[0]}_{info[1]}_markdown_preview",
            ),
            path(
                "<path:object_id>/desk-history/",
                self.admin_site.admin_view(self.desk_history_view),
                name=f"{info[0]}_{info[1]}_desk_history",
            ),
            *desk_urls(self),
            *super().get_urls(),
        ]

    def markdown_preview_view(self, request):
        """The editor's live preview: the text rendered as readers will get it (JSON)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        text = request.POST.get("text", "")
        dropped = dropped_markup(text)
        return JsonResponse(
            {
                "html": str(render_markdown(text)),
                "dropped": dropped,
                "dropped_message": dropped_message(dropped) if dropped else "",
            }
        )

    TRANSITIONS = {
        "submit": (services.verdict_submit, _("Submitted for review.")),
        "send_back": (services.verdict_send_back, _("Sent back to the author.")),
        "approve": (services.verdict_approve, _("Approved.")),
        "publish": (
            services.verdict_publish,
            _("Published: readers and partners now see this revision."),
        ),
        "retract": (
            services.verdict_retract,
            _("Retracted: the page now shows the retraction notice."),
        ),
    }

    def transition_view(self, request, object_id, name):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if name not in self.TRANSITIONS:
            raise PermissionDenied
        verdict = get_object_or_404(Verdict, pk=object_id)
        if not self.has_view_permission(request, verdict):
            raise PermissionDenied
        function, done = self.TRANSITIONS[name]
        kwargs = {}
        comment = request.POST.get("comment", "")
        if name in {"send_back", "approve"}:
            kwargs["comment"] = comment
        if name == "approve":
            kwargs["seen"] = request.POST.get("seen") or None
        elif name == "retract":
            kwargs["reason"] = comment
        try:
            function(verdict=verdict, by=request.user, **kwargs)
        except services.WorkflowError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:factcheck_verdict_change", args=[verdict.pk]))

    def desk_history_view(self, request, object_id):
        verdict = get_object_or_404(Verdict.objects.select_related("claim"), pk=object_id)
        if not self.has_view_permission(request, verdict):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": verdict,
            "title": _("History of “%(verdict)s”") % {"verdict": verdict},
            **desk_history(verdict, request.GET),
        }
        return TemplateResponse(request, "admin/factcheck/verdict/desk_history.html", context)

    # --- bulk actions ----------------------------------------------------------------------

    @admin.action(description=_("Submit selected verdicts for review"))
    def submit_selected(self, request, queryset):
        _run_bulk(
            self,
            request,
            queryset,
            services.verdict_submit,
            lambda n: ngettext("%d verdict submitted.", "%d verdicts submitted.", n) % n,
        )

    @admin.action(description=_("Approve selected verdicts"), permissions=["review"])
    def approve_selected(self, request, queryset):
        _run_bulk(
            self,
            request,
            queryset,
            services.verdict_approve,
            lambda n: ngettext("%d verdict approved.", "%d verdicts approved.", n) % n,
        )

    @admin.action(description=_("Publish selected verdicts"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        _run_bulk(
            self,
            request,
            queryset,
            services.verdict_publish,
            lambda n: ngettext("%d verdict published.", "%d verdicts published.", n) % n,
        )

    def has_review_permission(self, request):
        return request.user.has_perm("factcheck.review_verdict")

    def has_publish_permission(self, request):
        return request.user.has_perm("factcheck.publish_verdict")


def _preview_url(verdict: Verdict) -> str:
    """The public page as this verdict's working copy would look: shown to staff only."""
    return reverse("site:verdict", kwargs={"slug": verdict.claim.slug}) + "?preview=1"


@admin.register(VerdictRevision)
class VerdictRevisionAdmin(BigListAdmin):
    list_display = ["headline", "number", "rating", "note_kind", "published_at", "published_by"]
    # Newest first, read off the primary key (Meta.ordering by verdict mixes two directions).
    ordering = ["-pk"]
    list_filter = ["note_kind", "rating"]
    list_select_related = ["rating", "published_by"]
    search_fields = ["headline", "note"]
    readonly_fields = [f.name for f in VerdictRevision._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(BigListAdmin):
    list_display = ["at", "action", "actor", "subject_link", "from_state", "to_state", "comment"]
    # The log grows by several entries per verdict: choices come from indexes and the users
    # table, and the date filter's ranges are read off audit_at_idx (no date_hierarchy, whose
    # links are a DISTINCT over every entry's date).
    list_filter = [
        ("action", DistinctValuesFilter),
        ("actor", RelatedWithRowsFilter),
        ("at", admin.DateFieldListFilter),
    ]
    list_select_related = ["actor", "content_type"]
    search_fields = ["action", "comment"]

    @admin.display(description=_("object"))
    def subject_link(self, obj):
        try:
            url = reverse(
                f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change",
                args=[obj.object_id],
            )
        except Exception:
            return f"{obj.content_type.model} #{obj.object_id}"
        return format_html('<a href="{}">{} #{}</a>', url, obj.content_type.model, obj.object_id)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# How many verdicts each queue on the admin index lists; the rest are a link to the verdict list.
QUEUE_LENGTH = 20


def desk_queue(user) -> dict:
    """The admin index's work queue for this user: one query per list, whatever the archive.

    Each list is the first QUEUE_LENGTH rows read off an index (see Verdict.Meta.indexes);
    `more` holds, for a longer list, the verdict list's address showing all of it.

    One exception, bounded by the verdicts this editor has approved and nobody has published
    yet: each is held against what publishing it would now freeze, since an approval the claim's
    or evidence's edits have outdated needs this editor again.
    """
    base = Verdict.objects.select_related("claim", "author").order_by("updated_at", "pk")
    today = timezone.localdate()
    changelist = reverse("admin:factcheck_verdict_changelist")
    lists = {
        # What the user is working on: their own drafts, and drafts they last changed, such as
        # a correction an editor reopened on someone else's verdict (issue 11). Read off two
        # indexes (verdict_author_queue_idx, verdict_editor_drafts_idx), one user's drafts each.
        "my_drafts": (
            base.filter(Q(author=user) | Q(updated_by=user), state=State.DRAFT),
            {"author__id__exact": user.pk, "state__exact": State.DRAFT},
        ),
        "sent_back_to_me": (
            base.filter(author=user, state=State.SENT_BACK),
            {"author__id__exact": user.pk, "state__exact": State.SENT_BACK},
        ),
        # Most overdue first.
        "due_for_review": (
            base.published().filter(review_by__lte=today).order_by("review_by", "pk"),
            {"state__exact": State.PUBLISHED, "review_by__lte": today.isoformat()},
        ),
    }
    if user.has_perm("factcheck.review_verdict"):
        approved_this_round = Approval.objects.filter(
            verdict=OuterRef("pk"), editor=user, review_round=OuterRef("review_round")
        )
        lists["awaiting_my_review"] = (
            base.filter(state=State.IN_REVIEW)
            .exclude(author=user)
            .exclude(submitted_by=user)
            .filter(~Exists(approved_this_round)),
            {"state__exact": State.IN_REVIEW},
        )
    queue, more = {}, {}
    for name, (queryset, filters) in lists.items():
        rows = list(queryset[: QUEUE_LENGTH + 1])
        if len(rows) > QUEUE_LENGTH:
            more[name] = f"{changelist}?{urlencode(filters)}"
        queue[name] = rows[:QUEUE_LENGTH]
    queue["more"] = more
    if "awaiting_my_review" in queue:
        # Verdicts in review are few (a desk's open reviews, not its archive): read from the
        # verdicts in review (verdict_in_review_idx) into their approvals.
        outdated = [
            approval.verdict
            for approval in Approval.objects.filter(
                editor=user,
                verdict__state=State.IN_REVIEW,
                review_round=F("verdict__review_round"),
            ).select_related("verdict__claim", "verdict__author", "verdict__rating")
            if approval.fingerprint != services.publication_fingerprint(approval.verdict)
        ]
        if outdated:
            for verdict in outdated:
                verdict.changed_since_my_approval = True
            queue["awaiting_my_review"] = sorted(
                [*queue["awaiting_my_review"], *outdated], key=lambda v: (v.updated_at, v.pk)
            )
    return queue
