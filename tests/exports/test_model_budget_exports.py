"""The model budget on the web page and in XLSX, ODS, CSV and PDF: the same numbers, to the euro.

On the synthetic edition (tests/data/README.md has its totals by hand); the LibreOffice recalculation
runs on the real 2026 edition."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from odf import opendocument
from odf import table as odf_table
from odf.namespaces import TABLENS

from modelgemeente.budget.engine import Profile
from modelgemeente.budget.money import fmt_eur
from modelgemeente.catalog.budget_input import model_report

from .libreoffice import recalculated_sheets, soffice
from .readers import assert_formats_agree, assert_recalculated_summary, expected_summary, set_inhabitants

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(test_edition):
    return model_report(test_edition)


def download(client, fmt, year=2090):
    response = client.get(reverse("catalog:budget_download", args=[year, fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="ict-begroting-modelgemeente-{year}.{fmt}"'
    return response.content


def test_the_model_budget_by_hand_and_every_line_counts(report):
    total = report.grand_total
    # tests/data/README.md: money 85.000 + capacity 172.000 in 2090; 79.000 × 1,02 + 172.000 × 1,04 in 2091;
    # 61.000 × 1,0404 + 145.000 × 1,0816 in 2092; 57.000 × 1,061208 + 145.000 × 1,124864 in 2093
    assert total.values == {
        2090: Decimal("257000"),
        2091: Decimal("259460"),
        2092: Decimal("220296.4"),
        2093: Decimal("223594.136"),
    }
    assert total.total == Decimal("960350.536")
    assert len(report.lines) == 16 and all(line.cells for line in report.lines)
    assert report.summary[0].total + report.summary[1].total == total.total


def test_web_csv_xlsx_ods_and_pdf_agree_to_the_euro(client, report):
    html = client.get(reverse("catalog:budget", args=[2090])).content.decode()
    assert_formats_agree(
        expected_summary(report),
        list(report.years),
        html,
        download(client, "csv"),
        download(client, "xlsx"),
        download(client, "ods"),
        download(client, "pdf"),
    )


def test_xlsx_and_ods_hold_live_formulas_over_the_assumptions(client, report):
    book = openpyxl.load_workbook(io.BytesIO(download(client, "xlsx")))
    assert book.sheetnames == ["Begroting", "Regels", "Uitgangspunten"]
    assert book["Uitgangspunten"]["A3"].value == "Inwoners" and book["Uitgangspunten"]["B3"].value == 50000
    assert str(book["Begroting"]["B6"].value).startswith("=SUMPRODUCT(")
    assert (
        "Uitgangspunten!$B$3" in str(book["Regels"]["P2"].value)
        or "Uitgangspunten!$B$4" in str(book["Regels"]["P2"].value)
        or book["Regels"]["J2"].value == "vast"
    )
    assert book["Regels"]["Q1"].value == "Prijspeil eigen bedrag" and book["Regels"]["Q2"].value is None
    assert str(book["Regels"]["R2"].value).startswith("=IF(AND(")

    doc = opendocument.load(io.BytesIO(download(client, "ods")))
    formulas = [c.attributes.get((TABLENS, "formula")) for c in doc.spreadsheet.getElementsByType(odf_table.TableCell)]
    formulas = [f for f in formulas if f]
    assert len(formulas) > 100
    assert all(f.startswith("of:=") for f in formulas)
    assert any("[$Uitgangspunten.$B$3]" in f for f in formulas)


def test_every_line_carries_its_provenance_in_the_exports(client, report):
    text = download(client, "csv").decode("utf-8")
    for line in report.lines:
        assert line.provenance_text in text
    assert text.count(";bron;") == 4  # loket-bouwen, training-medewerkers, security-officer, dashboard-bouwen
    book = openpyxl.load_workbook(io.BytesIO(download(client, "xlsx")))
    provenance = [
        row[-2:] for row in book["Regels"].iter_rows(min_row=2, values_only=True) if row[0] and row[0] != "Totaal"
    ]
    assert len(provenance) == len(report.lines)
    assert all(kind in ("bron", "schatting") and text for kind, text in provenance)


def test_unknown_export_format_is_a_404(client, test_edition):
    assert client.get("/editie/2090/begroting.docx").status_code == 404


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is installed by ./scripts/test.sh")
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
@pytest.mark.parametrize("inhabitants", [100_000, 23_000])
def test_libreoffice_recalculation_matches_the_engine(client, edition, tmp_path, fmt, inhabitants):
    path = tmp_path / f"begroting.{fmt}"
    path.write_bytes(download(client, fmt, year=2026))
    if inhabitants != 100_000:
        set_inhabitants(path, fmt, inhabitants)
    sheets = recalculated_sheets(path, tmp_path)
    expected = model_report(edition, Profile(inhabitants, edition.reference_employees, edition.reference_departments))
    years = list(expected.years)
    assert_recalculated_summary(sheets, expected)
    lines = {row[0]: row for row in sheets["Regels"][1:] if row and row[0] not in ("", "Totaal")}
    first_year = 17
    for line in expected.lines:
        got = [Decimal(v) for v in lines[line.key][first_year : first_year + len(years)]]
        assert all(abs(g - line.amount_in(y)) < Decimal("0.01") for g, y in zip(got, years, strict=True)), line.key
    if inhabitants != 100_000:
        assert fmt_eur(expected.grand_total.total) != fmt_eur(model_report(edition).grand_total.total)


def test_pdf_footer_text_is_escaped_for_css_not_javascript():
    from modelgemeente.catalog.templatetags.nl_format import css_string

    assert css_string('Plan "A" 2027–2030: <b>\\') == "Plan \\22 A\\22  2027–2030: \\3C b\\3E \\5C "
