"""The triage queue in the desk: reader submissions and correction requests, newest first, and
one page per submission (`triage_view`, template admin/factcheck/submission/triage.html) whose
buttons call factcheck.intake.services. Nothing here is edited by hand: no add, change or
delete form; personal data goes by `manage.py expire_submissions`."""

from __future__ import annotations

import mimetypes

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factcheck import similar
from factcheck.intake import services
from factcheck.models import AuditEntry, Claim, Submission, Verdict
from factcheck.models.claims import SHORT_CLAIM_MAX
from factcheck.models.intake import REASON_MAX
from factcheck.services import WorkflowError


class ToClaimForm(forms.Form):
    short = forms.CharField(
        label=gettext_lazy("Short form of the new claim"),
        max_length=SHORT_CLAIM_MAX,
        help_text=gettext_lazy("In English, at most 75 characters; you complete the claim next."),
    )


class DuplicateForm(forms.Form):
    claim = forms.ModelChoiceField(
        label=gettext_lazy("Claim"), queryset=Claim.objects.all(), required=False
    )
    verdict = forms.ModelChoiceField(
        label=gettext_lazy("or verdict"), queryset=Verdict.objects.all(), required=False
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("claim", "verdict"):
            self.fields[name].widget = ForeignKeyRawIdWidget(
                Submission._meta.get_field(name).remote_field, admin_site
            )

    def clean(self):
        data = super().clean()
        if bool(data.get("claim")) == bool(data.get("verdict")):
            raise forms.ValidationError(_("Name either the claim or the verdict it duplicates."))
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The reader who left an address gets it by mail."),
    )


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note for the desk (optional)"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    # Queries of the list, whatever its length: 1. the session, 2. the user, 3.-4. the user's
    # permissions, 5. the count of the filtered rows, 6. the page of rows with their verdicts (one
    # join; tests/test_intake_triage.py). The list reads
    # submission_queue_idx / submission_newest_idx (factcheck.models.intake).
    list_display = ("created_at", "kind", "state", "excerpt", "language", "about", "has_address")
    list_filter = ("kind", "state")
    list_select_related = ("verdict",)
    ordering = ("-created_at", "-id")
    show_full_result_count = False
    list_per_page = 50
    actions = None  # nothing is done to many at once: each submission is read and decided

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(services.TRIAGE_PERM)

    @admin.display(description=gettext_lazy("submission"))
    def excerpt(self, obj):
        text = obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"
        return format_html('<span dir="auto">{}</span>', text)

    @admin.display(description=gettext_lazy("about"))
    def about(self, obj):
        return obj.verdict.headline if obj.verdict_id else ""

    @admin.display(description=gettext_lazy("reply address"), boolean=True)
    def has_address(self, obj):
        return bool(obj.email)

    def get_urls(self):
        return [
            path(
                "<int:pk>/screenshot/",
                self.admin_site.admin_view(self.screenshot_view),
                name="factcheck_submission_screenshot",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The change page is the triage page: a submission is decided, never edited.
        return self.triage_view(request, object_id)

    # --- the triage page ----------------------------------------------------------------------

    def triage_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        submission = get_object_or_404(
            Submission.objects.select_related("verdict", "claim", "decided_by"), pk=object_id
        )
        may_triage = self.has_change_permission(request, submission)
        forms_ = {
            "to_claim": ToClaimForm(initial={"short": submission.text[:SHORT_CLAIM_MAX]}),
            "duplicate": DuplicateForm(admin_site=self.admin_site),
            "decline": DeclineForm(),
            "accept": AcceptForm(),
        }
        if request.method == "POST":
            if not may_triage:
                raise PermissionDenied
            action = request.POST.get("action", "")
            if action not in forms_:
                raise Http404
            response = self._act(request, submission, action, forms_)
            if response is not None:
                return response
        history = AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Submission), object_id=submission.pk
        ).select_related("actor")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Triage: %(submission)s") % {"submission": submission},
            "submission": submission,
            "may_triage": may_triage and submission.state == Submission.State.NEW,
            "forms": forms_,
            "history": list(history),
            # Before making a claim of a reader's statement, the desk's own claims like it and
            # their published verdicts, so that the editor links instead of checking it twice.
            # A correction request is about its verdict already: nothing to match.
            "suggestions": similar.suggest(submission.text, limit=5)
            if submission.kind == Submission.Kind.CLAIM
            else [],
            # The raw-id lookups (magnifier, popup) of the duplicate form need the admin's scripts.
            "media": self.media + forms_["duplicate"].media,
        }
        return TemplateResponse(request, "admin/factcheck/submission/triage.html", context)

    def _act(self, request, submission, action, forms_):
        if action == "duplicate":
            form = DuplicateForm(request.POST, admin_site=self.admin_site)
        else:
            form = type(forms_[action])(request.POST)
        forms_[action] = form
        if not form.is_valid():
            return None
        data = form.cleaned_data
        try:
            if action == "to_claim":
                claim = services.submission_to_claim(
                    submission=submission, by=request.user, short=data["short"]
                )
                self.message_user(request, _("The claim was created: complete it here."))
                return HttpResponseRedirect(
                    reverse("admin:factcheck_claim_change", args=[claim.pk])
                )
            if action == "duplicate":
                submission = services.submission_mark_duplicate(
                    submission=submission,
                    by=request.user,
                    claim=data["claim"],
                    verdict=data["verdict"],
                )
            elif action == "decline":
                submission = services.submission_decline(
                    submission=submission, by=request.user, reason=data["reason"]
                )
            else:
                submission = services.submission_accept_correction(
                    submission=submission, by=request.user, note=data["note"]
                )
        except WorkflowError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(
            request, _("Done: %(state)s.") % {"state": submission.get_state_display()}
        )
        return HttpResponseRedirect(reverse("admin:factcheck_submission_changelist"))

    def screenshot_view(self, request, pk):
        """The screenshot, for the desk only (never under a public URL), as a download-safe
        image: its type is the one found in the content when it arrived."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        submission = get_object_or_404(Submission, pk=pk)
        if not submission.screenshot:
            raise Http404
        content_type = (
            mimetypes.guess_type(submission.screenshot.name)[0] or "application/octet-stream"
        )
        # Read whole (at most FACTCHECK_INTAKE_SCREENSHOT_MAX_BYTES): no file left open.
        with submission.screenshot.open("rb") as stored:
            response = HttpResponse(stored.read(), content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
