"""XLSX export with live formulas and cached values (XlsxWriter).

openpyxl cannot store the cached result of a formula, so spreadsheet readers
that don't recalculate (viewers, previews, openpyxl itself) would show empty
cells; XlsxWriter writes both. openpyxl is used in the tests to read files back.
"""

import io
from decimal import Decimal

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from .report import running_texts
from .workbook import Formula, Sheet, XlsxDialect, build_workbook, formula_like

EURO = '"€" #,##0'
STYLES = {
    "text": {"valign": "top"},
    "wrap": {"text_wrap": True, "valign": "top"},
    "title": {"bold": True, "font_size": 14},
    "subtitle": {"bold": True},
    "note": {"italic": True, "font_color": "#444444"},
    "header": {"bold": True, "bg_color": "#DCE6F1", "bottom": 1, "text_wrap": True, "valign": "top"},
    "header_year": {"bold": True, "bg_color": "#DCE6F1", "bottom": 1, "num_format": "0", "align": "right"},
    "euro": {"num_format": EURO, "valign": "top"},
    "total_euro": {"num_format": EURO, "bold": True, "top": 1},
    "total_label": {"bold": True, "top": 1},
    "total_fte": {"num_format": "0.00", "bold": True, "top": 1},
    "fte": {"num_format": "0.00", "valign": "top"},
    "factor": {"num_format": "0.0000", "valign": "top"},
    "input": {"font_color": "#1F4E9E", "bg_color": "#EEF3FB", "valign": "top"},
    "input_int": {"font_color": "#1F4E9E", "bg_color": "#EEF3FB", "num_format": "0", "valign": "top"},
    "input_euro": {"font_color": "#1F4E9E", "bg_color": "#EEF3FB", "num_format": EURO, "valign": "top"},
}


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


class _Worksheet(Worksheet):
    """A worksheet that writes our formulas as they are. XlsxWriter runs some 30 regular expressions over every
    formula to prefix newer Excel functions (_xlfn.); that was two thirds of the time of a plan's XLSX. The
    workbook's formulas (workbook.py) use only IF, AND, OR, MAX, SUM, SUMPRODUCT and VLOOKUP, none of which is
    such a function, so nothing needs prefixing (tests/exports check the list)."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula[1:] if formula.startswith("=") else formula


# The functions the formulas may use (see _Worksheet); a new one must not be one of Excel's "future functions".
FORMULA_FUNCTIONS = frozenset({"IF", "AND", "OR", "MAX", "SUM", "SUMPRODUCT", "VLOOKUP"})


def header_footer(report) -> tuple[str, str]:
    """Excel's print header and footer (&L left, &R right, &P page, &N pages; a literal & doubled): the same
    running texts as the PDF (report.running_texts), at most 255 characters each as Excel allows."""
    texts = running_texts(report)

    def part(text: str, room: int) -> str:
        return text[:room].replace("&", "&&")

    header = f"&L{part(texts['header_left'], 150)}&R{part(texts['header_right'], 90)}"
    footer = f"&L{part(texts['footer_left'], 180)}&RPagina &P van &N"
    return header, footer


def write_xlsx(report) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": report.title, "subject": report.subtitle, "author": "Open Modelgemeente"})
    formats = {name: book.add_format(spec) for name, spec in STYLES.items()}
    # Text that looks like a formula also gets Excel's quote prefix, so it stays text when edited.
    formats |= {(name, "quoted"): book.add_format(spec | {"quote_prefix": True}) for name, spec in STYLES.items()}
    dialect = XlsxDialect()
    header, footer = header_footer(report)
    for sheet in build_workbook(report):
        ws = book.add_worksheet(sheet.name, worksheet_class=_Worksheet)
        ws.set_header(header)
        ws.set_footer(footer)
        _write_sheet(ws, sheet, formats, dialect)
    book.close()
    return buffer.getvalue()


def _write_sheet(ws, sheet: Sheet, formats, dialect):
    for col, width in sheet.widths.items():
        ws.set_column(col, col, width)
    if sheet.freeze:
        ws.freeze_panes(*sheet.freeze)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    for r, row in enumerate(sheet.rows):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            fmt = formats[cell.style]
            value = cell.value
            if isinstance(value, Formula):
                ws.write_formula(r, c, value.text(dialect), fmt, _number(value.cached))
            elif value is None:
                ws.write_blank(r, c, None, fmt)
            elif isinstance(value, (int, float, Decimal)):
                ws.write_number(r, c, _number(value), fmt)
            else:
                # Text is always a string cell, never write(): that would make "=..." a formula.
                text = str(value)
                ws.write_string(r, c, text, formats[cell.style, "quoted"] if formula_like(text) else fmt)
