"""The spreadsheet layout shared by the XLSX and ODS exports.

A workbook is built once, independent of the file format: sheets of cells,
where a cell is a value or a formula. Formulas are functions of a dialect
(XLSX or OpenFormula), so both formats carry the same formulas; each formula
also carries its cached value, which is the engine's number.

Sheets:
- Begroting:      totals per year (incidental/structural, domain, category,
                  development) as SUMPRODUCT formulas over Regels; the last
                  column holds each row's id, which the row's formulas match
                  against the id columns of Regels;
- Regels:         one row per budget line with its inputs and, per year, a
                  formula for the amount and for the FTE; after the FTE columns
                  the ids of its kind, category, driver, domain and development.
                  Formulas match on these ids, never on a label or title, so a
                  renamed domain or a translated label cannot break a total;
- Uitgangspunten: profile, reference sizes, indices, salary table: change a
                  value here and every formula follows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from modelgemeente.budget.engine import SCALING_DRIVERS
from modelgemeente.budget.money import fmt_eur, fmt_num
from modelgemeente.core.enums import Category, LineKind, heading

from .report import BudgetReport

# The id columns of the sheet Regels, in order, with their headers. The formulas match on these
# columns; the summary sheet's last column has the header of the id column its rows match.
ID_COLUMNS = {
    "kind": "Soort (id)",
    "category": "Categorie (id)",
    "driver": "Schaalt met (id)",
    "domain": "Domein (id)",
    "development": "Ontwikkeling (id)",
}


def col_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# Text a spreadsheet reads as a formula when it starts with one of these (OWASP "CSV injection"):
# =, +, -, @, and TAB or CR, which some programs skip before looking.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value) -> bool:
    """True for text (not a number) that a spreadsheet could take for a formula.

    The one rule every writer follows for text, e.g. text a user typed: CSV prefixes such text with
    a single quote, XLSX writes it as a string cell with Excel's quote prefix, and ODS writes every
    text as a string cell (office:value-type="string"). Formulas the exports write on purpose are
    Formula objects, and numbers (also negative ones) are numbers: neither is text.
    """
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


class Dialect:
    sep = ","
    prefix = "="

    def ref(self, col: str, row: int, sheet: str | None = None, abs_col=False, abs_row=False) -> str:
        raise NotImplementedError

    def rng(self, col1, row1, col2, row2, sheet=None) -> str:
        raise NotImplementedError

    def fn(self, name: str, *args) -> str:
        return f"{name}({self.sep.join(args)})"


class XlsxDialect(Dialect):
    def ref(self, col, row, sheet=None, abs_col=False, abs_row=False):
        cell = f"{'$' if abs_col else ''}{col}{'$' if abs_row else ''}{row}"
        return f"{sheet}!{cell}" if sheet else cell

    def rng(self, col1, row1, col2, row2, sheet=None):
        body = f"${col1}${row1}:${col2}${row2}"
        return f"{sheet}!{body}" if sheet else body


class OdsDialect(Dialect):
    sep = ";"
    prefix = "of:="

    def ref(self, col, row, sheet=None, abs_col=False, abs_row=False):
        cell = f"{'$' if abs_col else ''}{col}{'$' if abs_row else ''}{row}"
        return f"[${sheet}.{cell}]" if sheet else f"[.{cell}]"

    def rng(self, col1, row1, col2, row2, sheet=None):
        return f"[${sheet}.${col1}${row1}:.${col2}${row2}]" if sheet else f"[.${col1}${row1}:.${col2}${row2}]"


@dataclass
class Formula:
    build: Callable[[Dialect], str]
    cached: Decimal | int | str

    def text(self, dialect: Dialect) -> str:
        return dialect.prefix + self.build(dialect)


@dataclass
class C:
    """A cell: value or Formula, with a style name (see STYLES in the writers)."""

    value: object = None
    style: str = "text"


@dataclass
class Sheet:
    name: str
    rows: list[list[C | None]] = field(default_factory=list)
    widths: dict[int, int] = field(default_factory=dict)
    freeze: tuple[int, int] | None = None  # (rows, cols) frozen

    def add(self, *cells) -> int:
        """Append a row; returns its 1-based row number."""
        self.rows.append([c if isinstance(c, C) or c is None else C(c) for c in cells])
        return len(self.rows)


# Fixed positions on the assumptions sheet, used by the formulas.
A = "Uitgangspunten"
INPUT_ROWS = {
    "inhabitants": 3,
    "employees": 4,
    "departments": 5,
    "ref_inhabitants": 6,
    "ref_employees": 7,
    "ref_departments": 8,
    "base_year": 9,
    "hours_per_fte": 10,
    "wage_index": 11,
    "price_index": 12,
}
SALARY_FIRST_ROW = 16


def build_workbook(report: BudgetReport) -> list[Sheet]:
    assumptions = _assumptions_sheet(report)
    lines, layout = _lines_sheet(report)
    summary = _summary_sheet(report, layout)
    extra = [_section_sheet(section) for section in report.sections]
    first = [plan_summary_sheet(report)] if report.plan else []
    if report.choices:
        return [*first, summary, _choices_sheet(report), *extra, lines, assumptions]
    return [*first, summary, *extra, lines, assumptions]


# The summary sheet "Begroting": rows of incidental, structural, total and fte (see _summary_sheet), which the
# plan's summary sheet refers to.
BEGROTING_ROWS = {"incidental": 6, "structural": 7, "total": 8, "fte": 9}


def plan_summary_sheet(report: BudgetReport) -> Sheet:
    """A plan's one-page summary (report.plan): who, which plan and release, version, status and date; the totals
    per year (formulas on the sheet Begroting, so they follow a changed assumption); the top requests by priority
    and the change against the previous version, as they were at the export."""
    summary, years = report.plan, report.years
    n = len(years)
    s = Sheet("Samenvatting", widths={0: 44, **{i + 1: 15 for i in range(max(n + 1, 5))}})
    s.add(C(summary.plan_title, "title"))
    s.add(C(f"{summary.organisation} · ICT-begroting {years[0]}-{years[-1]}: samenvatting", "subtitle"))
    s.add()
    facts = [
        ("Organisatie", summary.organisation),
        ("Plan", summary.plan_title),
        ("Release van het model", summary.release_title),
        ("Versie van het plan", summary.version),
        ("Status", summary.status),
    ]
    if summary.scenario_name:
        facts.append(("Scenario", summary.scenario_name))
    if summary.decision:
        facts.append(("Raadsbesluit", summary.decision))
    facts += [("Datum export", summary.export_date), ("Profiel", summary.profile)]
    for label, value in facts:
        s.add(C(label), C(value, "subtitle"))
    s.add()
    s.add(C("Totalen per jaar", "header"), *[C(y, "header_year") for y in years], C("Totaal", "header"))
    by_kind = {row.key: row for row in report.summary}
    for key, row_obj in (("incidental", by_kind["incidental"]), ("structural", by_kind["structural"])):
        s.add(
            C(row_obj.label),
            *[C(_begroting_ref(key, i, row_obj.values[y]), "euro") for i, y in enumerate(years)],
            C(_begroting_ref(key, n, row_obj.total), "total_euro"),
        )
    total = report.grand_total
    s.add(
        C("Totaal", "total_label"),
        *[C(_begroting_ref("total", i, total.values[y]), "total_euro") for i, y in enumerate(years)],
        C(_begroting_ref("total", n, total.total), "total_euro"),
    )
    s.add(C(report.fte.label), *[C(_begroting_ref("fte", i, report.fte.values[y]), "fte") for i, y in enumerate(years)])
    s.add(C("Formules op het tabblad Begroting: wijzig een uitgangspunt en deze totalen rekenen mee.", "note"))
    s.add()
    s.add(
        C(
            f"Belangrijkste aanvragen: op prioriteit (must have eerst), daarbinnen de duurste eerst; bedragen bij "
            f"de export, incidenteel en totaal over {years[0]}-{years[-1]}, structureel per jaar in {years[-1]}",
            "subtitle",
        )
    )
    s.add(
        *[
            C(h, "header")
            for h in (
                "Aanvraag",
                "Prioriteit",
                "Vanaf",
                heading(LineKind.INCIDENTAL),
                f"Structureel {years[-1]}",
                "Totaal",
            )
        ]
    )
    for r in summary.top_requests:
        s.add(
            C(r.title, "wrap"),
            C(r.priority),
            C(r.start_year, "text"),
            C(r.incidental_total, "euro"),
            C(r.structural_last, "euro"),
            C(r.total, "euro"),
        )
    if not summary.top_requests:
        s.add(C("Er zijn geen ontwikkelingen opgenomen.", "note"))
    if summary.other_requests:
        s.add(
            C(
                f"En {summary.other_requests} andere aanvragen, samen {fmt_eur(summary.other_total)} over "
                f"{years[0]}-{years[-1]}; alle aanvragen staan op het tabblad Keuzes.",
                "note",
            )
        )
    s.add()
    s.add(C("Wijziging ten opzichte van de vorige versie", "subtitle"))
    change = summary.change
    if change is None:
        s.add(C("Er is nog geen wijziging vastgelegd.", "note"))
        return s
    s.add(C(f"Versie {change.version} ({change.when}): {change.headline}"))
    for fact in change.facts:
        s.add(C(fact, "text"))
    if change.more_facts:
        s.add(C(f"en {change.more_facts} andere wijzigingen", "note"))
    if change.difference is None:
        s.add(C(change.note, "note"))
        return s
    s.add(C(f"Totalen na minus vóór deze wijziging (versie {change.previous_version})", "note"))
    s.add(
        *[C(h, "header") for h in ("Jaar", heading(LineKind.INCIDENTAL), heading(LineKind.STRUCTURAL), "Totaal", "fte")]
    )
    for year, d in change.by_year():
        s.add(
            C(year, "text"),
            C(d["incidental"], "euro"),
            C(d["structural"], "euro"),
            C(d["total"], "euro"),
            C(d["fte"], "fte"),
        )
    return s


def _begroting_ref(key: str, index: int, cached) -> Formula:
    """The cell of the sheet Begroting with the total of `key` ("incidental", ...) in year column `index` (the
    column after the years is the row's total)."""
    return Formula(lambda d: d.ref(col_letter(index + 1), BEGROTING_ROWS[key], "Begroting"), cached)


def _section_sheet(section) -> Sheet:
    """An app's section (exports.report.ReportSection) as a sheet: title, intro, table, notes."""
    s = Sheet(section.sheet[:31], widths={0: 40, **{i: 16 for i in range(1, len(section.header))}}, freeze=(3, 1))
    s.add(C(section.title, "title"))
    s.add(C(section.intro, "note"))
    s.add(*[C(h, "header") for h in section.header])
    for row in section.rows:
        s.add(*[C(v, "fte" if isinstance(v, Decimal) else "wrap") for v in row])
    for note in section.notes:
        s.add(C(note, "note"))
    return s


def _choices_sheet(report: BudgetReport) -> Sheet:
    """A plan's choice per development: what is in, with which priority, from when, and why."""
    s = Sheet("Keuzes", widths={0: 22, 1: 40, 2: 10, 3: 18, 4: 16, 5: 10, 6: 90}, freeze=(2, 2))
    s.add(
        C("Keuzes per ontwikkeling (regels met een eigen gegeven staan met hun reden op het tabblad Regels)", "title")
    )
    s.add(
        *[
            C(h, "header")
            for h in ("Domein", "Ontwikkeling", "Opgenomen", "Prioriteit", "Soort", "Startjaar", "Motivering")
        ]
    )
    for choice in report.choices:
        s.add(
            C(choice.domain_name),
            C(choice.title, "wrap"),
            C("ja" if choice.included else "nee"),
            C(choice.priority),
            C(choice.capacity_type),
            C(choice.start_year, "input_int"),
            C(choice.motivation, "wrap"),
        )
    return s


def _assumptions_sheet(report: BudgetReport) -> Sheet:
    s = Sheet(A, widths={0: 34, 1: 16, 2: 110})
    s.add(C("Uitgangspunten (pas de blauwe waarden aan; de begroting rekent mee)", "title"))
    s.add(C("Uitgangspunt", "header"), C("Waarde", "header"), C("Herkomst", "header"))
    p, r = report.profile, report.reference
    by_key = {a.key: a for a in report.assumptions}
    rows = [
        ("Inwoners", p.inhabitants, by_key["inhabitants"].provenance),
        ("Medewerkers", p.employees, by_key["employees"].provenance),
        ("Afdelingen", p.departments, by_key["departments"].provenance),
        ("Inwoners referentiegemeente", r.inhabitants, by_key["reference"].provenance),
        ("Medewerkers referentiegemeente", r.employees, by_key["reference"].provenance),
        ("Afdelingen referentiegemeente", r.departments, by_key["reference"].provenance),
        ("Basisjaar (prijspeil)", report.base_year, by_key["price_level"].provenance),
        ("Uren per fte per week", report.hours_per_fte, by_key["hours_per_fte"].provenance),
        ("Loonindex % per jaar (capaciteit)", report.wage_index_percent, by_key["wage_index"].provenance),
        (
            "Prijsindex % per jaar (overige regels)",
            report.price_index_percent,
            by_key["price_index"].provenance,
        ),
    ]
    for label, value, provenance in rows:
        s.add(C(label), C(value, "input"), C(provenance, "wrap"))
    s.add()
    s.add(C("Salaristabel: kosten van één fte per jaar (integraal)", "subtitle"), None, C(report.salary_source, "wrap"))
    s.add(C("Schaal", "header"), C("Kosten per fte per jaar", "header"), C("Afleiding", "header"))
    if len(s.rows) != SALARY_FIRST_ROW - 1:  # formulas elsewhere point at this row
        raise AssertionError("salary table moved; update SALARY_FIRST_ROW")
    for cost in report.salary:
        s.add(C(cost.scale, "input_int"), C(cost.annual_cost, "input_euro"), C(cost.explanation, "wrap"))
    return s


@dataclass
class LinesLayout:
    first: int
    last: int
    year_cols: dict[int, str]
    fte_cols: dict[int, str]
    id_cols: dict[str, str]  # ID_COLUMNS name -> column letter


# Column letters of the lines sheet.
COLS = dict(
    key="A",
    domain="B",
    development="C",
    description="D",
    kind="E",
    category="F",
    amount="G",
    hours="H",
    scale="I",
    driver="J",
    exponent="K",
    start="L",
    offset="M",
    spread="N",
    base="O",
    factor="P",
    price_year="Q",
)


def _lines_sheet(report: BudgetReport) -> tuple[Sheet, LinesLayout]:
    n = len(report.years)
    first_year_col = 17
    year_cols = {y: col_letter(first_year_col + i) for i, y in enumerate(report.years)}
    fte_cols = {y: col_letter(first_year_col + n + i) for i, y in enumerate(report.years)}
    first_id_col = first_year_col + 2 * n
    id_cols = {name: col_letter(first_id_col + i) for i, name in enumerate(ID_COLUMNS)}
    prov_col = first_id_col + len(ID_COLUMNS)
    s = Sheet(
        "Regels",
        widths={
            0: 14,
            1: 22,
            2: 30,
            3: 40,
            4: 12,
            5: 16,
            6: 12,
            7: 10,
            8: 7,
            9: 12,
            10: 9,
            11: 10,
            12: 9,
            13: 9,
            14: 14,
            15: 11,
            16: 10,
            **{first_id_col + i: 16 for i in range(len(ID_COLUMNS))},
            prov_col: 12,
            prov_col + 1: 80,
        },
        freeze=(1, 4),
    )
    header = [
        "Sleutel",
        "Domein",
        "Ontwikkeling",
        "Omschrijving",
        "Soort",
        "Categorie",
        "Bedrag (€)",
        "Uren/week",
        "Schaal",
        "Schaalt met",
        "Exponent",
        "Startjaar",
        "Start na (jaren)",
        "Spreiding (jaren)",
        "Basisbedrag (€)",
        "Schaalfactor",
        "Prijspeil eigen bedrag",
    ]
    s.add(
        *[C(h, "header") for h in header],
        *[C(y, "header_year") for y in report.years],
        *[C(f"fte {y}", "header") for y in report.years],
        *[C(h, "header") for h in ID_COLUMNS.values()],
        C("Herkomst", "header"),
        C("Toelichting herkomst", "header"),
    )
    first = 2
    last = first + len(report.lines) - 1
    for line in report.lines:
        row = len(s.rows) + 1
        cells = [
            C(line.key),
            C(line.domain_name),
            C(line.development_title),
            C(line.description, "wrap"),
            C(line.kind_label),
            C(heading(Category(line.category))),
            C(line.amount, "input_euro") if line.amount is not None else C(None, "input_euro"),
            C(line.hours_per_week, "input") if line.hours_per_week is not None else C(None, "input"),
            C(line.salary_scale, "input_int") if line.salary_scale is not None else C(None, "input_int"),
            C(line.driver_label),
            C(line.exponent, "input"),
            C(line.start_year, "input_int"),
            C(line.offset, "input_int"),
            C(line.spread, "input_int"),
            C(Formula(_base(row), _base_value(line, report)), "euro"),
            C(Formula(_factor(row, id_cols), _factor_value(line)), "factor"),
            C(line.price_year, "input_int") if line.price_year is not None else C(None, "input_int"),
        ]
        for year in report.years:
            cells.append(C(Formula(_year_amount(row, year_cols[year], id_cols), line.amount_in(year)), "euro"))
        for year in report.years:
            cell = line.cells.get(year)
            cells.append(C(Formula(_year_fte(row, year_cols[year]), cell.fte if cell else 0), "fte"))
        ids = {
            "kind": line.kind,
            "category": line.category,
            "driver": line.driver,
            "domain": line.domain,
            "development": line.development,
        }
        cells += [C(ids[name]) for name in ID_COLUMNS]
        cells += [C(line.provenance_type), C(line.provenance_text, "wrap")]
        s.add(*cells)
    total = [C("Totaal", "total_label")] + [None] * (first_year_col - 1)
    for year in report.years:
        total.append(C(Formula(_col_sum(year_cols[year], first, last), report.grand_total.values[year]), "total_euro"))
    for year in report.years:
        total.append(C(Formula(_col_sum(fte_cols[year], first, last), report.fte.values[year]), "total_fte"))
    s.add(*total)
    return s, LinesLayout(first, max(last, first), year_cols, fte_cols, id_cols)


def _inp(d: Dialect, name: str) -> str:
    return d.ref("B", INPUT_ROWS[name], A, abs_col=True, abs_row=True)


def _base(row):
    def build(d):
        c = COLS
        salary = d.rng("A", SALARY_FIRST_ROW, "B", SALARY_FIRST_ROW + 20, A)
        capacity = f"{d.ref(c['hours'], row)}/{_inp(d, 'hours_per_fte')}*{d.fn('VLOOKUP', d.ref(c['scale'], row), salary, '2', '0')}"
        return d.fn("IF", f'{d.ref(c["hours"], row)}=""', d.ref(c["amount"], row), capacity)

    return build


def _factor(row, id_cols):
    def build(d):
        driver, exponent = d.ref(id_cols["driver"], row), d.ref(COLS["exponent"], row)
        expr = "1"
        for name in reversed(SCALING_DRIVERS):
            ratio = f"({_inp(d, name)}/{_inp(d, 'ref_' + name)})^{exponent}"
            expr = d.fn("IF", f'{driver}="{name}"', ratio, expr)
        return expr

    return build


def _year_amount(row, col, id_cols):
    def build(d):
        c = COLS
        year = d.ref(col, 1, abs_row=True)
        first = f"{d.ref(c['start'], row, abs_col=True)}+{d.ref(c['offset'], row, abs_col=True)}"
        kind, hours = d.ref(id_cols["kind"], row, abs_col=True), d.ref(c["hours"], row, abs_col=True)
        spread = d.ref(c["spread"], row, abs_col=True)
        structural = f'{kind}="{LineKind.STRUCTURAL.value}"'
        active = d.fn("AND", f"{year}>={first}", d.fn("OR", structural, f"{year}<{first}+{spread}"))
        divisor = d.fn("IF", d.fn("AND", f'{kind}="{LineKind.INCIDENTAL.value}"', f'{hours}=""'), spread, "1")
        index = d.fn("IF", f'{hours}=""', _inp(d, "price_index"), _inp(d, "wage_index"))
        # An own amount in the prices of its own year is indexed from that year on, never before it.
        price_year = d.ref(c["price_year"], row, abs_col=True)
        steps = d.fn(
            "IF", f'{price_year}=""', f"{year}-{_inp(d, 'base_year')}", d.fn("MAX", "0", f"{year}-{price_year}")
        )
        amount = (
            f"{d.ref(c['base'], row, abs_col=True)}/{divisor}*{d.ref(c['factor'], row, abs_col=True)}"
            f"*(1+{index}/100)^({steps})"
        )
        return d.fn("IF", active, amount, "0")

    return build


def _year_fte(row, amount_col):
    def build(d):
        c = COLS
        hours = d.ref(c["hours"], row, abs_col=True)
        fte = f"{hours}/{_inp(d, 'hours_per_fte')}*{d.ref(c['factor'], row, abs_col=True)}"
        return d.fn("IF", d.fn("AND", f'{hours}<>""', f"{d.ref(amount_col, row)}<>0"), fte, "0")

    return build


def _col_sum(col, first, last):
    return lambda d: d.fn("SUM", d.rng(col, first, col, last))


def _base_value(line, report):
    cells = list(line.cells.values())
    return cells[0].base if cells else Decimal(0)


def _factor_value(line):
    cells = list(line.cells.values())
    return cells[0].scale if cells else Decimal(1)


def _summary_sheet(report: BudgetReport, layout: LinesLayout) -> Sheet:
    years = report.years
    id_col = col_letter(len(years) + 2)  # after the totals: each row's id, which its formulas match on
    s = Sheet(
        "Begroting", widths={0: 46, **{i + 1: 14 for i in range(len(years) + 1)}, len(years) + 2: 24}, freeze=(5, 1)
    )
    s.add(C(report.title, "title"))
    s.add(C(report.subtitle, "subtitle"))
    s.add(
        C(
            "Bedragen in euro, exclusief btw, geïndexeerd per jaar. Formules rekenen met de tabbladen "
            "Regels en Uitgangspunten; wijzig daar de waarden. De laatste kolom is de id waarop een rij "
            "de regels optelt (de kolommen met (id) op het tabblad Regels).",
            "note",
        )
    )
    s.add()
    total_col = col_letter(len(years) + 1)

    def header(title, id_name):
        s.add(
            C(title, "header"),
            *[C(y, "header_year") for y in years],
            C("Totaal", "header"),
            C(ID_COLUMNS[id_name], "header"),
        )

    def sumif_row(id_name, row_obj, style="euro"):
        """The lines whose id in column `id_name` of Regels equals this row's id (in column id_col)."""
        row = len(s.rows) + 1
        criteria_col = layout.id_cols[id_name]
        cells = [C(row_obj.label)]
        for year in years:
            col = layout.year_cols[year]

            def build(d, col=col):
                # SUMPRODUCT compares exactly: no wildcards or operators, unlike SUMIF.
                match = d.rng(criteria_col, layout.first, criteria_col, layout.last, "Regels")
                values = d.rng(col, layout.first, col, layout.last, "Regels")
                return d.fn("SUMPRODUCT", f"({match}={d.ref(id_col, row, abs_col=True)})*({values})")

            cells.append(C(Formula(build, row_obj.values[year]), style))
        cells.append(C(Formula(_row_sum(row, len(years)), row_obj.total), "total_euro"))
        cells.append(C(row_obj.key))
        s.add(*cells)
        return row

    header("ICT-begroting per jaar", "kind")
    by_kind = {row.key: row for row in report.summary}
    inc = sumif_row("kind", by_kind[LineKind.INCIDENTAL.value])
    struc = sumif_row("kind", by_kind[LineKind.STRUCTURAL.value])
    total_row = len(s.rows) + 1

    def plus(col):
        return lambda d: f"{d.ref(col, inc)}+{d.ref(col, struc)}"

    s.add(
        C("Totaal", "total_label"),
        *[
            C(
                Formula(plus(col_letter(i + 1)), report.grand_total.values[y]),
                "total_euro",
            )
            for i, y in enumerate(years)
        ],
        C(Formula(_row_sum(total_row, len(years)), report.grand_total.total), "total_euro"),
        C(report.grand_total.key),
    )
    if {"incidental": inc, "structural": struc, "total": total_row, "fte": len(s.rows) + 1} != BEGROTING_ROWS:
        raise AssertionError("summary rows moved; update BEGROTING_ROWS")
    s.add(
        C("Capaciteit (fte)"),
        *[
            C(
                Formula(
                    lambda d, col=layout.fte_cols[y]: d.fn("SUM", d.rng(col, layout.first, col, layout.last, "Regels")),
                    report.fte.values[y],
                ),
                "fte",
            )
            for y in years
        ],
        None,
        C(report.fte.key),
    )
    s.add()
    header("Per domein", "domain")
    for row in report.by_domain:
        sumif_row("domain", row)
    s.add()
    header("Per categorie", "category")
    for row in report.by_category:
        sumif_row("category", row)
    s.add()
    header("Per ontwikkeling", "development")
    for row in report.by_development:
        sumif_row("development", row)
    s.add()
    s.add(
        C(
            f"Totaal {years[0]}-{years[-1]}: zie cel {total_col}{total_row}. Profiel: "
            f"{fmt_num(report.profile.inhabitants)} inwoners, {fmt_num(report.profile.employees)} medewerkers, "
            f"{fmt_num(report.profile.departments)} afdelingen.",
            "note",
        )
    )
    for note in report.notes:
        s.add(C(note, "note"))
    return s


def _row_sum(row, n_years):
    return lambda d: d.fn("SUM", d.rng("B", row, col_letter(n_years), row))
