"""The admin's header, page titles and index title carry the desk's name, in the user's language.

Django's defaults ("Django administration", "Django site admin") name the framework, not the desk.
The titles are lazy: each page renders them in the language of its request, and a SITE_NAME
changed in settings (or in a test) is read at that moment, not at import.
"""

from django.conf import settings
from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import gettext as _


def _header() -> str:
    if name := settings.SITE_NAME:
        return _("%(site)s newsroom") % {"site": name}
    return _("Fact-check desk")


def _index_title() -> str:
    if name := settings.SITE_NAME:
        return _("%(site)s: the desk's work") % {"site": name}
    return _("The desk's work")


admin.site.site_header = lazy(_header, str)()
admin.site.site_title = lazy(_header, str)()
admin.site.index_title = lazy(_index_title, str)()


# The desk's own pages that belong to no one model (notifications): prepended to the admin's URLs,
# ahead of its catch-all, and behind admin_view like every admin page.
_admin_urls = admin.site.get_urls


def _desk_urls():
    from factcheck.admin.work import work_urls

    return [*work_urls(admin.site), *_admin_urls()]


admin.site.get_urls = _desk_urls
