from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from factcheck.site.urls import root_urlpatterns as site_root_urlpatterns
from sources.archiving.views import archived_copy
from sources.media.views import media_file, media_thumbnail

urlpatterns = [
    path("admin/", admin.site.urls),
    # The partner feed: /api/v1/ (docs at /api/v1/docs/); anything else under /api/ is a JSON 404.
    path("api/", include("factcheck.api.urls")),
    # Readers' "archived copy" of a cited page, served by the desk (sources.archiving.views).
    path("archive/citations/<int:citation_id>/", archived_copy, name="archived_copy"),
    # Images and video of public citations (sources.media.views): MediaReview's contentUrl.
    path("archive/media/<int:media_id>/", media_file, name="media_file"),
    path("archive/media/<int:media_id>/thumbnail/", media_thumbnail, name="media_thumbnail"),
]

# The public site (factcheck/site): robots.txt and sitemap.xml at the root, every page under /en/
# or /ru/; LocaleMiddleware redirects `/` by the browser's language.
urlpatterns += site_root_urlpatterns
urlpatterns += i18n_patterns(path("", include("factcheck.site.urls")))
