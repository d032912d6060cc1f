"""Text a user typed never becomes a formula in a CSV, XLSX or ODS export (OWASP "CSV injection"),
while the formulas the exports write on purpose stay formulas and numbers stay numbers.

The plan is built with the factories on the synthetic edition; the LibreOffice check runs on the real one."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from odf import opendocument
from odf import table as odf_table
from odf import text as odf_text
from odf.namespaces import OFFICENS, TABLENS

from modelgemeente.exports.csv_export import _cell
from modelgemeente.exports.workbook import formula_like
from modelgemeente.plans.budget import plan_report
from modelgemeente.plans.models import Role

from ..factories import (
    ExtraLineFactory,
    LineAdjustmentFactory,
    MembershipFactory,
    PlanFactory,
    choice,
    development,
    line,
)
from .libreoffice import recalculated_sheets, soffice
from .readers import assert_recalculated_summary

pytestmark = pytest.mark.django_db

MOTIVATION = '=HYPERLINK("http://x")'
EXTRA_DESCRIPTION = "+SUM(1)"
EXTRA_REASON = "-2+3"
OWN_REASON = "@cmd"
TYPED = (MOTIVATION, EXTRA_DESCRIPTION, EXTRA_REASON, OWN_REASON)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_trigger_is_recognised(text):
    assert formula_like(text)
    assert _cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Klantpanel", "", "1-2", " =1", "e-mail"])
def test_ordinary_text_is_left_alone(value):
    assert not formula_like(value)
    assert _cell(value) == value


def test_numbers_stay_numbers_also_negative_ones():
    assert not formula_like(Decimal("-2400.50")) and not formula_like(-3)
    assert _cell(Decimal("-2400.50")) == "-2400,50"
    assert _cell(-3) == "-3"


def make_typed_plan(client, edition, development_slug, capacity_line_slug):
    """A plan with formula-like text in a motivation, an own line's description and reason, and an own
    figure's reason (own hours for a capacity line); the client is logged in as one of its editors."""
    member = MembershipFactory(role=Role.EDITOR)
    plan = PlanFactory(edition=edition, organisation=member.organisation, created_by=member.user)
    chosen = choice(plan, development_slug)
    chosen.motivation = MOTIVATION
    chosen.save()
    LineAdjustmentFactory(
        plan=plan,
        budget_line=line(edition, f"{development_slug}/{capacity_line_slug}"),
        amount=None,
        hours_per_week=Decimal(8),
        reason=OWN_REASON,
    )
    ExtraLineFactory(
        plan=plan,
        development=development(edition, development_slug),
        description=EXTRA_DESCRIPTION,
        kind="structural",
        category="licences",
        amount=Decimal(2400),
        reason=EXTRA_REASON,
    )
    client.force_login(member.user)
    return plan


@pytest.fixture
def typed_plan(client, test_edition):
    return make_typed_plan(client, test_edition, "klantcontact", "klantreis-advies")


@pytest.fixture
def real_typed_plan(client, edition):
    return make_typed_plan(client, edition, "klantreizen-en-klanttevredenheid", "coordinator-klantreizen")


def url(plan, suffix=""):
    return f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/{suffix}"


def download(client, the_plan, fmt):
    response = client.get(url(the_plan, f"plan.{fmt}"))
    assert response.status_code == 200
    return response.content


def test_csv_quotes_formula_like_text(client, typed_plan):
    text = download(client, typed_plan, "csv").decode("utf-8").lstrip("\ufeff")
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    for typed in TYPED:
        assert not any(cell.startswith(typed) for cell in cells), typed
    # A reason may be followed by a note of the application (e.g. the price year of an own amount).
    for typed in (MOTIVATION, EXTRA_DESCRIPTION, EXTRA_REASON):
        assert any(cell.startswith("'" + typed) for cell in cells), typed
    assert any(OWN_REASON in cell for cell in cells)  # inside the explanation of the own figure
    # Amounts are numbers: the summary's figures are written as they are, not quoted.
    overview = next(row for row in csv.reader(io.StringIO(text), delimiter=";") if row and row[0] == "Totaal")
    assert all(not v.startswith("'") and Decimal(v.replace(",", ".")) >= 0 for v in overview[1:])


def xlsx_cells(book):
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]


def test_xlsx_writes_formula_like_text_as_strings_and_keeps_its_own_formulas(client, typed_plan):
    book = openpyxl.load_workbook(io.BytesIO(download(client, typed_plan, "xlsx")))
    cells = xlsx_cells(book)
    for typed in (MOTIVATION, EXTRA_DESCRIPTION, EXTRA_REASON):
        found = [c for c in cells if str(c.value).startswith(typed)]
        assert found, typed
        assert all(c.data_type == "s" and c.quotePrefix for c in found), typed
    # No formula anywhere carries the typed text; the live formulas are still there.
    formulas = [c for c in cells if c.data_type == "f"]
    assert not any("HYPERLINK" in str(c.value) or "SUM(1)" in str(c.value) for c in formulas)
    assert str(book["Begroting"]["B6"].value).startswith("=SUMPRODUCT(")
    assert len(formulas) > 100
    # Numbers stay numbers.
    assert any(c.data_type == "n" for c in book["Uitgangspunten"]["B"])


def ods_cells(content):
    doc = opendocument.load(io.BytesIO(content))
    for sheet in doc.spreadsheet.getElementsByType(odf_table.Table):
        for cell in sheet.getElementsByType(odf_table.TableCell):
            yield sheet.getAttribute("name"), cell, "\n".join(str(p) for p in cell.getElementsByType(odf_text.P))


def test_ods_writes_formula_like_text_as_string_cells_and_keeps_its_own_formulas(client, typed_plan):
    cells = list(ods_cells(download(client, typed_plan, "ods")))
    for typed in (MOTIVATION, EXTRA_DESCRIPTION, EXTRA_REASON):
        found = [cell for _, cell, text in cells if text.startswith(typed)]
        assert found, typed
        for cell in found:
            assert cell.attributes.get((OFFICENS, "value-type")) == "string"
            assert (TABLENS, "formula") not in cell.attributes
    formulas = [
        cell.attributes[(TABLENS, "formula")] for _, cell, _ in cells if (TABLENS, "formula") in cell.attributes
    ]
    assert len(formulas) > 100 and all(f.startswith("of:=") for f in formulas)
    assert not any("HYPERLINK" in f or "SUM(1)" in f for f in formulas)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is installed by ./scripts/test.sh")
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_libreoffice_shows_the_typed_text_and_recalculates_the_same_totals(client, real_typed_plan, tmp_path, fmt):
    path = tmp_path / f"plan.{fmt}"
    path.write_bytes(download(client, real_typed_plan, fmt))
    sheets = recalculated_sheets(path, tmp_path)
    assert_recalculated_summary(sheets, plan_report(real_typed_plan))
    texts = [cell for rows in sheets.values() for row in rows for cell in row]
    for typed in (MOTIVATION, EXTRA_DESCRIPTION, EXTRA_REASON):
        assert any(text.startswith(typed) for text in texts), (typed, fmt)
