"""A plan's exports: the same numbers as its page, with its choices, motivations and own figures.

On the synthetic edition (the shared `plan` fixture, edited by `edited_plan`); the LibreOffice recalculation runs
on the real edition (`edited_real_plan`), as every LibreOffice test does."""

import io

import openpyxl
import pytest
from pypdf import PdfReader

from modelgemeente.plans.budget import plan_report

from ..exports.libreoffice import recalculated_sheets, soffice
from ..exports.readers import assert_formats_agree, assert_recalculated_summary, expected_summary, pdf_text
from .test_editing import DASHBOARD, choices_post, line_post, url

REAL_COORDINATOR = "klantreizen-en-klanttevredenheid"  # a development of the real 2026 edition

pytestmark = pytest.mark.django_db


def edit(client, plan, *, development, choice, domain_left_out, lines, profile):
    """Five saves through the pages, as a user makes them: a domain left out (bulk action), one development's
    start year, priority and motivation, own figures for two of its lines, an own line, and the profile with an
    own salary cost for scale 10. Returns the plan at version 5."""
    client.post(url(plan, "ontwikkelingen/"), choices_post(plan, **{development: choice}) | {"bulk": domain_left_out})
    plan.refresh_from_db()
    client.post(url(plan, f"ontwikkeling/{development}/"), line_post(plan, development, **lines))
    plan.refresh_from_db()
    client.post(
        url(plan, f"ontwikkeling/{development}/"),
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
            "profile_provenance": plan.profile_provenance,
            "horizon": 4,
            "scale_10": "95000",
        }
        | profile,
    )
    plan.refresh_from_db()
    assert plan.version == 5
    return plan


@pytest.fixture
def edited_plan(client, plan, editor):
    """On the synthetic edition (2091-2094, 12.500 inhabitants): domain basis left out (informatiebeveiliging and
    archief-op-orde), energiedashboard's start year moved to 2092 with priority must and a motivation, its
    management hours overridden (8 instead of 4 a week), an own amount for its licences in 2093 prices, an own line,
    and an own salary cost for scale 10."""
    client.force_login(editor)
    return edit(
        client,
        plan,
        development=DASHBOARD,
        choice={"start_year": 2092, "priority": "must", "motivation": "Dashboard eerst voor de warmtevisie"},
        domain_left_out="off:basis",
        lines={
            "dashboard-beheer": {"own": "8", "reason": "Halve rol"},
            "dashboard-licenties": {"own": "15000", "price_year": "2093", "reason": "Offerte 2093"},
        },
        profile={"inhabitants": 12500, "employees": 100, "departments": 5, "start_year": 2091},
    )


@pytest.fixture
def edited_real_plan(client, real_plan, editor):
    """The same edits on the real 2026 edition, for the LibreOffice recalculation (which stays on the real
    content): social domain left out, the coordinator's hours overridden, an own amount for the feedback tool in
    2029 prices."""
    client.force_login(editor)
    return edit(
        client,
        real_plan,
        development=REAL_COORDINATOR,
        choice={"start_year": 2028, "priority": "must", "motivation": "Klantreizen eerst voor verhuizen"},
        domain_left_out="off:sociaal",
        lines={
            "coordinator-klantreizen": {"own": "8", "reason": "Halve rol"},
            "feedbacktool": {"own": "15000", "price_year": "2029", "reason": "Offerte 2029"},
        },
        profile={"inhabitants": 30000, "employees": 300, "departments": 12, "start_year": 2027},
    )


def download(client, plan, fmt):
    response = client.get(url(plan, f"plan.{fmt}"))
    assert response.status_code == 200
    assert f'filename="ict-plan-{plan.organisation.slug}-{plan.pk}-v5.{fmt}"' in response["Content-Disposition"]
    return response.content


def test_page_csv_xlsx_ods_and_pdf_agree_to_the_euro(client, edited_plan):
    report = plan_report(edited_plan)
    assert next(row for row in report.by_domain if row.key == "basis").total == 0
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
    assert "Eigen gegeven 8 uur per week in plaats van het model (4 uur per week" in text
    assert (
        "Ruimte en energie;Energiedashboard;ja;must have;wendbaarheid;2092;Dashboard eerst voor de warmtevisie" in text
    )
    # domain basis left out: informatiebeveiliging and archief-op-orde
    assert text.count(";nee;") == edited_plan.choices.filter(included=False).count() == 2
    book = openpyxl.load_workbook(io.BytesIO(download(client, edited_plan, "xlsx")))
    assert book.sheetnames == ["Samenvatting", "Begroting", "Keuzes", "Regels", "Uitgangspunten"]
    choices = [row for row in book["Keuzes"].iter_rows(min_row=3, values_only=True)]
    assert (
        "Ruimte en energie",
        "Energiedashboard",
        "ja",
        "must have",
        "wendbaarheid",
        2092,
        "Dashboard eerst voor de warmtevisie",
    ) in choices
    salary = {row[0]: row[1] for row in book["Uitgangspunten"].iter_rows(min_row=16, values_only=True) if row[0]}
    assert salary[10] == 95000
    content = download(client, edited_plan, "pdf")
    pdf = pdf_text(content)
    # The release the plan is pinned to is named in every page's footer (and on the summary page).
    release = "Testeditie 2090 (release 2090.1, begroting vastgesteld, 1 december 2089)"
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]
    assert len(pages) > 1 and all(release in page for page in pages)
    assert "Aanvragen per prioriteit" in pdf and "Dashboard eerst voor de warmtevisie" in pdf and "Halve rol" in pdf


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is installed by ./scripts/test.sh")
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_libreoffice_recalculation_of_the_plan_matches_the_engine(client, edited_real_plan, tmp_path, fmt):
    path = tmp_path / f"plan.{fmt}"
    path.write_bytes(download(client, edited_real_plan, fmt))
    sheets = recalculated_sheets(path, tmp_path)
    assert_recalculated_summary(sheets, plan_report(edited_real_plan))


def test_an_own_amount_is_in_the_prices_of_its_year_on_page_and_in_the_spreadsheet(client, edited_plan):
    """€ 15.000 in 2093 prices: nothing in 2091 (the development starts in 2092), not indexed in 2092 (before its
    price year), as typed in 2093, +2% in 2094 (15.000 × 1,02 = 15.300)."""
    from decimal import Decimal

    row = next(line for line in plan_report(edited_plan).lines if line.key.endswith("/dashboard-licenties"))
    assert [row.amount_in(y) for y in (2091, 2092, 2093, 2094)] == [0, 15000, 15000, Decimal("15300")]
    assert "prijspeil 2093" in row.provenance_text
    book = openpyxl.load_workbook(io.BytesIO(download(client, edited_plan, "xlsx")))
    sheet = book["Regels"]
    found = next(r for r in sheet.iter_rows(min_row=2) if str(r[0].value).endswith("/dashboard-licenties"))
    assert found[16].value == 2093  # column Q, the price year the formulas index from
