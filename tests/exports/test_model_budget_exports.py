"""The model budget on the web page and in XLSX, ODS, CSV and PDF: the same numbers, to the euro."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from odf import opendocument, table as odf_table, text as odf_text
from odf.namespaces import OFFICENS, TABLENS
from pypdf import PdfReader

from modelgemeente.budget.engine import Profile
from modelgemeente.budget.money import fmt_eur, round_euro
from modelgemeente.catalog.budget_input import model_report

from .libreoffice import recalculated_sheets, soffice

pytestmark = pytest.mark.django_db


def euros(values):
    return [round_euro(v) for v in values]


@pytest.fixture
def report(edition):
    return model_report(edition)


def download(client, fmt):
    response = client.get(reverse("catalog:budget_download", args=[2026, fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="ict-begroting-modelgemeente-2026.{fmt}"'
    return response.content


def expected_summary(report):
    """{label: [rounded euro per year..., total]} for incidental, structural, total and each domain."""
    rows = {row.label: euros([*row.cells(report.years), row.total]) for row in report.summary}
    rows.update({row.label: euros([*row.cells(report.years), row.total]) for row in report.by_domain})
    return rows


def parse_euro(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d-]", "", text) or "0")


def web_rows(html: str, table_id: str) -> dict[str, list[Decimal]]:
    table = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    rows = {}
    for tr in re.findall(r"<tr class=\"utrecht-table__row[^\"]*\" data-key=\"[^\"]*\">(.*?)</tr>", table, re.S):
        label = re.sub(r"<[^>]+>", "", re.search(r"<th[^>]*>(.*?)</th>", tr, re.S).group(1)).strip()
        rows[label] = [parse_euro(td) for td in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
    return rows


def test_the_model_budget_is_substantial_and_every_line_counts(report):
    total = report.grand_total
    assert total.values[2026] > 1_000_000  # the model is not a toy
    assert sum(len(line.cells) for line in report.lines) > 0
    assert report.summary[0].total + report.summary[1].total == total.total


def test_web_csv_xlsx_ods_and_pdf_agree_to_the_euro(client, report):
    expected = expected_summary(report)
    years = list(report.years)

    html = client.get(reverse("catalog:budget", args=[2026])).content.decode()
    web = web_rows(html, "table-summary") | web_rows(html, "table-domain")
    for label, values in expected.items():
        assert web[label] == values, ("web", label)

    text = download(client, "csv").decode("utf-8")
    assert text.startswith("\ufeff")
    rows = {}
    for r in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"):
        if r:
            rows.setdefault(r[0], r[1:])  # the summary sections come first
    for label, values in expected.items():
        assert euros(Decimal(v.replace(",", ".")) for v in rows[label][: len(years) + 1]) == values, ("csv", label)

    book = openpyxl.load_workbook(io.BytesIO(download(client, "xlsx")), data_only=True)
    sheet = {row[0]: row[1:] for row in book["Begroting"].iter_rows(values_only=True) if row[0]}
    for label, values in expected.items():
        assert euros(Decimal(str(v)) for v in sheet[label][: len(years) + 1]) == values, ("xlsx", label)

    ods = ods_rows(download(client, "ods"), "Begroting")
    for label, values in expected.items():
        assert euros(ods[label][: len(years) + 1]) == values, ("ods", label)

    pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(download(client, "pdf"))).pages)
    for label in ("Incidenteel", "Structureel", "Totaal"):
        line = next(l for l in pdf_text.splitlines() if l.startswith(label + " "))
        amounts = [parse_euro(a) for a in re.findall(r"€\s?[\d.]+", line)]
        assert amounts == expected[label], ("pdf", label)


def ods_rows(content: bytes, sheet_name: str) -> dict[str, list[Decimal]]:
    doc = opendocument.load(io.BytesIO(content))
    sheet = next(t for t in doc.spreadsheet.getElementsByType(odf_table.Table) if t.getAttribute("name") == sheet_name)
    rows = {}
    for tr in sheet.getElementsByType(odf_table.TableRow):
        cells = tr.getElementsByType(odf_table.TableCell)
        if not cells:
            continue
        label = "".join(str(p) for p in cells[0].getElementsByType(odf_text.P))
        values = [Decimal(c.attributes.get((OFFICENS, "value"), "0")) for c in cells[1:]]
        if label:
            rows[label] = values
    return rows


def test_xlsx_and_ods_hold_live_formulas_over_the_assumptions(client, report):
    book = openpyxl.load_workbook(io.BytesIO(download(client, "xlsx")))
    assert book.sheetnames == ["Begroting", "Regels", "Uitgangspunten"]
    assert book["Uitgangspunten"]["A3"].value == "Inwoners" and book["Uitgangspunten"]["B3"].value == 100000
    assert str(book["Begroting"]["B6"].value).startswith("=SUMPRODUCT(")
    assert "Uitgangspunten!$B$3" in str(book["Regels"]["P2"].value) or "Uitgangspunten!$B$4" in str(book["Regels"]["P2"].value) \
        or book["Regels"]["J2"].value == "vast"
    assert str(book["Regels"]["Q2"].value).startswith("=IF(AND(")

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
    assert text.count(";bron;") == 3
    book = openpyxl.load_workbook(io.BytesIO(download(client, "xlsx")))
    provenance = [row[-2:] for row in book["Regels"].iter_rows(min_row=2, values_only=True) if row[0] and row[0] != "Totaal"]
    assert len(provenance) == len(report.lines)
    assert all(kind in ("bron", "schatting") and text for kind, text in provenance)


def test_unknown_export_format_is_a_404(client, edition):
    assert client.get("/editie/2026/begroting.docx").status_code == 404


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is installed by ./scripts/test.sh")
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
@pytest.mark.parametrize("inhabitants", [100_000, 23_000])
def test_libreoffice_recalculation_matches_the_engine(client, edition, tmp_path, fmt, inhabitants):
    path = tmp_path / f"begroting.{fmt}"
    path.write_bytes(download(client, fmt))
    if inhabitants != 100_000:
        set_inhabitants(path, fmt, inhabitants)
    sheets = recalculated_sheets(path, tmp_path)
    expected = model_report(edition, Profile(inhabitants, edition.reference_employees, edition.reference_departments))
    years = list(expected.years)
    summary = {row[0]: row[1:] for row in sheets["Begroting"] if row and row[0]}
    for row in [*expected.summary, *expected.by_domain, *expected.by_category, *expected.by_development]:
        got = [Decimal(v) for v in summary[row.label][: len(years) + 1]]
        want = [*row.cells(years), row.total]
        assert all(abs(g - w) < Decimal("0.01") for g, w in zip(got, want)), (row.label, got, want)
    lines = {row[0]: row for row in sheets["Regels"][1:] if row and row[0] not in ("", "Totaal")}
    first_year = 16
    for line in expected.lines:
        got = [Decimal(v) for v in lines[line.key][first_year:first_year + len(years)]]
        assert all(abs(g - line.amount_in(y)) < Decimal("0.01") for g, y in zip(got, years)), line.key
    if inhabitants != 100_000:
        assert fmt_eur(expected.grand_total.total) != fmt_eur(model_report(edition).grand_total.total)


def set_inhabitants(path, fmt, value):
    if fmt == "xlsx":
        book = openpyxl.load_workbook(path)
        book["Uitgangspunten"]["B3"] = value
        book.save(path)
        return
    doc = opendocument.load(str(path))
    sheet = next(t for t in doc.spreadsheet.getElementsByType(odf_table.Table) if t.getAttribute("name") == "Uitgangspunten")
    cell = sheet.getElementsByType(odf_table.TableRow)[2].getElementsByType(odf_table.TableCell)[1]
    cell.setAttrNS(OFFICENS, "value", str(value))
    doc.save(str(path))
