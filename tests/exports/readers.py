"""Reading budget figures back from the web page and from each export format, for the tests."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
from odf import opendocument
from odf import table as odf_table
from odf import text as odf_text
from odf.namespaces import OFFICENS
from pypdf import PdfReader

from modelgemeente.budget.money import round_euro


def euros(values):
    return [round_euro(v) for v in values]


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


def csv_rows(content: bytes) -> dict[str, list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = {}
    for r in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"):
        if r:
            rows.setdefault(r[0], r[1:])  # the summary sections come first
    return rows


def xlsx_rows(content: bytes, sheet: str = "Begroting") -> dict:
    book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    return {row[0]: row[1:] for row in book[sheet].iter_rows(values_only=True) if row[0]}


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def assert_formats_agree(expected, years, html, csv_content, xlsx_content, ods_content, pdf_content):
    """Web page, CSV, XLSX, ODS and PDF show the expected rounded euros per year and in total."""
    web = web_rows(html, "table-summary") | web_rows(html, "table-domain")
    n = len(years) + 1
    for label, values in expected.items():
        assert web[label] == values, ("web", label)
    rows = csv_rows(csv_content)
    for label, values in expected.items():
        assert euros(Decimal(v.replace(",", ".")) for v in rows[label][:n]) == values, ("csv", label)
    sheet = xlsx_rows(xlsx_content)
    for label, values in expected.items():
        assert euros(Decimal(str(v)) for v in sheet[label][:n]) == values, ("xlsx", label)
    ods = ods_rows(ods_content, "Begroting")
    for label, values in expected.items():
        assert euros(ods[label][:n]) == values, ("ods", label)
    text = pdf_text(pdf_content)
    for label in ("Incidenteel", "Structureel", "Totaal"):
        line = next(t for t in text.splitlines() if t.startswith(label + " "))
        amounts = [parse_euro(a) for a in re.findall(r"€\s?[\d.]+", line)]
        assert amounts == expected[label], ("pdf", label)


def set_inhabitants(path, fmt, value):
    if fmt == "xlsx":
        book = openpyxl.load_workbook(path)
        book["Uitgangspunten"]["B3"] = value
        book.save(path)
        return
    doc = opendocument.load(str(path))
    sheet = next(
        t for t in doc.spreadsheet.getElementsByType(odf_table.Table) if t.getAttribute("name") == "Uitgangspunten"
    )
    cell = sheet.getElementsByType(odf_table.TableRow)[2].getElementsByType(odf_table.TableCell)[1]
    cell.setAttrNS(OFFICENS, "value", str(value))
    doc.save(str(path))


def assert_recalculated_summary(sheets: dict, report) -> None:
    """The recalculated Begroting sheet holds the report's rows to the cent, per year and in total."""
    years = list(report.years)
    summary = {row[0]: row[1:] for row in sheets["Begroting"] if row and row[0]}
    for row in [*report.summary, *report.by_domain, *report.by_category, *report.by_development]:
        got = [Decimal(v) for v in summary[row.label][: len(years) + 1]]
        want = [*row.cells(years), row.total]
        assert all(abs(g - w) < Decimal("0.01") for g, w in zip(got, want, strict=True)), (row.label, got, want)
