"""The OpenAPI document: public as JSON and YAML, valid OpenAPI 3, with what the API Design Rules ask
(contact, licence, https servers with the major version, API-Version and problem+json on every
operation), and the documentation page from this site under the Content-Security-Policy."""

from pathlib import Path

import pytest
import yaml
from django.core.cache import cache
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_served_as_json_and_yaml_and_valid(client, document):
    validate_schema(document)
    yaml_response = client.get("/api/v1/openapi.yaml")
    assert yaml_response.status_code == 200
    assert yaml.safe_load(yaml_response.content)["paths"].keys() == document["paths"].keys()


def test_info_contact_licence_and_servers(document):
    info = document["info"]
    assert info["version"] == "1.0.0"
    assert set(info["contact"]) == {"name", "email", "url"}
    assert info["license"]["name"] == "EUPL-1.2"
    assert "CC BY 4.0" in info["description"]
    assert all(s["url"].startswith("https://") and s["url"].endswith("/api/v1") for s in document["servers"])


def test_every_operation_declares_the_version_header_and_problem_errors(document):
    assert document["paths"], "no operations"
    for path, item in document["paths"].items():
        assert not path.endswith("/") and path == path.lower() or "{" in path, path
        for method, operation in item.items():
            responses = operation["responses"]
            success = next(code for code in responses if code.startswith("2"))  # 201, 204 for plan changes
            assert "API-Version" in responses[success]["headers"], (path, method)
            if path.startswith("/plans"):
                assert operation["security"] == [{"bearerAuth": []}], (path, method)
                expected = ("401", "403") if method == "get" else ("401", "403", "412", "428")
                assert all("application/problem+json" in responses[code]["content"] for code in expected)
                if path != "/plans":
                    assert "ETag" in responses[success]["headers"], (path, method)
            for code in ("404", "429", "500"):
                assert "application/problem+json" in responses[code]["content"], (path, method, code)
            if operation.get("parameters"):
                assert "400" in responses, (path, method)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    assert "_" not in parameter["name"], (path, parameter["name"])


def test_budget_properties_are_camel_case_in_the_document(document):
    budget = document["components"]["schemas"]["Budget"]["properties"]
    assert {"grandTotal", "byDomain", "byCategory", "lines", "totals"} <= set(budget)


def test_the_docs_page_uses_only_this_sites_files(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<style" not in html and "<script>" not in html  # nothing inline
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    script = client.get("/api/v1/docs?script=")
    assert script.status_code == 200 and "/api/v1/openapi.json" in script.content.decode()


def test_the_ruleset_copy_is_the_official_one():
    """CI lints against the copy in the repository (scripts/lint-api.sh); it is the shared reference, unchanged."""
    copy = Path(__file__).resolve().parents[2] / "src/modelgemeente/api/ruleset/adr-linter.yaml"
    shared = Path(__file__).resolve().parents[3] / "shared/reference/api-design-rules/linter.yaml"
    if not shared.exists():
        pytest.skip("../shared is not beside this clone")
    assert copy.read_text(encoding="utf-8").endswith(shared.read_text(encoding="utf-8"))
