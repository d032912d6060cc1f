"""GET /api/v1/editions/{year}/budget: the model budget from the same engine result as the pages and the
downloads, so the figures agree to the cent (tests/data/README.md has the reference totals by hand)."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from modelgemeente.budget.engine import Profile
from modelgemeente.budget.money import round_euro
from modelgemeente.catalog.budget_input import model_report
from modelgemeente.core.enums import Role

from ..exports.readers import csv_rows, summary_by_id, web_rows, xlsx_rows
from ..factories import MembershipFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db

BUDGET = "/api/v1/editions/2090/budget"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


def cents(value) -> str:
    return f"{round_euro(value, 2):f}"


def test_the_reference_municipality_by_hand(client, test_edition):
    body = client.get(BUDGET).json()
    assert body["years"] == [2090, 2091, 2092, 2093]
    assert [t["total"] for t in body["totals"]] == ["257000.00", "259460.00", "220296.40", "223594.14"]
    assert body["grandTotal"] == "960350.54"
    assert body["profile"] == {"inhabitants": 50000, "employees": 400, "departments": 20, "estimated": []}
    assert body["currency"] == "EUR"
    # 2090: money 85.000, of which incidental 20.000 + 6.000 + 4.000 + 15.000 + 5.000, capacity 27.000 incidental
    assert body["totals"][0]["incidental"] == "77000.00"
    assert all(isinstance(t["total"], str) for t in body["totals"])  # never floats


def test_estimated_figures_are_said_and_given_ones_used(client, test_edition):
    estimated = client.get(BUDGET, {"inhabitants": 12500}).json()["profile"]
    assert estimated == {
        "inhabitants": 12500,
        "employees": 100,
        "departments": 5,
        "estimated": ["employees", "departments"],
    }
    given = client.get(BUDGET, {"inhabitants": 12500, "employees": 150}).json()["profile"]
    assert given == {"inhabitants": 12500, "employees": 150, "departments": 5, "estimated": ["departments"]}


def test_start_year_moves_the_years(client, test_edition):
    body = client.get(BUDGET, {"startYear": 2092}).json()
    assert body["years"] == [2092, 2093, 2094, 2095]
    assert body["totals"][0]["total"] == cents(model_report(test_edition, None, 2092).grand_total.amount_in(2092))


def test_every_line_explains_its_amount_in_the_requested_language(client, test_edition):
    line = next(line for line in client.get(BUDGET).json()["lines"] if line["key"] == "digitaal-loket/loket-beheer")
    assert line["amounts"][1] == {
        "year": 2091,
        "amount": "46800.00",
        "fte": "0.50",
        "explanation": line["amounts"][1]["explanation"],
    }
    assert "loonindex (1 + 4%)^1" in line["amounts"][1]["explanation"]
    english = client.get(BUDGET, HTTP_ACCEPT_LANGUAGE="en").json()["lines"]
    english_line = next(row for row in english if row["key"] == "digitaal-loket/loket-beheer")
    assert "wage index" in english_line["amounts"][1]["explanation"]


def test_bad_input_is_a_400_never_a_500(client, test_edition):
    for params in [
        {"inhabitants": "0"},
        {"inhabitants": "10000000"},
        {"inhabitants": "1e3"},
        {"employees": "-5"},
        {"departments": "x"},
        {"startYear": "99999999999999999999"},
        {"inhabitants": "12.5"},
    ]:
        response = client.get(BUDGET, params)
        assert response.status_code == 400, params
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["invalidParams"], params


def test_30000_inhabitants_equal_to_the_cent_on_the_plan_page_csv_and_xlsx(client, test_edition):
    """A plan with every development from 2090 for 30.000 inhabitants (employees and departments estimated)
    computes what the API computes for the same profile: its page to the euro, its CSV and XLSX to the cent."""
    api = client.get(BUDGET, {"inhabitants": 30000}).json()
    assert api["profile"] == {
        "inhabitants": 30000,
        "employees": 240,
        "departments": 12,
        "estimated": ["employees", "departments"],
    }
    report = model_report(test_edition, Profile(30000, 240, 12))
    years = list(report.years)
    expected = {
        ("kind", kind): [Decimal(t[kind]) for t in api["totals"]] for kind in ("incidental", "structural", "total")
    }
    for row in api["byDomain"]:
        expected[("domain", row["key"])] = [Decimal(a["amount"]) for a in row["amounts"]]
    # the engine result itself
    assert expected[("kind", "total")] == [round_euro(v, 2) for v in report.grand_total.cells(years)]
    assert Decimal(api["grandTotal"]) == round_euro(report.grand_total.total, 2)

    plan = PlanFactory(edition=test_edition, inhabitants=30000, employees=240, departments=12, start_year=2090)
    user = UserFactory()
    MembershipFactory(organisation=plan.organisation, user=user, role=Role.MEMBER)
    client.force_login(user)
    base = f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/"

    html = client.get(base).content.decode()
    web = {("kind", k): v for k, v in web_rows(html, "table-summary").items()}
    web |= {("domain", k): v for k, v in web_rows(html, "table-domain").items()}
    for key, values in expected.items():
        assert web[key][: len(years)] == [round_euro(v) for v in values], ("page", key)

    csv = csv_rows(client.get(base + "plan.csv").content)
    labels = {("kind", r.key): r.label for r in report.summary} | {("domain", r.key): r.label for r in report.by_domain}
    for key, values in expected.items():
        assert [Decimal(v.replace(",", ".")) for v in csv[labels[key]][: len(years)]] == values, ("csv", key)

    sheet = summary_by_id(xlsx_rows(client.get(base + "plan.xlsx").content), len(years))
    for key, values in expected.items():
        assert [round_euro(Decimal(str(v)), 2) for v in sheet[key][: len(years)]] == values, ("xlsx", key)
