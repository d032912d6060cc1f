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
from modelgemeente.exports.workbook import ID_COLUMNS

# Rows are found by (section, key): the section is the id column a row of the summary sheet matches on
# (workbook.ID_COLUMNS: "kind", "domain", ...), the key the row's id there (a line kind, a domain slug).
SECTION_OF_HEADER = {header: name for name, header in ID_COLUMNS.items()}


def euros(values):
    return [round_euro(v) for v in values]


class Expected(dict):
    """{(section, key): [rounded euro per year..., total]}, with `labels` {(section, key): label} for the
    formats that carry no ids (CSV and PDF are read by the report's own labels, never a typed one)."""

    def __init__(self):
        super().__init__()
        self.labels = {}


def expected_summary(report):
    """Incidental, structural, total and each domain, by (section, key)."""
    rows = Expected()
    for section, report_rows in (("kind", report.summary), ("domain", report.by_domain)):
        for row in report_rows:
            rows[(section, row.key)] = euros([*row.cells(report.years), row.total])
            rows.labels[(section, row.key)] = row.label
    return rows


def summary_by_id(rows, n_years: int) -> dict:
    """{(section, id): [values per year..., total]} of the summary sheet's rows (lists of cell values):
    the id is in the column after the totals, and each section's header row names its id column."""
    by_id, section, id_index = {}, None, n_years + 2
    for row in rows:
        row = list(row)
        cell = row[id_index] if len(row) > id_index else None
        if cell in SECTION_OF_HEADER:
            section = SECTION_OF_HEADER[cell]
        elif cell and section:
            assert (section, cell) not in by_id, ("id twice in one section", section, cell)
            by_id[(section, cell)] = row[1:id_index]
    return by_id


def parse_euro(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d-]", "", text) or "0")


def web_rows(html: str, table_id: str) -> dict[str, list[Decimal]]:
    """{data-key: values} of a table's rows."""
    table = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    rows = {}
    for key, tr in re.findall(r"<tr class=\"utrecht-table__row[^\"]*\" data-key=\"([^\"]*)\">(.*?)</tr>", table, re.S):
        rows[key] = [parse_euro(td) for td in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
    return rows


def ods_rows(content: bytes, sheet_name: str) -> list[list]:
    """The sheet's rows: a number cell as Decimal, a text cell as its text, an empty cell as None."""
    doc = opendocument.load(io.BytesIO(content))
    sheet = next(t for t in doc.spreadsheet.getElementsByType(odf_table.Table) if t.getAttribute("name") == sheet_name)
    rows = []
    for tr in sheet.getElementsByType(odf_table.TableRow):
        row = []
        for c in tr.getElementsByType(odf_table.TableCell):
            value = c.attributes.get((OFFICENS, "value"))
            text = "".join(str(p) for p in c.getElementsByType(odf_text.P))
            row.append(Decimal(value) if value is not None else (text or None))
        rows.append(row)
    return rows


def csv_rows(content: bytes) -> dict[str, list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = {}
    for r in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"):
        if r:
            rows.setdefault(r[0], r[1:])  # the summary sections come first
    return rows


def xlsx_rows(content: bytes, sheet: str = "Begroting") -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    return list(book[sheet].iter_rows(values_only=True))


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def assert_formats_agree(expected, years, html, csv_content, xlsx_content, ods_content, pdf_content):
    """Web page, CSV, XLSX, ODS and PDF show the expected rounded euros per year and in total."""
    web = {("kind", k): v for k, v in web_rows(html, "table-summary").items()}
    web |= {("domain", k): v for k, v in web_rows(html, "table-domain").items()}
    n = len(years) + 1
    for key, values in expected.items():
        assert web[key] == values, ("web", key)
    rows = csv_rows(csv_content)  # CSV carries no ids: its rows are found by the report's labels
    for key, values in expected.items():
        label = expected.labels[key]
        assert euros(Decimal(v.replace(",", ".")) for v in rows[label][:n]) == values, ("csv", key)
    sheet = summary_by_id(xlsx_rows(xlsx_content), len(years))
    for key, values in expected.items():
        assert euros(Decimal(str(v)) for v in sheet[key][:n]) == values, ("xlsx", key)
    ods = summary_by_id(ods_rows(ods_content, "Begroting"), len(years))
    for key, values in expected.items():
        assert euros(ods[key][:n]) == values, ("ods", key)
    text = pdf_text(pdf_content)
    for key in (("kind", "incidental"), ("kind", "structural"), ("kind", "total")):
        label = expected.labels[key]
        line = next(t for t in text.splitlines() if t.startswith(label + " "))
        amounts = [parse_euro(a) for a in re.findall(r"€\s?[\d.]+", line)]
        assert amounts == expected[key], ("pdf", key)


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
    summary = summary_by_id(sheets["Begroting"], len(years))
    sections = {"kind": report.summary, "domain": report.by_domain, "category": report.by_category}
    sections["development"] = report.by_development
    for section, rows in sections.items():
        for row in rows:
            got = [Decimal(v) for v in summary[(section, row.key)][: len(years) + 1]]
            want = [*row.cells(years), row.total]
            assert all(abs(g - w) < Decimal("0.01") for g, w in zip(got, want, strict=True)), (row.key, got, want)
