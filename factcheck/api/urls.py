from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

# schema registers the Api-Key scheme with drf-spectacular; it must be imported before the schema
# is generated, and this package is no app whose ready() could do it.
from factcheck.api import schema, views  # noqa: F401
from factcheck.spreadsheets.export import ClaimExport, VerdictExport

app_name = "api"

router = SimpleRouter()
router.register("verdicts", views.VerdictViewSet, basename="verdict")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("claimreview", views.ClaimReviewViewSet, basename="claimreview")
router.register("events", views.EventViewSet, basename="event")
router.register("sources", views.SourceViewSet, basename="source")
router.register("ratings", views.RatingViewSet, basename="rating")

urlpatterns = [
    path("v1/", views.RootView.as_view(), name="root"),
    path("v1/", include(router.urls)),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "v1/docs/",
        # Redoc from drf-spectacular-sidecar, in a page that loads no web fonts from a CDN.
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"),
        name="docs",
    ),
    # The split view serves Swagger UI's start-up script as a file (?script), not inline: the
    # Content-Security-Policy lets no inline script run.
    path(
        "v1/docs/swagger/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
        name="swagger",
    ),
    # CSV exports of the published verdicts and claims, for partners (factcheck.spreadsheets).
    path(
        "v1/export/verdicts.csv",
        VerdictExport.as_view(),
        name="export_verdicts",
    ),
    path("v1/export/claims.csv", ClaimExport.as_view(), name="export_claims"),
    # Whatever else is under /api/: a JSON 404, never the site's HTML page.
    re_path(r"^.*$", views.not_found),
]
