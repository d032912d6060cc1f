"""The plan's XLSX, ODS and PDF carry the section "Ambities en voortgang": per ambition of the organisation that
belongs to this plan (or to no plan) and per year the target, the measured value and whether it is on track, with
the developments of the plan it relies on; no section when there is nothing to show."""

import io
from decimal import Decimal

import openpyxl
import pytest

from modelgemeente.budget.money import fmt_eur
from modelgemeente.core.enums import AmbitionMetric
from modelgemeente.maturity.export_section import ambitions_section
from modelgemeente.maturity.services import ambitions as services
from modelgemeente.plans.budget import development_costs
from modelgemeente.plans.models import Priority
from tests.factories import PlanFactory, choice

from ..exports.readers import ods_rows, pdf_text
from .test_ambitions import assess, measure

pytestmark = pytest.mark.django_db

HEADER = ["Ambitie", "Maatstaf", "Jaar", "Doel", "Gemeten", "Op koers", "Ontwikkelingen in dit plan"]


@pytest.fixture
def ambitions(org, editor, plan, test_edition):
    """Weighted index 70% in 2027 (measured 72%) and 85% in 2029 (not measured), relying on digitaal-loket (counts)
    and omgevingsdata (won't-have); dienstverlening level 4 in 2028 (assessed 3), linked to no plan; and an
    ambition of another plan of the organisation, which this plan's exports leave out."""
    measure(org, 2027, {"verhuizing": (600, 4, "digid-midden"), "paspoort": (400, 3, "")})
    assess(org, test_edition, 2028, {"dienstverlening": 3})
    left_out = choice(plan, "omgevingsdata")
    left_out.priority = Priority.WONT
    left_out.save()
    services.create_ambition(
        org,
        editor,
        title="Gewogen index omhoog",
        metric=AmbitionMetric.WEIGHTED_INDEX,
        plan=plan,
        developments=["digitaal-loket", "omgevingsdata"],
        targets={2027: Decimal(70), 2029: Decimal(85)},
    )
    services.create_ambition(
        org,
        editor,
        title="Dienstverlening op 4",
        metric=AmbitionMetric.MATURITY_LEVEL,
        dimension="dienstverlening",
        targets={2028: Decimal(4)},
    )
    services.create_ambition(
        org,
        editor,
        title="Van een ander plan",
        metric=AmbitionMetric.UNWEIGHTED_INDEX,
        plan=PlanFactory(organisation=org),
        targets={2027: Decimal(50)},
    )
    return plan


def download(client, user, plan, fmt):
    client.force_login(user)
    response = client.get(f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/plan.{fmt}")
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def costs_text(plan):
    costs = development_costs(plan, ["digitaal-loket", "omgevingsdata"])
    return {slug: fmt_eur(sum(per_year.values())) for slug, per_year in costs.items()}


def test_the_section_has_a_row_per_ambition_and_year(ambitions):
    [section] = ambitions_section(ambitions)
    assert (section.title, section.sheet, section.header) == ("Ambities en voortgang", "Ambities", HEADER)
    costs = costs_text(ambitions)
    assert [row[:6] for row in section.rows] == [
        [
            "Dienstverlening op 4",
            "volwassenheidsniveau van Dienstverlening (1-5)",
            2028,
            Decimal(4),
            Decimal(3),
            "niet op koers",
        ],
        ["Gewogen index omhoog", "gewogen digitaliseringsindex (%)", 2027, Decimal(70), Decimal("72.0"), "op koers"],
        [
            "Gewogen index omhoog",
            "gewogen digitaliseringsindex (%)",
            2029,
            Decimal(85),
            "nog niet gemeten",
            "nog niet gemeten",
        ],
    ]
    assert section.rows[0][6] == "geen gekoppeld"
    assert section.rows[1][6] == (
        f"Digitaal loket (telt mee; {costs['digitaal-loket']} in 2091-2094); "
        f"Omgevingsdata (telt niet mee; {costs['omgevingsdata']} in 2091-2094)"
    )
    assert section.rows[2][6] == ""
    notes = " ".join(section.notes)
    assert "Gewogen digitaliseringsindex: Σ(aantal × digitaal niveau)" in notes
    assert "Volwassenheidsniveau (1-5) van de dimensie" in notes
    assert "Ongewogen" not in notes  # that ambition belongs to another plan
    assert "begrotingsmotor" in notes


def test_no_section_without_ambitions(org, plan):
    assert ambitions_section(plan) == []


def test_no_section_when_every_ambition_belongs_to_another_plan(org, editor, plan):
    services.create_ambition(
        org,
        editor,
        title="Elders",
        metric=AmbitionMetric.WEIGHTED_INDEX,
        plan=PlanFactory(organisation=org),
        targets={2027: 70},
    )
    assert ambitions_section(plan) == []


def test_the_xlsx_has_a_sheet_ambities_with_the_figures(client, reader, ambitions):
    book = openpyxl.load_workbook(io.BytesIO(download(client, reader, ambitions, "xlsx")), data_only=True)
    assert "Ambities" in book.sheetnames
    rows = [list(r) for r in book["Ambities"].iter_rows(values_only=True)]
    assert rows[0][0] == "Ambities en voortgang"
    header = rows.index(HEADER)
    body = {(r[0], r[2]): r for r in rows[header + 1 :] if r[2] is not None}
    assert [Decimal(str(v)) for v in body[("Gewogen index omhoog", 2027)][3:5]] == [70, 72]
    assert body[("Gewogen index omhoog", 2027)][5] == "op koers"
    assert body[("Gewogen index omhoog", 2029)][4:6] == ["nog niet gemeten", "nog niet gemeten"]
    assert [Decimal(str(v)) for v in body[("Dienstverlening op 4", 2028)][3:5]] == [4, 3]
    assert ("Van een ander plan", 2027) not in body
    assert "Digitaal loket (telt mee;" in body[("Gewogen index omhoog", 2027)][6]
    notes = " ".join(str(r[0]) for r in rows[header + 1 :] if r[2] is None)
    assert "Gewogen digitaliseringsindex" in notes


def test_the_ods_has_the_same_sheet(client, reader, ambitions):
    rows = ods_rows(download(client, reader, ambitions, "ods"), "Ambities")
    flat = [[c for c in r if c is not None] for r in rows]
    weighted = next(r for r in flat if r[:1] == ["Gewogen index omhoog"] and Decimal(2027) in r)
    assert weighted[3:6] == [Decimal(70), Decimal(72), "op koers"]


def test_the_pdf_has_the_section_with_the_figures(client, reader, ambitions):
    text = pdf_text(download(client, reader, ambitions, "pdf"))
    flowing = " ".join(text.split())
    assert "Ambities en voortgang" in flowing
    assert "Gewogen index omhoog" in flowing and "Dienstverlening op 4" in flowing
    assert "70,0" in flowing and "72,0" in flowing and "op koers" in flowing
    assert "niet op koers" in flowing and "nog niet gemeten" in flowing
    loket = costs_text(ambitions)["digitaal-loket"].replace("\xa0", " ")  # the text is split on every space
    assert f"Digitaal loket (telt mee; {loket} in 2091-2094)" in flowing
    assert "Van een ander plan" not in flowing


def test_a_plan_without_ambitions_has_no_such_sheet_or_section(client, reader, plan):
    book = openpyxl.load_workbook(io.BytesIO(download(client, reader, plan, "xlsx")))
    assert "Ambities" not in book.sheetnames
    assert "Ambities en voortgang" not in pdf_text(download(client, reader, plan, "pdf"))
