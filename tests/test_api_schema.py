"""The OpenAPI schema and the documentation, and schemathesis fuzzing the live API against them."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.cache import cache
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from factcheck.partners import services
from tests.factories import sample

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.fixture
def schema(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_valid_openapi_3(db):
    generated = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(generated)
    assert generated["openapi"].startswith("3.")


def test_schema_documents_auth_errors_validators_and_examples(schema):
    assert schema["components"]["securitySchemes"]["ApiKey"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "`Authorization: Api-Key <your key>`, e.g. `Api-Key fck_abcd1234_…`.",
    }
    guide = schema["info"]["description"]
    for heading in ("## Keeping a mirror", "## Conditional requests", "## Webhooks"):
        assert heading in guide
    assert "def verify(secret: str, header: str, body: bytes" in guide
    operations = [
        (path, operation) for path, item in schema["paths"].items() for operation in item.values()
    ]
    assert {path for path, _op in operations} >= {
        "/api/v1/verdicts/",
        "/api/v1/verdicts/{id}/",
        "/api/v1/claims/",
        "/api/v1/claimreview/",
        "/api/v1/events/",
        "/api/v1/sources/",
        "/api/v1/ratings/",
    }
    for path, operation in operations:
        assert operation["security"] == [{"ApiKey": []}], path
        responses = operation["responses"]
        assert {"200", "304", "401", "429"} <= set(responses), path
        assert set(responses["200"]["headers"]) == {"ETag", "Last-Modified"}, path
        assert "Retry-After" in responses["429"]["headers"], path
    feed = schema["paths"]["/api/v1/verdicts/"]["get"]
    names = {p["name"] for p in feed["parameters"]}
    assert names >= {
        "cursor",
        "page_size",
        "updated_since",
        "rating",
        "event",
        "source",
        "claimant",
        "language",
        "published_after",
        "published_before",
        "ordering",
        "q",
    }
    assert "400" in feed["responses"]
    examples = feed["responses"]["200"]["content"]["application/json"]["examples"]
    assert examples
    page = schema["components"]["schemas"]["VerdictPage"]
    assert page["properties"]["results"]["type"] == "array"


def test_docs_are_served_without_a_cdn(client, db):
    for path in ("/api/v1/docs/", "/api/v1/docs/swagger/"):
        page = client.get(path)
        assert page.status_code == 200
        html = page.content.decode()
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources and all(not s.startswith(("http://", "https://", "//")) for s in sources)
        # Swagger UI's start-up script, which names the schema, is a file of its own (?script=),
        # for the Content-Security-Policy.
        starter = re.search(r'src="([^"]*\?script=[^"]*)"', html)
        if starter:
            html = client.get(starter.group(1).replace("&amp;", "&")).content.decode()
        assert "/api/v1/schema/" in html
        scripts = [s for s in sources if s.endswith(".js")]
        assert scripts
        for script in scripts:
            served = client.get(script)
            assert served.status_code == 200, script
            served.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_schemathesis_finds_no_server_error_and_no_nonconforming_response(live_server, tmp_path):
    """Fuzz every operation, bounded: positive and negative inputs, examples, stateful links."""
    cache.clear()
    unrest = sample.event("unrest")
    verdicts = [
        sample.publish(sample.claim(n, events=(sample.event("airport", parent=unrest),)))
        for n in range(1, 5)
    ]
    sample.republish(verdicts[0], headline="Corrected")
    sample.retract(verdicts[1], reason="Wrong")
    partner = services.partner_create(name="Fuzzer")
    partner.throttle_rate = "100000/min"
    partner.save()
    _key, raw = services.api_key_create(partner=partner)
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{live_server.url}/api/v1/schema/",
            "--header",
            f"Authorization: Api-Key {raw}",
            "--generation-with-security-parameters",
            "false",
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,"
            "response_headers_conformance,response_schema_conformance",
            "--max-examples",
            "10",
            "--seed",
            "20260122",
            "--generation-database",
            "none",
            "--workers",
            "1",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout
