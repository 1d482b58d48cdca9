"""The desk's admin site; DeskAdminConfig, in INSTALLED_APPS for django.contrib.admin, makes it
the default site that every ModelAdmin registers with.

The admin's header, page titles and index title carry the desk's name, in the user's language.

Django's defaults ("Django administration", "Django site admin") name the framework, not the desk.
The titles are read per request: each page renders them in the language of its request, and a SITE_NAME
changed in settings (or in a test) is read at that moment, not at import.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext as _


def _header() -> str:
    if name := settings.SITE_NAME:
        return _("%(site)s newsroom") % {"site": name}
    return _("Fact-check desk")


def _index_title() -> str:
    if name := settings.SITE_NAME:
        return _("%(site)s: the desk's work") % {"site": name}
    return _("The desk's work")


class DeskAdminSite(admin.AdminSite):
    # Read per request: each page in its request's language, SITE_NAME as it is at that moment.
    @property
    def site_header(self):
        return _header()

    site_title = site_header

    @property
    def index_title(self):
        return _index_title()

    def get_urls(self):
        # The desk's own pages that belong to no one model (notifications, the board), ahead of
        # the admin's catch-all, each behind admin_view like every admin page.
        from factcheck.admin.work import work_urls
        from factcheck.spreadsheets.admin import spreadsheet_urls  # CSV import and export

        return [*work_urls(self), *spreadsheet_urls(self), *super().get_urls()]

    def each_context(self, request):
        context = super().each_context(request)
        # A change list is a wide table: beside both the app list and its filters, a laptop's
        # 1280 pixels showed three of the claim list's seven columns. The app list stays on the
        # index and on the forms; the breadcrumbs lead back from a list.
        match = request.resolver_match
        if match and (match.url_name or "").endswith("_changelist"):
            context["is_nav_sidebar_enabled"] = False
        return context


class DeskAdminConfig(AdminConfig):
    default_site = "factcheck.adminsite.DeskAdminSite"
