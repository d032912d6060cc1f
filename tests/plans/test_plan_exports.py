"""A plan's exports: the same numbers as its page, with its choices, motivations and own figures."""

import io

import openpyxl
import pytest

from modelgemeente.plans.budget import plan_report

from ..exports.libreoffice import recalculated_sheets, soffice
from ..exports.readers import assert_formats_agree, assert_recalculated_summary, expected_summary, pdf_text
from .test_editing import COORDINATOR, choices_post, line_post, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited_plan(client, plan, editor):
    """Social domain left out, a start year moved with a motivation, the coordinator's hours overridden,
    an own amount for the feedback tool in 2029 prices, an own line, and an own salary cost for scale 10."""
    from modelgemeente.catalog.models import BudgetLine

    client.force_login(editor)
    client.post(
        url(plan, "ontwikkelingen/"),
        choices_post(
            plan,
            **{COORDINATOR: {"start_year": 2028, "priority": "must", "motivation": "Klantreizen eerst voor verhuizen"}},
        )
        | {"bulk": "off:sociaal"},
    )
    plan.refresh_from_db()
    coordinator = BudgetLine.objects.get(development__slug=COORDINATOR, slug="coordinator-klantreizen")
    client.post(
        url(plan, f"ontwikkeling/{COORDINATOR}/"),
        line_post(
            plan,
            COORDINATOR,
            **{
                coordinator.slug: {"own": "8", "reason": "Halve rol"},
                "feedbacktool": {"own": "15000", "price_year": "2029", "reason": "Offerte 2029"},
            },
        ),
    )
    plan.refresh_from_db()
    client.post(
        url(plan, f"ontwikkeling/{COORDINATOR}/"),
        {
            "version": plan.version,
            "action": "add_extra",
            "extra-description": "Klantpanel",
            "extra-kind": "structural",
            "extra-category": "licences",
            "extra-amount": "2400",
            "extra-offset": 0,
            "extra-spread": 1,
            "extra-reason": "Offerte panelbureau",
        },
    )
    plan.refresh_from_db()
    client.post(
        url(plan, "uitgangspunten/"),
        {
            "version": plan.version,
            "title": plan.title,
            "inhabitants": 30000,
            "employees": 300,
            "departments": 12,
            "profile_provenance": plan.profile_provenance,
            "start_year": 2027,
            "horizon": 4,
            "scale_10": "95000",
        },
    )
    plan.refresh_from_db()
    assert plan.version == 5
    return plan


def download(client, plan, fmt):
    response = client.get(url(plan, f"plan.{fmt}"))
    assert response.status_code == 200
    assert f'filename="ict-plan-{plan.organisation.slug}-{plan.pk}-v5.{fmt}"' in response["Content-Disposition"]
    return response.content


def test_page_csv_xlsx_ods_and_pdf_agree_to_the_euro(client, edited_plan):
    report = plan_report(edited_plan)
    assert next(row for row in report.by_domain if row.key == "sociaal").total == 0
    html = client.get(url(edited_plan)).content.decode()
    assert_formats_agree(
        expected_summary(report),
        list(report.years),
        html,
        *(download(client, edited_plan, fmt) for fmt in ("csv", "xlsx", "ods", "pdf")),
    )


def test_exports_carry_choices_motivations_and_own_figures(client, edited_plan):
    text = download(client, edited_plan, "csv").decode("utf-8")
    assert ";eigen gegeven;" in text and ";eigen regel;Offerte panelbureau" in text
    assert "Eigen gegeven 8 uur per week in plaats van het model (16 uur per week" in text
    assert (
        "Dienstverlening;Klantreizen en klanttevredenheid;ja;must have;wendbaarheid;2028;Klantreizen eerst voor verhuizen"
        in text
    )
    assert text.count(";nee;") == edited_plan.choices.filter(included=False).count() > 0
    book = openpyxl.load_workbook(io.BytesIO(download(client, edited_plan, "xlsx")))
    assert book.sheetnames == ["Begroting", "Keuzes", "Regels", "Uitgangspunten"]
    choices = [row for row in book["Keuzes"].iter_rows(min_row=3, values_only=True)]
    assert (
        "Dienstverlening",
        "Klantreizen en klanttevredenheid",
        "ja",
        "must have",
        "wendbaarheid",
        2028,
        "Klantreizen eerst voor verhuizen",
    ) in choices
    salary = {row[0]: row[1] for row in book["Uitgangspunten"].iter_rows(min_row=16, values_only=True) if row[0]}
    assert salary[10] == 95000
    pdf = pdf_text(download(client, edited_plan, "pdf"))
    subtitle = "Gemeente Voorbeeld, 2027-2030, op basis van Modelgemeente 2026 (30.000 inwoners)"
    assert pdf.count(subtitle) == pdf.count("Pagina ") + 1  # the title page's subtitle, and every page's footer
    assert "Keuzes per ontwikkeling" in pdf and "Klantreizen eerst voor verhuizen" in pdf and "Halve rol" in pdf


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is installed by ./scripts/test.sh")
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_libreoffice_recalculation_of_the_plan_matches_the_engine(client, edited_plan, tmp_path, fmt):
    path = tmp_path / f"plan.{fmt}"
    path.write_bytes(download(client, edited_plan, fmt))
    sheets = recalculated_sheets(path, tmp_path)
    assert_recalculated_summary(sheets, plan_report(edited_plan))


def test_an_own_amount_is_in_the_prices_of_its_year_on_page_and_in_the_spreadsheet(client, edited_plan):
    """€ 15.000 in 2029 prices: not indexed in 2028 (before its price year), as typed in 2029, +2,5% in 2030."""
    from decimal import Decimal

    row = next(line for line in plan_report(edited_plan).lines if line.key.endswith("/feedbacktool"))
    assert [row.amount_in(y) for y in (2027, 2028, 2029, 2030)] == [0, 15000, 15000, Decimal("15375")]
    assert "prijspeil 2029" in row.provenance_text
    book = openpyxl.load_workbook(io.BytesIO(download(client, edited_plan, "xlsx")))
    sheet = book["Regels"]
    found = next(r for r in sheet.iter_rows(min_row=2) if str(r[0].value).endswith("/feedbacktool"))
    assert found[16].value == 2029  # column Q, the price year the formulas index from
