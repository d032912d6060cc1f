"""ODS export (OpenDocument, the open standard for Dutch government) with live formulas (odfpy)."""

import io
from decimal import Decimal

from odf.number import CurrencyStyle, CurrencySymbol, Number, NumberStyle
from odf.number import Text as NumberText
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import (
    Footer,
    FooterStyle,
    Header,
    HeaderFooterProperties,
    HeaderStyle,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    RegionLeft,
    RegionRight,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P, PageCount, PageNumber

from .report import running_texts
from .workbook import Formula, OdsDialect, build_workbook

BOLD = {"fontweight": "bold"}


def _styles(doc):
    euro = CurrencyStyle(name="N-euro")
    euro.addElement(CurrencySymbol(language="nl", country="NL", text="€"))
    euro.addElement(NumberText(text=" "))
    euro.addElement(Number(decimalplaces="0", minintegerdigits="1", grouping="true"))
    fte = NumberStyle(name="N-fte")
    fte.addElement(Number(decimalplaces="2", minintegerdigits="1"))
    factor = NumberStyle(name="N-factor")
    factor.addElement(Number(decimalplaces="4", minintegerdigits="1"))
    plain = NumberStyle(name="N-int")
    plain.addElement(Number(decimalplaces="0", minintegerdigits="1"))
    for s in (euro, fte, factor, plain):
        doc.automaticstyles.addElement(s)

    def cell_style(name, number=None, text=None, cell=None, para=None):
        style = Style(name=name, family="table-cell", **({"datastylename": number} if number else {}))
        if cell:
            style.addElement(TableCellProperties(**cell))
        if text:
            style.addElement(TextProperties(**text))
        if para:
            style.addElement(ParagraphProperties(**para))
        doc.automaticstyles.addElement(style)
        return name

    header_bg = {"backgroundcolor": "#dce6f1", "borderbottom": "0.5pt solid #000000", "wrapoption": "wrap"}
    input_cell = {"backgroundcolor": "#eef3fb"}
    input_text = {"color": "#1f4e9e"}
    top = {"bordertop": "0.5pt solid #000000"}
    return {
        "text": cell_style("c-text", cell={"verticalalign": "top"}),
        "wrap": cell_style("c-wrap", cell={"wrapoption": "wrap", "verticalalign": "top"}),
        "title": cell_style("c-title", text={"fontweight": "bold", "fontsize": "14pt"}),
        "subtitle": cell_style("c-subtitle", text=BOLD),
        "note": cell_style("c-note", text={"fontstyle": "italic", "color": "#444444"}),
        "header": cell_style("c-header", text=BOLD, cell=header_bg),
        "header_year": cell_style("c-header-year", number="N-int", text=BOLD, cell=header_bg),
        "euro": cell_style("c-euro", number="N-euro"),
        "total_euro": cell_style("c-total-euro", number="N-euro", text=BOLD, cell=top),
        "total_label": cell_style("c-total-label", text=BOLD, cell=top),
        "total_fte": cell_style("c-total-fte", number="N-fte", text=BOLD, cell=top),
        "fte": cell_style("c-fte", number="N-fte"),
        "factor": cell_style("c-factor", number="N-factor"),
        "input": cell_style("c-input", text=input_text, cell=input_cell),
        "input_int": cell_style("c-input-int", number="N-int", text=input_text, cell=input_cell),
        "input_euro": cell_style("c-input-euro", number="N-euro", text=input_text, cell=input_cell),
    }


def _column_styles(doc, sheet):
    names = {}
    for col, width in sheet.widths.items():
        name = f"co-{sheet.name}-{col}"
        style = Style(name=name, family="table-column")
        style.addElement(TableColumnProperties(columnwidth=f"{width * 0.19:.2f}cm"))
        doc.automaticstyles.addElement(style)
        names[col] = name
    return names


def _cell(value, style_name, dialect):
    if isinstance(value, Formula):
        cached = value.cached
        if isinstance(cached, str):
            cell = TableCell(formula=value.text(dialect), valuetype="string", stringvalue=cached, stylename=style_name)
            cell.addElement(P(text=cached))
            return cell
        number = f"{Decimal(cached):f}" if isinstance(cached, Decimal) else str(cached)
        cell = TableCell(formula=value.text(dialect), valuetype="float", value=number, stylename=style_name)
        return cell
    if value is None:
        return TableCell(stylename=style_name)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = f"{Decimal(value):f}" if isinstance(value, Decimal) else str(value)
        return TableCell(valuetype="float", value=number, stylename=style_name)
    # Text, e.g. text a user typed, is always a string cell: never a formula, also when it starts
    # with "=" or another trigger of workbook.formula_like.
    cell = TableCell(valuetype="string", stylename=style_name)
    for part in str(value).split("\n"):
        cell.addElement(P(text=part))
    return cell


def _print_page(doc, report) -> str:
    """An A4 landscape page whose header and footer carry the running texts of the PDF (report.running_texts)
    and the page number; returns the name of the table style that prints on it."""
    texts = running_texts(report)
    layout = PageLayout(name="pm-a4")
    layout.addElement(
        PageLayoutProperties(
            pagewidth="29.7cm", pageheight="21cm", printorientation="landscape", margin="1.2cm", scaletox="1"
        )
    )
    for kind in (HeaderStyle, FooterStyle):
        part = kind()
        part.addElement(HeaderFooterProperties(minheight="0.6cm", margin="0.2cm"))
        layout.addElement(part)
    doc.automaticstyles.addElement(layout)
    page = MasterPage(name="Exportpagina", pagelayoutname=layout)

    def region(kind, *content):
        area = kind()
        paragraph = P()
        for item in content:
            paragraph.addText(item) if isinstance(item, str) else paragraph.addElement(item)
        area.addElement(paragraph)
        return area

    header = Header()
    header.addElement(region(RegionLeft, texts["header_left"]))
    header.addElement(region(RegionRight, texts["header_right"]))
    footer = Footer()
    footer.addElement(region(RegionLeft, texts["footer_left"]))
    footer.addElement(region(RegionRight, "Pagina ", PageNumber(), " van ", PageCount()))
    page.addElement(header)
    page.addElement(footer)
    doc.masterstyles.addElement(page)
    table_style = Style(name="ta-export", family="table", masterpagename="Exportpagina")
    table_style.addElement(TableProperties(display="true"))
    doc.automaticstyles.addElement(table_style)
    return "ta-export"


def write_ods(report) -> bytes:
    doc = OpenDocumentSpreadsheet()
    styles = _styles(doc)
    dialect = OdsDialect()
    table_style = _print_page(doc, report)
    for sheet in build_workbook(report):
        table = Table(name=sheet.name, stylename=table_style)
        columns = _column_styles(doc, sheet)
        width = max((len(r) for r in sheet.rows), default=1)
        for col in range(width):
            table.addElement(TableColumn(stylename=columns[col]) if col in columns else TableColumn())
        for row in sheet.rows:
            tr = TableRow()
            for cell in row:
                tr.addElement(TableCell() if cell is None else _cell(cell.value, styles[cell.style], dialect))
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()
