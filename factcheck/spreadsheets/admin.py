"""The desk's spreadsheet pages in the admin: the import (upload, dry run, import) and the export
of every claim. Wired into DeskAdminSite.get_urls, each behind admin_view (a desk login)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factcheck.spreadsheets import export, importer
from factcheck.spreadsheets.columns import COLUMNS


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 (a byte order mark is fine), at most 5 MB."),
    )


def import_view(request: HttpRequest):
    if not all(request.user.has_perm(perm) for perm in importer.IMPORT_PERMS):
        raise PermissionDenied
    from django.contrib import admin

    plan, form = None, UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > importer.MAX_BYTES:
                form.add_error("file", _("The file is larger than 5 MB: split it."))
            else:
                data = upload.read()
                if "import" in request.POST:
                    try:
                        plan = importer.claims_import(
                            data=data, by=request.user, filename=upload.name
                        )
                    except importer.ImportRefused as refused:
                        plan = refused.plan
                    else:
                        messages.success(
                            request,
                            _("Imported %(claims)s claim(s) with %(citations)s citation(s).")
                            % {"claims": len(plan.claims), "citations": plan.citation_count},
                        )
                        return HttpResponseRedirect(reverse("admin:factcheck_claim_changelist"))
                else:
                    plan = importer.check(data)
    context = {
        **admin.site.each_context(request),
        "title": _("Import claims from a spreadsheet"),
        "form": form,
        "plan": plan,
        "columns": COLUMNS,
        "dry_run": request.method == "POST" and "import" not in request.POST,
    }
    return TemplateResponse(request, "admin/factcheck/claims_import.html", context)


def export_view(request: HttpRequest):
    if not request.user.has_perm("factcheck.view_claim"):
        raise PermissionDenied
    return export.desk_export(request)


def spreadsheet_urls(admin_site):
    return [
        path("claims/import/", admin_site.admin_view(import_view), name="factcheck_claims_import"),
        path(
            "claims/export.csv", admin_site.admin_view(export_view), name="factcheck_claims_export"
        ),
    ]
