"""The anonymous, read-only catalogue: editions, developments with lines, laws and opgaven, search and
municipalities; concepts only for staff, as on the pages."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from modelgemeente.accounts.services import create_token
from modelgemeente.catalog.loader import load_edition
from modelgemeente.core.enums import TokenScope

from ..catalog.test_loader import replace_in
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

E = "/api/v1/editions/2090"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


def test_editions_list_and_detail(client, test_edition):
    page = client.get("/api/v1/editions").json()
    assert [e["year"] for e in page["_embedded"]["editions"]] == [2090]
    edition = client.get(E).json()
    assert edition["referenceMunicipality"]["inhabitants"] == 50000
    assert edition["hoursPerFte"] == "36" and edition["wageIndexPercent"] == "4"
    assert edition["_links"]["budget"]["href"] == "http://testserver/api/v1/editions/2090/budget"
    assert edition["_links"]["dataset"]["href"] == "http://testserver/editie/2090/dataset.zip"


def test_concepts_only_for_staff(client, test_edition_copy):
    """A year with only a concept (loaded, not published) is served to staff with a token only."""
    load_edition(test_edition_copy)
    assert client.get("/api/v1/editions").json()["totalCount"] == 0
    for path in (E, E + "/developments", E + "/budget", E + "/search?q=loket", E + "/laws"):
        assert client.get(path).status_code == 404, path
    client.force_login(UserFactory(is_staff=True))  # a session is no credential for the API: still anonymous
    assert client.get(E).status_code == 404
    _token, secret = create_token(
        UserFactory(is_staff=True), "test", TokenScope.READ, timezone.localdate() + timedelta(days=1)
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(E, **auth).status_code == 200
    assert client.get("/api/v1/editions", **auth).json()["totalCount"] == 1


def test_the_published_release_is_served_next_to_a_concept(client, test_edition, test_edition_copy):
    """A concept next to the published release changes nothing the API serves, even to staff."""
    replace_in(test_edition_copy / "developments" / "energiedashboard.md", "amount: 5000", "amount: 6000")
    assert load_edition(test_edition_copy).published == test_edition
    _token, secret = create_token(
        UserFactory(is_staff=True), "test", TokenScope.READ, timezone.localdate() + timedelta(days=1)
    )
    for auth in ({}, {"HTTP_AUTHORIZATION": f"Bearer {secret}"}):
        assert client.get("/api/v1/editions", **auth).json()["totalCount"] == 1
        lines = client.get(E + "/developments/energiedashboard", **auth).json()["budgetLines"]
        assert {line["slug"]: line["amount"] for line in lines}["dashboard-bouwen"] == "5000.00"


def test_developments_filtered_and_one_with_its_lines_laws_and_opgaven(client, test_edition):
    page = client.get(E + "/developments").json()
    assert page["totalCount"] == 6
    kanalen = client.get(E + "/developments", {"domain": "kanalen"}).json()["_embedded"]["developments"]
    assert {d["slug"] for d in kanalen} == {"digitaal-loket", "klantcontact"}
    assert client.get(E + "/developments", {"capacityType": "onbekend"}).status_code == 400
    dev = client.get(E + "/developments/digitaal-loket").json()
    lines = {line["slug"]: line for line in dev["budgetLines"]}
    assert lines["loket-bouwen"]["amount"] == "40000.00" and lines["loket-bouwen"]["spread"] == 2
    assert lines["loket-beheer"]["hoursPerWeek"] == "18" and lines["loket-beheer"]["exponent"] == "0.5"
    assert dev["domain"] == {"slug": "kanalen", "name": dev["domain"]["name"]}
    assert isinstance(dev["laws"], list) and isinstance(dev["opgaven"], list)


def test_laws_opgaven_and_domains(client, test_edition):
    laws = client.get(E + "/laws").json()["_embedded"]["laws"]
    assert {law["slug"] for law in laws} == {"wet-testgegevens", "wet-digitale-dienst", "wet-testarchief"}
    assert next(law for law in laws if law["slug"] == "wet-testgegevens")["inForce"] == "2085-05-01"
    opgaven = client.get(E + "/opgaven").json()["_embedded"]["opgaven"]
    assert {o["slug"] for o in opgaven} == {"dichtbij", "energie-en-ruimte"}
    assert client.get(E + "/domains").json()["totalCount"] == 3


def test_search_grouped_as_on_the_page(client, test_edition):
    body = client.get(E + "/search", {"q": "loket"}).json()
    assert body["total"] >= 3
    assert [g["kind"] for g in body["groups"]][0] == "development"
    assert body["groups"][0]["hits"][0]["title"] == "Digitaal loket"
    assert "<mark>loket</mark>" in body["groups"][0]["hits"][0]["snippet"]
    assert client.get(E + "/search").status_code == 400
    assert client.get(E + "/search", {"q": "x" * 201}).status_code == 400


def test_municipalities_with_their_source(client):
    amsterdam = client.get("/api/v1/municipalities/GM0363").json()
    assert amsterdam["name"] == "Amsterdam" and amsterdam["inhabitants"] > 0
    assert amsterdam["source"]["asOf"] == "2024-01-01" and "CBS" in amsterdam["source"]["name"]
    assert client.get("/api/v1/municipalities/gm0363").json()["cbsCode"] == "GM0363"
    page = client.get("/api/v1/municipalities", {"province": "Utrecht"}).json()
    assert page["source"]["asOf"] == "2024-01-01"
    assert all(m["province"] == "Utrecht" for m in page["_embedded"]["municipalities"])
    named = client.get("/api/v1/municipalities", {"name": "amster"}).json()["_embedded"]["municipalities"]
    assert [m["name"] for m in named] == ["Amsterdam"]
