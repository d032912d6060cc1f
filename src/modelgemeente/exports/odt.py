"""Texts for a raadsvoorstel as an OpenDocument text (ODT, odfpy): the plan's one-page summary, then per request
(a development the plan includes) the voorjaarsnota text and the begroting text, ready to paste.

The texts say what the plan's voorjaarsnota and begroting pages show (plans/templates/plans/voorjaarsnota.html and
begroting.html): per request its priority, start year, kind of capacity and motivation, and what it costs per year,
incidental and structural apart; for the begroting the structural costs that run on in the meerjarenbegroting, the
one-off incidental costs that need their own cover, and the capacity in fte. Every amount comes from the report
(report.requests, arranged by plans/pc_views.voorjaarsnota from the engine result); nothing is computed here.
"""

import io
from decimal import Decimal

from odf.opendocument import OpenDocumentText
from odf.style import (
    Footer,
    Header,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, List, ListItem, P, PageCount, PageNumber, Span

from modelgemeente.budget.money import fmt_eur, fmt_num, round_euro
from modelgemeente.core.enums import LineKind, heading

from .report import BudgetReport, Request, running_texts, signed_eur, signed_num

BLUE = "#154273"


class _Styles:
    """The document's few styles (automatic styles, so the text pastes into any template as plain formatting)."""

    def __init__(self, doc):
        self.doc = doc
        self.h1 = self._paragraph(
            "h1", {"fontsize": "17pt", "fontweight": "bold", "color": BLUE}, {"marginbottom": "0.2cm"}
        )
        self.h2 = self._paragraph(
            "h2",
            {"fontsize": "13pt", "fontweight": "bold", "color": BLUE},
            {"margintop": "0.3cm", "marginbottom": "0.1cm", "keepwithnext": "always"},
        )
        self.h2_page = self._paragraph(
            "h2-page",
            {"fontsize": "13pt", "fontweight": "bold", "color": BLUE},
            {"breakbefore": "page", "marginbottom": "0.15cm", "keepwithnext": "always"},
        )
        self.h3 = self._paragraph(
            "h3",
            {"fontsize": "11pt", "fontweight": "bold", "color": BLUE},
            {"margintop": "0.45cm", "marginbottom": "0.1cm", "keepwithnext": "always"},
        )
        self.h4 = self._paragraph(
            "h4", {"fontsize": "10pt", "fontweight": "bold"}, {"margintop": "0.2cm", "keepwithnext": "always"}
        )
        self.body = self._paragraph("body", {"fontsize": "10pt"}, {"marginbottom": "0.15cm"})
        self.note = self._paragraph(
            "note", {"fontsize": "8.5pt", "fontstyle": "italic", "color": "#444444"}, {"marginbottom": "0.15cm"}
        )
        self.cell_text = self._paragraph("cell", {"fontsize": "8.5pt"}, {})
        self.cell_bold = self._paragraph("cell-bold", {"fontsize": "8.5pt", "fontweight": "bold"}, {})
        self.cell_num = self._paragraph("cell-num", {"fontsize": "8.5pt"}, {"textalign": "end"})
        self.cell_num_bold = self._paragraph(
            "cell-num-bold", {"fontsize": "8.5pt", "fontweight": "bold"}, {"textalign": "end"}
        )
        self.bold = Style(name="strong", family="text")
        self.bold.addElement(TextProperties(fontweight="bold"))
        doc.automaticstyles.addElement(self.bold)
        self.cell = Style(name="td", family="table-cell")
        self.cell.addElement(TableCellProperties(padding="0.04cm", borderbottom="0.5pt solid #bbbbbb"))
        doc.automaticstyles.addElement(self.cell)
        self.head = Style(name="th", family="table-cell")
        self.head.addElement(
            TableCellProperties(padding="0.06cm", backgroundcolor="#dce6f1", borderbottom="0.5pt solid #000000")
        )
        doc.automaticstyles.addElement(self.head)
        self._tables = 0

    def _paragraph(self, name, text, paragraph):
        style = Style(name=name, family="paragraph")
        style.addElement(TextProperties(fontname="DejaVu Sans", fontfamily="'DejaVu Sans'", **text))
        if paragraph:
            style.addElement(ParagraphProperties(**paragraph))
        self.doc.automaticstyles.addElement(style)
        return style

    def table(self, widths_cm: list[float]) -> Table:
        """A table of these column widths (cm), with its own table and column styles."""
        self._tables += 1
        name = f"t{self._tables}"
        style = Style(name=name, family="table")
        style.addElement(
            TableProperties(width=f"{sum(widths_cm):.2f}cm", align="left", margintop="0.1cm", marginbottom="0.25cm")
        )
        self.doc.automaticstyles.addElement(style)
        table = Table(name=f"Tabel{self._tables}", stylename=style)
        for i, width in enumerate(widths_cm):
            column = Style(name=f"{name}c{i}", family="table-column")
            column.addElement(TableColumnProperties(columnwidth=f"{width:.2f}cm"))
            self.doc.automaticstyles.addElement(column)
            table.addElement(TableColumn(stylename=column))
        return table


def _row(styles, cells, header=False, bold=False) -> TableRow:
    """A table row: text cells left, numbers (already formatted, given as ("num", text)) right-aligned."""
    tr = TableRow()
    for cell in cells:
        numeric = isinstance(cell, tuple)
        text = cell[1] if numeric else str(cell)
        td = TableCell(stylename=styles.head if header else styles.cell, valuetype="string")
        if numeric:
            style = styles.cell_num_bold if (header or bold) else styles.cell_num
        else:
            style = styles.cell_bold if (header or bold) else styles.cell_text
        td.addElement(P(stylename=style, text=text))
        tr.addElement(td)
    return tr


def _num(text: str) -> tuple[str, str]:
    return ("num", text)


def _years_text(values: dict[int, Decimal]) -> str:
    """'€ 29.491 in 2027 en € 10.000 in 2028': the years with an amount (rounded to whole euros)."""
    parts = [f"{fmt_eur(v)} in {y}" for y, v in sorted(values.items()) if round_euro(v) != 0]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " en " + parts[-1]


def voorjaarsnota_text(request: Request, years) -> list[str]:
    """The voorjaarsnota's paragraphs for one request: what and why, and what it asks per year."""
    first = (
        f"{request.title} ({request.domain_name}) is een aanvraag met prioriteit {request.priority}, "
        f"vanaf {request.start_year}, als {request.capacity_type}."
    )
    motivation = f"Motivering: {request.motivation}" if request.motivation else "Motivering: (nog geen motivering)."
    asks = []
    if round_euro(request.incidental_total) != 0:
        asks.append(
            f"incidenteel {fmt_eur(request.incidental_total)} over {years[0]}-{years[-1]} "
            f"({_years_text(request.incidental)})"
        )
    if round_euro(request.structural_total) != 0:
        asks.append(
            f"structureel {_years_text(request.structural)}, ook na {years[-1]} {fmt_eur(request.structural_last)} per jaar"
        )
    if asks:
        ask = "Gevraagd budget: " + "; ".join(asks) + "."
    else:
        ask = f"Deze aanvraag vraagt in {years[0]}-{years[-1]} geen budget."
    return [first, motivation, ask]


def begroting_text(request: Request, years) -> list[str]:
    """The begroting's paragraphs for one request: structural costs into the meerjarenbegroting, incidental
    costs with their own cover, capacity in fte."""
    texts = []
    if round_euro(request.structural_total) != 0:
        texts.append(
            f"De structurele lasten van {request.title} worden opgenomen in de meerjarenbegroting: "
            f"{_years_text(request.structural)}. Zij lopen na de planperiode door "
            f"({fmt_eur(request.structural_last)} per jaar vanaf {years[-1]})."
        )
    else:
        texts.append(f"{request.title} heeft in {years[0]}-{years[-1]} geen structurele lasten.")
    if round_euro(request.incidental_total) != 0:
        texts.append(
            f"De incidentele lasten zijn eenmalig en vragen een eigen dekking: {_years_text(request.incidental)} "
            f"(samen {fmt_eur(request.incidental_total)})."
        )
    fte = {y: v for y, v in sorted(request.fte.items()) if round_euro(v, 2) != 0}
    shown = {fmt_num(v, 2) for v in fte.values()}
    if len(shown) == 1 and len(fte) > 1:
        texts.append(f"Capaciteit: {shown.pop()} fte per jaar in {min(fte)}-{max(fte)}.")
    elif fte:
        texts.append("Capaciteit: " + ", ".join(f"{fmt_num(v, 2)} fte in {y}" for y, v in fte.items()) + ".")
    return texts


def write_odt(report: BudgetReport) -> bytes:
    doc = OpenDocumentText()
    styles = _Styles(doc)
    _page(doc, report)
    text = doc.text
    years = list(report.years)
    if report.plan:
        _summary(text, styles, report, years)
        text.addElement(H(outlinelevel=2, stylename=styles.h2_page, text="Teksten per aanvraag voor het raadsvoorstel"))
        text.addElement(
            P(
                stylename=styles.note,
                text="Per opgenomen ontwikkeling de tekst voor de voorjaarsnota (de aanvraag, met motivering en "
                "bedragen per jaar) en voor de begroting (de doorwerking in de meerjarenbegroting). Bedragen in euro, "
                "exclusief btw, geïndexeerd per jaar en afgerond op hele euro's.",
            )
        )
        for request in report.requests:
            _request(text, styles, request, years)
        if report.not_now or report.left_out:
            text.addElement(H(outlinelevel=2, stylename=styles.h2, text="Niet in dit plan"))
        for title, items in (("Bewust nu niet (won't have)", report.not_now), ("Niet opgenomen", report.left_out)):
            if not items:
                continue
            text.addElement(H(outlinelevel=3, stylename=styles.h3, text=title))
            listing = List()
            for item in items:
                entry = ListItem()
                line = f"{item.title} ({item.domain_name})" + (f": {item.motivation}" if item.motivation else "")
                entry.addElement(P(stylename=styles.body, text=line))
                listing.addElement(entry)
            text.addElement(listing)
    else:
        text.addElement(H(outlinelevel=1, stylename=styles.h1, text=report.title))
        text.addElement(P(stylename=styles.body, text=report.subtitle))
        text.addElement(
            P(stylename=styles.note, text="Teksten per aanvraag horen bij een plan; dit is de begroting van het model.")
        )
        _totals(text, styles, report, years)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _page(doc, report) -> None:
    """A4 portrait with the running header (who, plan, version and status) and footer (release, date, page)."""
    texts = running_texts(report)
    layout = PageLayout(name="pm-a4")
    layout.addElement(
        PageLayoutProperties(
            pagewidth="21cm",
            pageheight="29.7cm",
            printorientation="portrait",
            margintop="1.5cm",
            marginbottom="1.5cm",
            marginleft="2cm",
            marginright="2cm",
        )
    )
    doc.automaticstyles.addElement(layout)
    small = Style(name="running", family="paragraph")
    small.addElement(
        TextProperties(fontsize="8pt", color="#555555", fontname="DejaVu Sans", fontfamily="'DejaVu Sans'")
    )
    doc.automaticstyles.addElement(small)
    page = MasterPage(name="Standard", pagelayoutname=layout)
    header = Header()
    line = " · ".join(t for t in (texts["header_left"], texts["header_right"]) if t)
    header.addElement(P(stylename=small, text=line))
    footer = Footer()
    paragraph = P(stylename=small, text=texts["footer_left"] + " · Pagina ")
    paragraph.addElement(PageNumber())
    paragraph.addText(" van ")
    paragraph.addElement(PageCount())
    footer.addElement(paragraph)
    page.addElement(header)
    page.addElement(footer)
    doc.masterstyles.addElement(page)


def _summary(text, styles, report, years) -> None:
    """The one-page summary: the same facts as the first page of the PDF."""
    s = report.plan
    text.addElement(H(outlinelevel=1, stylename=styles.h1, text=s.plan_title))
    text.addElement(
        P(stylename=styles.body, text=f"{s.organisation} · ICT-begroting {years[0]}-{years[-1]}: samenvatting")
    )
    facts = [
        ("Organisatie", s.organisation),
        ("Release van het model", s.release_title),
        ("Versie van het plan", str(s.version)),
        ("Status", s.status + (f" (scenario {s.scenario_name})" if s.scenario_name else "")),
    ]
    if s.decision:
        facts.append(("Raadsbesluit", s.decision))
    facts += [("Datum export", s.export_date), ("Profiel", s.profile)]
    table = styles.table([4.5, 12.5])
    for label, value in facts:
        table.addElement(_row(styles, [label, value]))
    text.addElement(table)
    text.addElement(H(outlinelevel=2, stylename=styles.h2, text="Totalen per jaar"))
    _totals(text, styles, report, years)
    text.addElement(H(outlinelevel=2, stylename=styles.h2, text="Belangrijkste aanvragen"))
    text.addElement(
        P(
            stylename=styles.note,
            text=f"Op prioriteit (must have eerst), daarbinnen de duurste eerst. Incidenteel en totaal over "
            f"{years[0]}-{years[-1]}; structureel: per jaar in {years[-1]}.",
        )
    )
    table = styles.table([6.6, 2.2, 1.3, 2.3, 2.3, 2.3])
    table.addElement(
        _row(
            styles,
            [
                "Aanvraag",
                "Prioriteit",
                _num("Vanaf"),
                _num(heading(LineKind.INCIDENTAL)),
                _num(f"Structureel {years[-1]}"),
                _num("Totaal"),
            ],
            header=True,
        )
    )
    for r in s.top_requests:
        table.addElement(
            _row(
                styles,
                [
                    r.title,
                    r.priority,
                    _num(str(r.start_year)),
                    _num(fmt_eur(r.incidental_total)),
                    _num(fmt_eur(r.structural_last)),
                    _num(fmt_eur(r.total)),
                ],
            )
        )
    text.addElement(table)
    if s.other_requests:
        text.addElement(
            P(
                stylename=styles.note,
                text=f"En {s.other_requests} andere aanvragen, samen {fmt_eur(s.other_total)} over {years[0]}-{years[-1]}.",
            )
        )
    text.addElement(H(outlinelevel=2, stylename=styles.h2, text="Wijziging ten opzichte van de vorige versie"))
    change = s.change
    if change is None:
        text.addElement(P(stylename=styles.note, text="Er is nog geen wijziging vastgelegd."))
        return
    paragraph = P(stylename=styles.body)
    paragraph.addElement(Span(stylename=styles.bold, text=f"Versie {change.version}"))
    paragraph.addText(f" ({change.when}): {change.headline}")
    text.addElement(paragraph)
    for fact in change.facts + ([f"en {change.more_facts} andere wijzigingen"] if change.more_facts else []):
        text.addElement(P(stylename=styles.body, text=f"– {fact}"))
    if change.difference is None:
        text.addElement(P(stylename=styles.note, text=change.note))
        return
    text.addElement(
        P(stylename=styles.note, text=f"Totalen na minus vóór deze wijziging (versie {change.previous_version})")
    )
    table = styles.table([2.0, 3.4, 3.4, 3.4, 2.2])
    table.addElement(
        _row(
            styles,
            [
                "Jaar",
                _num(heading(LineKind.INCIDENTAL)),
                _num(heading(LineKind.STRUCTURAL)),
                _num("Totaal"),
                _num("fte"),
            ],
            header=True,
        )
    )
    for year, d in change.by_year():
        table.addElement(
            _row(
                styles,
                [
                    str(year),
                    _num(signed_eur(d["incidental"])),
                    _num(signed_eur(d["structural"])),
                    _num(signed_eur(d["total"])),
                    _num(signed_num(d["fte"])),
                ],
            )
        )
    text.addElement(table)


def _year_widths(years, first=5.0, total=17.0) -> list[float]:
    rest = (total - first) / (len(years) + 1)
    return [first] + [rest] * (len(years) + 1)


def _totals(text, styles, report, years) -> None:
    table = styles.table(_year_widths(years))
    table.addElement(_row(styles, ["", *[_num(str(y)) for y in years], _num("Totaal")], header=True))
    for i, row in enumerate(report.summary):
        last = i == len(report.summary) - 1
        cells = [row.label, *[_num(fmt_eur(v)) for v in row.cells(years)], _num(fmt_eur(row.total))]
        table.addElement(_row(styles, cells, bold=last))
    table.addElement(_row(styles, [report.fte.label, *[_num(fmt_num(v, 2)) for v in report.fte.cells(years)], ""]))
    text.addElement(table)


def _request(text, styles, request: Request, years) -> None:
    text.addElement(H(outlinelevel=3, stylename=styles.h3, text=request.title))
    text.addElement(H(outlinelevel=4, stylename=styles.h4, text="Voorjaarsnota"))
    for paragraph in voorjaarsnota_text(request, years):
        text.addElement(P(stylename=styles.body, text=paragraph))
    table = styles.table(_year_widths(years))
    table.addElement(_row(styles, ["Soort", *[_num(str(y)) for y in years], _num("Totaal")], header=True))
    for label, values in (
        (heading(LineKind.INCIDENTAL), request.incidental),
        (heading(LineKind.STRUCTURAL), request.structural),
    ):
        table.addElement(
            _row(
                styles,
                [
                    label,
                    *[_num(fmt_eur(values.get(y, 0))) for y in years],
                    _num(fmt_eur(sum(values.values(), Decimal(0)))),
                ],
            )
        )
    text.addElement(table)
    text.addElement(H(outlinelevel=4, stylename=styles.h4, text="Begroting"))
    for paragraph in begroting_text(request, years):
        text.addElement(P(stylename=styles.body, text=paragraph))
    table = styles.table(_year_widths(years)[:-1])
    table.addElement(_row(styles, ["Meerjarenbegroting", *[_num(str(y)) for y in years]], header=True))
    table.addElement(
        _row(styles, ["Structurele lasten", *[_num(fmt_eur(request.structural.get(y, 0))) for y in years]])
    )
    table.addElement(_row(styles, ["Capaciteit (fte)", *[_num(fmt_num(request.fte.get(y, 0), 2)) for y in years]]))
    text.addElement(table)
