""" "Wat kost dit mijn gemeente?" on a development's public page (issue 10): a GET form without an account,
a municipality from the CBS list or typed inhabitants, the development's lines scaled by the engine per
year with their explanations and a total; bad input gives a Dutch message and never a 500.

On the synthetic edition (tests/data/README.md); the municipality list is the shipped reference data."""

import re

import pytest
from django.utils.html import escape

from modelgemeente import refdata
from modelgemeente.budget.engine import Profile
from modelgemeente.budget.money import fmt_eur
from modelgemeente.catalog.budget_input import estimated_profile, model_report

pytestmark = pytest.mark.django_db

SLUG = "digitaal-loket"
PAGE = f"/editie/2090/ontwikkeling/{SLUG}/"


def cost_table(html):
    """{line key or "total": {year or "total": amount text}} from the calculator's table."""
    table = html[html.index('id="table-cost"') :]
    table = table[: table.index("</table>")]
    rows = {}
    for key, body in re.findall(
        r'<tr class="utrecht-table__row[^"]*" data-(?:line|key)="([^"]+)">(.*?)</tr>', table, re.S
    ):
        rows[key] = dict(re.findall(r'data-year="([^"]+)">(?:<strong>)?([^<]+)<', body))
    return rows


def expected_rows(edition, profile):
    """The same development from the engine's model report for that profile."""
    report = model_report(edition, profile)
    rows = {}
    for line in report.lines:
        if line.development == SLUG:
            rows[line.key] = {str(y): fmt_eur(line.amount_in(y)) for y in report.years} | {"total": fmt_eur(line.total)}
    total = next(row for row in report.by_development if row.key == SLUG)
    rows["total"] = {str(y): fmt_eur(total.values[y]) for y in report.years} | {"total": fmt_eur(total.total)}
    return report, rows


def test_a_municipality_from_the_cbs_list(client, test_edition):
    municipality = refdata.municipality("GM1680")
    response = client.get(PAGE, {"gemeente": "GM1680"})
    assert response.status_code == 200
    html = response.content.decode()
    employees, departments = estimated_profile(test_edition, municipality["inhabitants"])
    profile = Profile(municipality["inhabitants"], employees, departments)
    report, expected = expected_rows(test_edition, profile)
    assert cost_table(html) == expected
    assert len(expected) > 2  # several lines and the total
    assert f"Kosten voor {municipality['name']} (25.845 inwoners)" in html
    # every cell explains itself, as the engine words it
    for line in report.lines:
        if line.development == SLUG:
            for cell in line.cells.values():
                assert escape(cell.explanation) in html
    # the source and its date, in Dutch; employees and departments are labelled as estimates
    assert "CBS StatLine" in html and "peildatum 1 januari 2024" in html and "2024-01-01" not in html
    profile_list = html[html.index("cost-profile") :]
    profile_list = profile_list[: profile_list.index("</dl>")]
    assert profile_list.count('provenance-estimate">Schatting<') == 2
    assert f">{employees} <span" in profile_list and f">{departments} <span" in profile_list


@pytest.mark.parametrize("typed", ["12.500", "12500", " 12 500 "])
def test_typed_inhabitants_with_estimated_employees_and_departments(client, test_edition, typed):
    response = client.get(PAGE, {"gemeente": "", "inwoners": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert estimated_profile(test_edition, 12500) == (100, 5)  # a quarter of 400 employees and 20 departments
    _report, expected = expected_rows(test_edition, Profile(12500, 100, 5))
    assert cost_table(html) == expected
    # by hand, a quarter of the reference's inhabitants: loket-bouwen is fixed (20.000 in 2090 and 2091 × 1,02),
    # loket-licenties (exponent 1) 10.000 × 0,25 = 2.500 from 2091 at 1,02, loket-beheer (exponent 0,5)
    # 45.000 × 0,5 = 22.500 at the wage index 4%
    assert expected["digitaal-loket/loket-bouwen"] == {"2090": "€\xa020.000", "2091": "€\xa020.400"} | {
        "2092": "€\xa00",
        "2093": "€\xa00",
        "total": "€\xa040.400",
    }
    assert expected["digitaal-loket/loket-licenties"]["2091"] == "€\xa02.550"
    assert expected["digitaal-loket/loket-beheer"]["2090"] == "€\xa022.500"
    assert expected["total"]["2090"] == "€\xa042.500"  # 20.000 + 22.500
    assert expected["total"]["2091"] == "€\xa046.350"  # 20.400 + 2.550 + 22.500 × 1,04 = 23.400
    assert "Kosten voor een gemeente van 12.500 inwoners" in html and "zelf ingevuld" in html
    assert "naar rato van de referentiegemeente (400 medewerkers bij 50.000 inwoners)" in html


def test_typed_inhabitants_go_before_the_chosen_municipality(client, test_edition):
    html = client.get(PAGE, {"gemeente": "GM1680", "inwoners": "12500"}).content.decode()
    _report, expected = expected_rows(test_edition, Profile(12500, 100, 5))
    assert cost_table(html) == expected
    assert "gerekend met 12.500 inwoners" in html


@pytest.mark.parametrize(
    "params, message",
    [
        ({"inwoners": "abc"}, "Vul een getal in, bijvoorbeeld 30.385 of 16,5."),
        ({"inwoners": "0"}, "Vul een aantal inwoners in van 1 tot en met 5.000.000."),
        ({"inwoners": "99999999999999999999999"}, "Vul een aantal inwoners in van 1 tot en met 5.000.000."),
        ({"inwoners": "23,5"}, "Vul een geheel getal in."),
        ({"inwoners": "x" * 5000}, "Vul een getal in"),
        ({"gemeente": "GM9999"}, "Deze gemeente staat niet in de gemeentelijst."),
        ({"gemeente": "<script>"}, "Deze gemeente staat niet in de gemeentelijst."),
        ({"gemeente": "", "inwoners": ""}, "Kies een gemeente of vul het aantal inwoners in."),
    ],
)
def test_bad_input_gives_a_dutch_message_and_the_page_still_renders(client, test_edition, params, message):
    response = client.get(PAGE, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'id="table-cost"' not in html
    assert "Gevolgen voor de ICT-begroting" in html  # the rest of the page is there
    assert "<script>" not in html.split('id="kosten-voor-uw-gemeente"')[1]


def test_without_a_question_the_form_is_shown_without_an_answer(client, test_edition):
    html = client.get(PAGE).content.decode()
    assert "Wat kost dit mijn gemeente?" in html
    assert f'action="{PAGE}#kosten-voor-uw-gemeente"' in html and 'method="get"' in html
    assert '<option value="GM1680">' in html
    assert 'id="table-cost"' not in html and "Controleer de invoer" not in html


def test_a_law_date_on_the_development_page_is_dutch(client, test_edition):
    html = client.get(PAGE).content.decode()
    assert "in werking per 1 januari 2089" in html
