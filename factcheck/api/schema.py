"""What drf-spectacular needs beyond the views: the Api-Key scheme, the guide, response headers."""

from pathlib import Path

from drf_spectacular.extensions import OpenApiAuthenticationExtension

GUIDE = (Path(__file__).parent / "guide.md").read_text()

TAGS = [
    {"name": "verdicts", "description": "The change feed of released verdicts."},
    {"name": "claims", "description": "Claims with a published verdict."},
    {"name": "claimreview", "description": "schema.org ClaimReview for aggregators."},
    {"name": "events", "description": "The events published verdicts are tied to."},
    {"name": "sources", "description": "Who published or said what the evidence quotes."},
    {"name": "ratings", "description": "The rating scale."},
]


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "factcheck.partners.access.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Authorization: Api-Key <your key>`, e.g. `Api-Key fck_abcd1234_…`.",
        }


_VALIDATORS = {
    "ETag": {
        "description": "Send it back as If-None-Match to get a 304 while nothing changed.",
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": "Send it back as If-Modified-Since (one-second granularity).",
        "schema": {"type": "string"},
    },
}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}


def finish(result, generator, request, public):
    """drf-spectacular post-processing hook: the guide, tags, documented response headers, and
    query strings that may not be empty."""
    result["info"]["description"] = GUIDE
    result["tags"] = TAGS
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                # The views refuse empty values (views.refuse_unexpected_parameters).
                if parameter["in"] == "query" and parameter["schema"].get("type") == "string":
                    parameter["schema"].setdefault("minLength", 1)
            responses = operation.get("responses", {})
            for status in ("200", "304"):
                if status in responses:
                    responses[status].setdefault("headers", {}).update(_VALIDATORS)
            if "429" in responses:
                responses["429"].setdefault("headers", {}).update(_RETRY_AFTER)
    return result
