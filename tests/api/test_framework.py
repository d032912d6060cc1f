"""The API framework by the Dutch API Design Rules: API-Version on every response, problem+json for every
error (never an HTML page under /api), camelCase, no trailing slashes, pagination links, throttling."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # the throttle counts requests in the cache
    yield
    cache.clear()


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith(PROBLEM), response["Content-Type"]
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]
    assert body["instance"] == response.wsgi_request.path
    return body


def test_every_response_carries_the_full_api_version(client, test_edition):
    for path in ["/api/v1/editions", "/api/v1/editions/2090", "/api/v1/openapi.json", "/api/v1/docs"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["API-Version"] == "1.0.0"
    assert "API-Version" not in client.get("/").headers  # the pages are not the API


def test_unknown_paths_and_trailing_slashes_give_a_404_problem_not_html(client, test_edition):
    for path in [
        "/api/v1/bestaat-niet",
        "/api/v1/editions/",
        "/api/v1/editions/2090/",
        "/api/v1/editions/99999",
        "/api/v1",
        "/api/v2/editions",
        "/api/v1/editions/2090/developments/bestaat-niet",
        "/api/v1/municipalities/GM9999",
    ]:
        response = client.get(path)
        body = assert_problem(response, 404)
        assert "<html" not in response.content.decode().lower()
        assert body["title"] == "Niet gevonden"


def test_405_and_406_are_problems(client, test_edition):
    response = client.post("/api/v1/editions", {}, content_type="application/json")
    assert_problem(response, 405)
    assert "GET" in response["Allow"]
    assert_problem(client.delete("/api/v1/editions/2090"), 405)
    assert_problem(client.get("/api/v1/editions", HTTP_ACCEPT="text/csv"), 406)


def test_validation_errors_per_parameter_in_camel_case_and_dutch(client, test_edition):
    response = client.get("/api/v1/editions/2090/budget", {"inhabitants": "veel", "startYear": "1900"})
    body = assert_problem(response, 400)
    params = {p["name"]: p for p in body["invalidParams"]}
    assert set(params) == {"inhabitants", "startYear"}
    assert params["inhabitants"]["code"] == "invalid"
    assert params["startYear"]["code"] == "min_value"
    assert params["inhabitants"]["reason"] == "Een geldig getal is vereist."  # Dutch
    english = client.get("/api/v1/editions/2090/budget", {"inhabitants": "veel"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["invalidParams"][0]["reason"] == "A valid integer is required."
    assert english["Content-Language"] == "en"


def test_bad_page_parameters_are_400_and_a_page_past_the_end_404(client, test_edition):
    body = assert_problem(client.get("/api/v1/editions", {"page": "0", "pageSize": "1000"}), 400)
    assert {p["name"] for p in body["invalidParams"]} == {"page", "pageSize"}
    assert_problem(client.get("/api/v1/editions", {"page": "2"}), 404)


def test_a_server_error_is_a_problem_too(test_edition, monkeypatch):
    from modelgemeente.api import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "search_edition", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/editions/2090/search", {"q": "loket"})
    body = assert_problem(response, 500)
    assert "boom" not in response.content.decode()
    assert body["title"] == "Interne fout"


def test_properties_are_camel_case(client, test_edition):
    edition = client.get("/api/v1/editions/2090").json()
    assert {"basePriceYear", "referenceMunicipality", "wageIndexPercent", "_links"} <= set(edition)
    assert not [key for key in edition if "_" in key and key != "_links"]


def test_pagination_links_hal_style(client):
    first = client.get("/api/v1/municipalities", {"pageSize": "100"}).json()
    assert first["totalCount"] == 342 and first["totalPages"] == 4 and first["page"] == 1
    assert len(first["_embedded"]["municipalities"]) == 100
    links = first["_links"]
    assert set(links) == {"self", "first", "next", "last"}
    assert links["next"]["href"] == "http://testserver/api/v1/municipalities?page=2&pageSize=100"
    assert "page=4&" in links["last"]["href"]
    last = client.get(links["last"]["href"]).json()
    assert set(last["_links"]) == {"self", "first", "prev", "last"}
    assert len(last["_embedded"]["municipalities"]) == 42


def test_anonymous_traffic_is_throttled_with_a_problem(client, test_edition, settings):
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"anon": "3/minute", "token": "10/minute"}
    with override_settings(REST_FRAMEWORK=rest):
        for _ in range(3):
            assert client.get("/api/v1/editions").status_code == 200
        response = client.get("/api/v1/editions")
        assert_problem(response, 429)
        assert int(response["Retry-After"]) > 0


def test_the_throttle_rates_are_stated_in_the_document(client, settings):
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"anon": "7/minute", "token": "70/minute"}
    with override_settings(REST_FRAMEWORK=rest):
        description = client.get("/api/v1/openapi.json").json()["info"]["description"]
    assert "7/minute" in description and "70/minute" in description
