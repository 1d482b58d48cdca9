from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # The partner feed: /api/v1/ (docs at /api/v1/docs/); anything else under /api/ is a JSON 404.
    path("api/", include("factcheck.api.urls")),
]
