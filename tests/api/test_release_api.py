"""GET /api/v1/editions/{year}/releases and /diff: the same diff as the page /verschil/ (catalog/diff.py),
with the euro effect from the engine; errors as problem+json. The two releases are those of
tests/catalog/test_diff.py (2090.1, the synthetic edition, and its correction 2090.2)."""

import re
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from modelgemeente.accounts.services import create_token
from modelgemeente.catalog import releases
from modelgemeente.catalog.services import load_edition
from modelgemeente.core.enums import TokenScope

from ..catalog.test_diff import cell, edit, publish_second_release
from ..conftest import make_user

pytestmark = pytest.mark.django_db

RELEASES = "/api/v1/editions/2090/releases"
DIFF = "/api/v1/editions/2090/diff"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


@pytest.fixture
def two_releases(test_edition, test_edition_copy):
    return publish_second_release(test_edition, test_edition_copy)


def cents(value: str) -> str:
    whole, _, decimals = value.partition(".")
    return f"{whole}.{(decimals + '00')[:2]}" if decimals else f"{whole}.00"


def test_the_releases_of_a_year(client, two_releases):
    response = client.get(RELEASES)
    assert response.status_code == 200
    body = response.json()
    items = body["_embedded"]["releases"]
    assert [r["release"] for r in items] == ["2090.2", "2090.1"]
    second = items[0]
    assert second["number"] == 2 and second["status"] == "begroting_vastgesteld"
    assert second["correctionReason"] == "Bedragen herzien na review."
    assert second["releaseNotes"].startswith("## Correctie")
    assert second["_links"]["whatsNew"]["href"].endswith("/editie/2090/release/2/")
    assert second["_links"]["edition"]["href"].endswith("/api/v1/editions/2090")
    assert "publishedBy" not in second and "published_by" not in second
    assert body["totalCount"] == 2


def test_the_releases_of_an_unknown_year(client, two_releases):
    response = client.get("/api/v1/editions/2091/releases")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_the_diff_by_hand(client, two_releases):
    response = client.get(DIFF, {"from": "2090.1"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["fromRelease"]["release"] == "2090.1" and body["toRelease"]["release"] == "2090.2"
    assert body["years"] == [2090, 2091, 2092, 2093]
    assert body["profile"] == {
        "inhabitants": 50000,
        "employees": 400,
        "departments": 20,
        "estimated": [],
        "reference": True,
    }
    by_domain = {d["key"]: [a["difference"] for a in d["amounts"]] for d in body["byDomain"]}
    assert by_domain == {
        "kanalen": ["15000.00", "15300.00", "5202.00", "5306.04"],
        "basis": ["-4000.00", "-4080.00", "-4161.60", "0.00"],
        "ruimte": ["-17000.00", "-12440.00", "-12896.80", "-13371.06"],
    }
    assert [a["difference"] for a in body["total"]["amounts"]] == ["-6000.00", "-1220.00", "-11856.40", "-8065.02"]
    assert body["total"]["differenceTotal"] == "-27141.42"
    assert {d["slug"]: d["change"] for d in body["developments"]}["chatbot"] == "added"
    assert {d["slug"]: d["change"] for d in body["developments"]}["energiedashboard"] == "removed"
    lines = {line["key"]: line for line in body["lines"]}
    assert lines["digitaal-loket/loket-bouwen"]["fields"][0] | {"wordDiff": None} == {
        "field": "amount",
        "label": "bedrag (euro)",
        "old": "40000",
        "new": "60000",
        "wordDiff": None,
    }
    assert [a["difference"] for a in lines["digitaal-loket/loket-bouwen"]["effect"]["amounts"]] == [
        "10000.00",
        "10200.00",
        "0.00",
        "0.00",
    ]
    assert body["laws"][0]["slug"] == "wet-digitale-dienst"
    summary = next(d for d in body["developments"] if d["slug"] == "klantcontact")["fields"][0]
    assert [s["text"] for s in summary["wordDiff"] if s["op"] == "insert"] == ["samen", "ontwerpen,"]
    assert body["_links"]["html"]["href"].endswith("/verschil/?van=2090.1&naar=2090.2")


def test_the_api_amounts_equal_the_page_amounts(client, two_releases):
    body = client.get(DIFF, {"from": "2090.1", "inhabitants": 12500}).json()
    html = client.get("/verschil/?van=2090.1&naar=2090.2&inwoners=12500").content.decode()
    assert body["profile"]["estimated"] == ["employees", "departments"]
    for domain in [*body["byDomain"], body["total"]]:
        for row in domain["amounts"]:
            for name, field in (("old", "old"), ("new", "new"), ("difference", "difference")):
                shown = cell(html, "diff-domains", domain["key"], name, row["year"])
                # the page rounds the same unrounded figure to whole euros, half up
                euros = Decimal(row[field]).quantize(Decimal(1), ROUND_HALF_UP)
                assert shown == "€ " + f"{euros:,}".replace(",", "."), (domain["key"], row["year"], name)
    assert [a["difference"] for a in body["byDomain"][0]["amounts"]] == ["11250.00", "11475.00", "1300.50", "1326.51"]


def test_a_profile_and_a_start_year(client, two_releases):
    body = client.get(DIFF, {"from": "2090.1", "to": "2090.2", "departments": 10, "startYear": 2091}).json()
    assert body["years"] == [2091, 2092, 2093, 2094]
    assert body["profile"]["departments"] == 10 and body["profile"]["estimated"] == ["employees"]
    assert body["profile"]["reference"] is False


@pytest.mark.parametrize(
    "params, status, name",
    [
        ({"from": "2090.9"}, 404, None),
        ({"from": "2089"}, 404, None),
        ({"from": "2090.1", "to": "2090.concept"}, 404, None),
        ({"from": "abc"}, 400, "from"),
        ({}, 400, "from"),
        ({"from": "2090.1", "inhabitants": "veel"}, 400, "inhabitants"),
        ({"from": "2090.1", "to": "x" * 30}, 400, "to"),
    ],
)
def test_errors_are_problems(client, two_releases, params, status, name):
    response = client.get(DIFF, params)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    if name:
        assert name in [p["name"] for p in body["invalidParams"]]
    else:
        assert re.search("bestaat niet", body["detail"])


def test_a_concept_for_editors(client, two_releases, test_edition_copy):
    edit(test_edition_copy / "edition.yaml", "Testeditie 2090", "Testeditie 2090 (nieuw)")
    load_edition(test_edition_copy)
    assert [r["release"] for r in client.get(RELEASES).json()["_embedded"]["releases"]] == ["2090.2", "2090.1"]
    editor = make_user("redactie@example.nl")
    editor.groups.add(releases.editors_group())
    _token, secret = create_token(editor, "test", TokenScope.READ, timezone.now() + timedelta(days=1))
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    body = client.get(RELEASES).json()
    assert body["_embedded"]["releases"][0]["release"] == "2090.concept"
    assert "whatsNew" not in body["_embedded"]["releases"][0]["_links"]
    diff = client.get(DIFF, {"from": "2090.2", "to": "2090.concept"}).json()
    assert diff["developments"] == [] and diff["lines"] == []
    assert [c["field"] for c in diff.get("assumptions")] == []
