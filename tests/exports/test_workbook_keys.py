"""Spreadsheet formulas match on ids, never on a label or title (exports/workbook.py).

A Dutch label in a formula would break a total when a label is reworded or translated, and a title
when an editor renames a domain or development. On the synthetic edition."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from odf import opendocument
from odf import table as odf_table
from odf.namespaces import TABLENS

from modelgemeente.catalog.budget_input import model_report
from modelgemeente.core.enums import Category, Driver, LineKind
from modelgemeente.exports.ods import write_ods
from modelgemeente.exports.workbook import ID_COLUMNS
from modelgemeente.exports.xlsx import write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(test_edition):
    with translation.override("nl"):
        return model_report(test_edition)


@pytest.fixture
def book(report):
    with translation.override("nl"):
        return openpyxl.load_workbook(io.BytesIO(write_xlsx(report)))


def _labels_and_titles(report) -> set[str]:
    """Every text a formula must not compare with: enum labels (any case) and domain and development names."""
    texts = set()
    with translation.override("nl"):
        for enum in (LineKind, Category, Driver):
            texts |= {str(c.label) for c in enum} | {str(c.label).capitalize() for c in enum}
    texts |= {row.label for row in report.by_domain} | {row.label for row in report.by_development}
    return texts


def _formulas(book) -> list[tuple[str, str]]:
    return [
        (f"{sheet.title}!{cell.coordinate}", cell.value)
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]


def test_no_xlsx_formula_contains_a_label_or_title(book, report):
    formulas = _formulas(book)
    assert len(formulas) > 100
    texts = _labels_and_titles(report)
    for where, formula in formulas:
        quoted = set(re.findall(r'"([^"]*)"', formula))
        assert not quoted & texts, (where, formula)
        assert not quoted - {"", *LineKind.values, *Driver.values}, (where, formula)


def test_no_ods_formula_contains_a_label_or_title(report):
    with translation.override("nl"):
        doc = opendocument.load(io.BytesIO(write_ods(report)))
    cells = doc.spreadsheet.getElementsByType(odf_table.TableCell)
    formulas = [f for f in (c.attributes.get((TABLENS, "formula")) for c in cells) if f]
    assert len(formulas) > 100
    texts = _labels_and_titles(report)
    for formula in formulas:
        assert not set(re.findall(r'"([^"]*)"', formula)) & texts, formula


def test_regels_carries_the_ids_of_every_line_in_labelled_columns(book, report):
    sheet = book["Regels"]
    header = [c.value for c in sheet[1]]
    columns = {name: header.index(title) for name, title in ID_COLUMNS.items()}
    assert header[-2:] == ["Herkomst", "Toelichting herkomst"]  # the readable text stays at the right
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] and row[0] != "Totaal"}
    for line in report.lines:
        row = rows[line.key]
        ids = {name: row[col] for name, col in columns.items()}
        assert ids == {
            "kind": line.kind,
            "category": line.category,
            "driver": line.driver,
            "domain": line.domain,
            "development": line.development,
        }
        # the readable columns keep the labels and titles
        assert (row[1], row[2], row[4]) == (line.domain_name, line.development_title, line.kind_label)


def test_every_summary_total_sums_the_lines_with_its_id(book, report):
    """Each SUMPRODUCT on Begroting compares an id column of Regels with the id in its own row, and the
    lines with that id add up to the row's amount (the cached values are the engine's)."""
    regels = book["Regels"]
    header = [c.value for c in regels[1]]
    id_column_letters = {
        openpyxl.utils.get_column_letter(header.index(title) + 1): name for name, title in ID_COLUMNS.items()
    }
    years = list(report.years)
    id_index = len(years) + 2  # 0-based: label, years, total, id
    id_letter = openpyxl.utils.get_column_letter(id_index + 1)
    lines = {row.key: row for row in report.lines}
    summary = book["Begroting"]
    checked = set()
    section = None
    for row in summary.iter_rows(min_row=1):
        row_id = row[id_index].value if len(row) > id_index else None
        if row_id in ID_COLUMNS.values():
            section = next(name for name, title in ID_COLUMNS.items() if title == row_id)
            continue
        formula = str(row[1].value)
        if not formula.startswith("=SUMPRODUCT("):
            continue
        match = re.fullmatch(
            rf"=SUMPRODUCT\(\(Regels!\$([A-Z]+)\$2:\$([A-Z]+)\$\d+=\${id_letter}{row[0].row}\)\*\(Regels!.*\)\)",
            formula,
        )
        assert match, formula
        assert id_column_letters[match.group(1)] == section
        matching = [line for line in lines.values() if getattr(line, section) == row_id]
        assert matching, (section, row_id)
        for year in years:
            summed = sum((line.amount_in(year) for line in matching), Decimal(0))
            assert summed == _report_row(report, section, row_id).values[year], (section, row_id, year)
        checked.add((section, row_id))
    expected = {("kind", k) for k in LineKind.values}
    expected |= {("domain", r.key) for r in report.by_domain} | {("category", r.key) for r in report.by_category}
    expected |= {("development", r.key) for r in report.by_development}
    assert checked == expected


def _report_row(report, section, key):
    rows = {"kind": report.summary, "domain": report.by_domain, "category": report.by_category}
    rows["development"] = report.by_development
    return next(r for r in rows[section] if r.key == key)
