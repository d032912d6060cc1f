"""/api/v1/products...: the public product list with its source; measurements with the permissions of plans per
role, If-Match and junk input as problem+json; both digitalisation indices figured by hand, also for a plan at
/api/v1/plans/{id}/digitalisation. On the synthetic product list (tests/data/products/producten.yaml: 6
products, volumes per 1,000 inhabitants in tests/maturity/conftest.py PER_1000)."""

from decimal import Decimal

import pytest

from modelgemeente.core.enums import TokenScope
from modelgemeente.maturity.models import MaturityChange, ProductMeasurement, ProductScore
from modelgemeente.maturity.services import digitalisation
from tests.maturity.conftest import test_products  # noqa: F401

from .test_maturity_api import JUNK_VALUES, etag_of
from .test_plans_api import assert_problem, call, token_for

pytestmark = pytest.mark.django_db

API = "/api/v1/products"
PRODUCTS = ["geboorteaangifte", "paspoort", "verhuizing", "parkeervergunning", "evenementenvergunning", "grofvuil"]
# 10,000 inhabitants: estimated volumes are 10 x the list's figure per 1,000.
SCORES = [
    {"product": "paspoort", "level": 2, "offeredAuthentication": "digid-basis"},  # needs no login: not_needed
    {
        "product": "verhuizing",
        "level": 4,
        "volume": 1200,
        "volumeSource": "BRP 2089",
        "offeredAuthentication": "digid-basis",
    },
    {"product": "grofvuil", "level": 5},
    {"product": "parkeervergunning", "level": 1},
]


def measure(org, editor, year=2091, inhabitants=10_000) -> ProductMeasurement:
    return digitalisation.start_measurement(org, year, editor, inhabitants=inhabitants, inhabitants_source="Test")


def scored(client, org, editor, year=2091) -> ProductMeasurement:
    measurement = measure(org, editor, year)
    response = call(
        client,
        "patch",
        f"{API}/measurements/{measurement.pk}",
        token_for(editor),
        {"scores": SCORES},
        etag_of(measurement),
    )
    assert response.status_code == 200, response.content
    return measurement


# The product list ------------------------------------------------------------------------------------------


def test_the_product_list_is_public_paginated_and_names_its_source(client):
    response = client.get(API)
    assert response.status_code == 200
    body = response.json()
    assert [p["id"] for p in body["_embedded"]["products"]] == PRODUCTS
    assert body["totalCount"] == 6
    assert body["source"] | {"obtained": None, "selection": None} == {
        "title": "Testproductlijst",
        "selection": None,
        "name": "Testbron",
        "publisher": "Tests",
        "url": "https://example.org/upl",
        "version": "test-1",
        "asOf": "2090-01-01",
        "licence": "CC0 1.0",
        "obtained": None,
    }
    paspoort = body["_embedded"]["products"][1]
    assert paspoort == {
        "id": "paspoort",
        "name": "Paspoort",
        "uplName": "paspoort",
        "uplUri": "http://standaarden.overheid.nl/owms/terms/paspoort",
        "audience": "inwoners",
        "vng2018": False,
        "needsLogin": False,
        "authentication": {"level": "geen", "label": "geen inlog", "basis": "aanname", "note": "Aanname voor de test."},
        "volumePer1000": {"value": "50.00", "basis": "schatting", "note": "Rond getal voor de test."},
    }
    page = client.get(f"{API}?pageSize=4&page=2").json()
    assert [p["id"] for p in page["_embedded"]["products"]] == PRODUCTS[4:]
    assert page["source"]["name"] == "Testbron"
    businesses = client.get(f"{API}?audience=bedrijven").json()
    assert [p["id"] for p in businesses["_embedded"]["products"]] == ["evenementenvergunning"]


def test_one_product_with_its_source_and_unknown_ones_are_a_dutch_404(client):
    body = client.get(f"{API}/evenementenvergunning").json()
    assert body["authentication"]["level"] == "eherkenning-eh2plus" and body["needsLogin"] is True
    assert body["source"]["version"] == "test-1"
    missing = client.get(f"{API}/bestaat-niet")
    assert_problem(missing, 404)
    assert "geen product met id 'bestaat-niet'" in missing.json()["detail"]
    for junk in ("a%00b", "x" * 500, "%C3%A9"):
        assert client.get(f"{API}/{junk}").status_code == 404
    for junk in ("audience=iedereen", "audience=%00", "page=0", "pageSize=1000", "page=99"):
        assert client.get(f"{API}?{junk}").status_code in (400, 404)


# Measurements: permissions -----------------------------------------------------------------------------------


def measurement_urls(measurement):
    base = f"{API}/measurements/{measurement.pk}"
    return [base, base + "/digitalisation"], [("patch", base, {"note": "Gewijzigd."})]


def test_anonymous_401_outsider_404_reader_reads_only(client, org, editor, reader, outsider):
    measurement = measure(org, editor)
    reads, writes = measurement_urls(measurement)
    new = {"organisation": org.slug, "year": 2092, "inhabitants": 5000}
    for path in [f"{API}/measurements", *reads]:
        assert_problem(call(client, "get", path), 401)
    for method, path, body in [*writes, ("post", f"{API}/measurements", new)]:
        assert_problem(call(client, method, path, body=body, if_match=etag_of(measurement)), 401)
    for path in reads:
        assert_problem(call(client, "get", path, token_for(outsider)), 404)
        assert call(client, "get", path, token_for(reader, TokenScope.READ)).status_code == 200
    assert_problem(call(client, "patch", reads[0], token_for(outsider), {"note": "x"}, etag_of(measurement)), 404)
    assert_problem(call(client, "post", f"{API}/measurements", token_for(outsider), new), 404)
    assert call(client, "get", f"{API}/measurements", token_for(outsider)).json()["totalCount"] == 0
    for secret in (token_for(reader), token_for(editor, TokenScope.READ)):
        for method, path, body in writes:
            assert_problem(call(client, method, path, secret, body, etag_of(measurement)), 403)
        assert_problem(call(client, "post", f"{API}/measurements", secret, new), 403)
    assert etag_of(measurement) == f'"{measurement.pk}-v1"'
    assert ProductMeasurement.objects.count() == 1


def test_an_editor_starts_a_measurement_once_per_year_with_cbs_inhabitants(client, org, editor):
    secret = token_for(editor)
    response = call(client, "post", f"{API}/measurements", secret, {"organisation": org.slug, "year": 2091})
    assert response.status_code == 201, response.content
    measurement = ProductMeasurement.objects.get()
    inhabitants, source = digitalisation.cbs_inhabitants(org)
    body = response.json()
    assert (body["inhabitants"], body["inhabitantsSource"]) == (inhabitants, source)
    assert response["Location"].endswith(f"/api/v1/products/measurements/{measurement.pk}")
    assert response["ETag"] == f'"{measurement.pk}-v1"'
    assert [s["product"] for s in body["scores"]] == PRODUCTS
    assert all(s["level"] is None and s["volumeEstimated"] for s in body["scores"])
    assert (body["unweighted"], body["weighted"], body["assessed"]) == (None, None, 0)
    again = call(client, "post", f"{API}/measurements", secret, {"organisation": org.slug, "year": 2091})
    assert_problem(again, 409)
    assert "al een meting van 2091" in again.json()["detail"]
    listing = call(client, "get", f"{API}/measurements?year=2091", secret).json()
    assert [m["id"] for m in listing["_embedded"]["measurements"]] == [measurement.pk]


def test_an_organisation_without_cbs_figures_must_give_inhabitants(client, org, editor):
    org.municipality_codes = []
    org.save()
    response = call(client, "post", f"{API}/measurements", token_for(editor), {"organisation": org.slug, "year": 2091})
    assert_problem(response, 400)
    assert "aantal inwoners" in response.json()["invalidParams"][0]["reason"]
    assert not ProductMeasurement.objects.exists()


# Scores and both indices ---------------------------------------------------------------------------------------


def test_scores_by_product_id_are_saved_and_recorded(client, org, editor):
    measurement = scored(client, org, editor)
    body = call(client, "get", f"{API}/measurements/{measurement.pk}", token_for(editor)).json()
    rows = {s["product"]: s for s in body["scores"]}
    assert rows["verhuizing"] | {"name": None} == {
        "product": "verhuizing",
        "name": None,
        "onList": True,
        "audience": "inwoners",
        "volume": 1200,
        "volumeEstimated": False,
        "volumeSource": "BRP 2089",
        "level": 4,
        "levelLabel": "volledig digitaal met statusinformatie",
        "neededAuthentication": "digid-midden",
        "offeredAuthentication": "digid-basis",
    }
    assert (rows["paspoort"]["volume"], rows["paspoort"]["volumeEstimated"]) == (500, True)
    assert rows["geboorteaangifte"]["level"] is None
    assert body["version"] == 2 and (body["unweighted"], body["weighted"]) == ("60.0", "62.6")
    assert MaturityChange.objects.filter(subject="meting", subject_id=measurement.pk, version=2).get().user == editor
    # A field left out keeps its value; inhabitants and note in the same call.
    change = {"scores": [{"product": "verhuizing", "level": 5}], "inhabitants": 20_000, "note": "Herzien."}
    response = call(
        client, "patch", f"{API}/measurements/{measurement.pk}", token_for(editor), change, etag_of(measurement)
    )
    assert response.status_code == 200, response.content
    rows = {s["product"]: s for s in response.json()["scores"]}
    assert (rows["verhuizing"]["level"], rows["verhuizing"]["volume"], rows["paspoort"]["volume"]) == (5, 1200, 1000)
    assert response.json()["inhabitants"] == 20_000 and response.json()["note"] == "Herzien."
    assert response["ETag"] == etag_of(measurement)


def test_both_indices_ranking_and_mismatches_by_hand(client, org, editor):
    measurement = scored(client, org, editor)
    body = call(client, "get", f"{API}/measurements/{measurement.pk}/digitalisation", token_for(editor)).json()
    # unweighted: (2 + 4 + 5 + 1) / (4 x 5) = 60%; weighted: (500x2 + 1200x4 + 200x5 + 400x1) / (2300 x 5) = 62.6%.
    assert (body["unweighted"], body["weighted"], body["difference"]) == ("60.0", "62.6", "2.6")
    assert (body["assessed"], body["notAssessed"], body["totalVolume"], body["estimatedVolumes"]) == (4, 2, 2300, 3)
    # volume x remaining steps: parkeervergunning 400x4, paspoort 500x3, verhuizing 1200x1; grofvuil is at 5.
    assert [(r["product"], r["score"], r["remaining"], r["volume"]) for r in body["ranking"]] == [
        ("parkeervergunning", 1600, 4, 400),
        ("paspoort", 1500, 3, 500),
        ("verhuizing", 1200, 1, 1200),
    ]
    assert body["ranking"][0]["gainPerStep"] == "3.48"  # 400 / (2300 x 5) in points of the index
    assert body["ranking"][2]["volumeEstimated"] is False
    kinds = {(m["product"], m["kind"]) for m in body["mismatches"]}
    assert kinds == {("paspoort", "not_needed"), ("verhuizing", "too_low")}
    too_low = next(m for m in body["mismatches"] if m["kind"] == "too_low")
    assert "te laag" in too_low["text"]
    assert body["authenticationRight"] == "0.0"  # verhuizing and parkeervergunning need a login; neither is right
    assert {a["audience"]: a["weighted"] for a in body["byAudience"]} == {"inwoners": "62.6", "bedrijven": None}
    assert body["productList"].startswith("Testbron, versie test-1")


def test_the_plan_digitalisation_takes_the_latest_measurement_up_to_the_plans_last_year(
    client, org, editor, reader, outsider, plan
):
    path = f"/api/v1/plans/{plan.pk}/digitalisation"
    missing = call(client, "get", path, token_for(reader))
    assert_problem(missing, 404)
    assert "nog geen meting van de productdigitalisering" in missing.json()["detail"]
    scored(client, org, editor, year=2092)
    measure(org, editor, year=2095)  # after the plan's last year (2094): not the default
    body = call(client, "get", path, token_for(reader, TokenScope.READ))
    assert body.status_code == 200 and body["ETag"] == f'"{plan.pk}-v{plan.version}"'
    data = body.json()
    assert (data["plan"], data["year"], data["unweighted"], data["weighted"]) == (plan.pk, 2092, "60.0", "62.6")
    assert [r["product"] for r in data["ranking"]][:2] == ["parkeervergunning", "paspoort"]
    assert data["_links"]["plan"]["href"].endswith(f"/api/v1/plans/{plan.pk}")
    assert call(client, "get", f"{path}?year=2095", token_for(reader)).json()["assessed"] == 0
    other_year = call(client, "get", f"{path}?year=2093", token_for(reader))
    assert_problem(other_year, 404)
    assert "van 2093" in other_year.json()["detail"]
    assert_problem(call(client, "get", path), 401)
    assert_problem(call(client, "get", path, token_for(outsider)), 404)
    for junk in ("abc", "%00", "1", "9" * 30):
        assert_problem(call(client, "get", f"{path}?year={junk}", token_for(reader)), 400)


# Versions and junk ---------------------------------------------------------------------------------------------


def test_no_if_match_428_stale_412_and_nothing_changes(client, org, editor):
    measurement = measure(org, editor)
    secret = token_for(editor)
    path = f"{API}/measurements/{measurement.pk}"
    assert_problem(call(client, "patch", path, secret, {"scores": SCORES}), 428)
    stale = etag_of(measurement)
    assert call(client, "patch", path, secret, {"note": "eerst"}, stale).status_code == 200
    for if_match in (stale, '"1-v1"', "*", "rommel"):
        response = call(client, "patch", path, secret, {"scores": SCORES}, if_match)
        assert_problem(response, 412)
        assert etag_of(measurement) in response.json()["detail"]
    assert not ProductScore.objects.exists()


def test_scores_and_fields_are_all_or_nothing(client, org, editor):
    measurement = measure(org, editor)
    path = f"{API}/measurements/{measurement.pk}"
    # The scores are fine, the inhabitants' source is refused by the service: nothing is saved.
    body = {"scores": SCORES, "inhabitantsSource": " "}
    response = call(client, "patch", path, token_for(editor), body, etag_of(measurement))
    assert_problem(response, 400)
    assert "vandaan" in response.json()["invalidParams"][0]["reason"]
    assert not ProductScore.objects.exists() and etag_of(measurement) == f'"{measurement.pk}-v1"'


def test_bad_scores_are_a_400_at_the_field_and_nothing_changes(client, org, editor):
    measurement = measure(org, editor)
    path = f"{API}/measurements/{measurement.pk}"
    cases = [
        ({"scores": [{"product": "bestaat-niet", "level": 2}]}, "scores", "staat niet in de productlijst"),
        ({"scores": [{"product": "paspoort", "level": 6}]}, "scores.0.level", ""),
        ({"scores": [{"product": "paspoort", "volume": -1}]}, "scores.0.volume", ""),
        ({"scores": [{"product": "paspoort", "volume": 10**12}]}, "scores.0.volume", ""),
        (
            {"scores": [{"product": "paspoort", "offeredAuthentication": "digid-super"}]},
            "scores.0.offeredAuthentication",
            "",
        ),
        ({"scores": [{"product": "paspoort"}, {"product": "paspoort"}]}, "scores.1.product", "twee keer"),
        ({"scores": [{"product": "paspoort", "volumeSource": "a\x00b"}]}, "scores.0.volumeSource", ""),
        ({"inhabitants": 0}, "inhabitants", ""),
    ]
    for body, name, words in cases:
        response = call(client, "patch", path, token_for(editor), body, etag_of(measurement))
        assert_problem(response, 400)
        problem = response.json()["invalidParams"][0]
        assert problem["name"] == name and words in problem["reason"], (body, problem)
    assert etag_of(measurement) == f'"{measurement.pk}-v1"'


def test_junk_in_every_body_and_query_is_never_a_500(client, org, editor):
    measurement = measure(org, editor)
    secret = token_for(editor)
    path = f"{API}/measurements/{measurement.pk}"
    for field in ["scores", "inhabitants", "inhabitantsSource", "note"]:
        for value in JUNK_VALUES:
            response = call(client, "patch", path, secret, {field: value}, etag_of(measurement))
            assert response.status_code in (200, 400), (field, value, response.content)
    for key in ["product", "level", "volume", "volumeSource", "offeredAuthentication"]:
        for value in JUNK_VALUES:
            row = {"product": "paspoort", key: value}
            response = call(client, "patch", path, secret, {"scores": [row]}, etag_of(measurement))
            assert response.status_code in (200, 400), (key, value, response.content)
    for field in ["organisation", "year", "inhabitants", "inhabitantsSource"]:
        for value in JUNK_VALUES:
            body = {"organisation": org.slug, "year": 2093, "inhabitants": 5000, field: value}
            response = call(client, "post", f"{API}/measurements", secret, body)
            assert response.status_code in (201, 400, 404), (field, value, response.content)
            ProductMeasurement.objects.filter(year=2093).delete()
    for pk in ("0", "99999999", "9" * 30):
        assert_problem(call(client, "get", f"{API}/measurements/{pk}", secret), 404)
        assert_problem(call(client, "get", f"{API}/measurements/{pk}/digitalisation", secret), 404)
    for junk in ("year=abc", "organisation=%00", "year=" + "9" * 30):
        assert_problem(call(client, "get", f"{API}/measurements?{junk}", secret), 400)


def test_a_product_that_left_the_list_keeps_its_score(client, org, editor):
    measurement = measure(org, editor)
    ProductScore.objects.create(measurement=measurement, product="oud-product", level=3, volume=50)
    body = call(client, "get", f"{API}/measurements/{measurement.pk}", token_for(editor)).json()
    old = body["scores"][-1]
    assert (old["product"], old["onList"], old["audience"], old["level"]) == ("oud-product", False, None, 3)
    result = call(client, "get", f"{API}/measurements/{measurement.pk}/digitalisation", token_for(editor)).json()
    assert result["unweighted"] == "60.0"
    assert [(a["audience"], a["assessed"], a["weighted"]) for a in result["byAudience"]] == [
        ("bedrijven", 0, None),
        ("inwoners", 0, None),
    ]
    assert Decimal(result["totalVolume"]) == 50
