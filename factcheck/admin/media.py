"""The verdict's MediaReview choices: per image or video of the claim's evidence, the desk's
authenticity category (factcheck.models.MediaAssessment), published with the verdict's next
revision like the rest of its text."""

from django.contrib import admin

from factcheck.models import MediaAssessment
from sources.models import Media


def media_to_assess(verdict) -> bool:
    """Whether the verdict's claim cites media (the inline is shown only then)."""
    return Media.objects.filter(
        state=Media.State.READY, citation__claim_citations__claim_id=verdict.claim_id
    ).exists()


class MediaAssessmentInline(admin.TabularInline):
    model = MediaAssessment
    extra = 0
    fields = ["media", "category", "original_context"]

    def get_formset(self, request, obj=None, **kwargs):
        # The media offered are those of this verdict's claim's citations. Kept on the inline,
        # which the admin makes anew for each request (get_inline_instances), never shared.
        self._verdict = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "media":
            verdict = getattr(self, "_verdict", None)
            queryset = Media.objects.filter(state=Media.State.READY)
            kwargs["queryset"] = (
                queryset.filter(citation__claim_citations__claim_id=verdict.claim_id)
                if verdict is not None
                else queryset.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _may_edit(self, request, obj):
        from factcheck.admin.verdicts import _editable

        return obj is not None and _editable(obj, request.user)

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj) and super().has_delete_permission(request, obj)
