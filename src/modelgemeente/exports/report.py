"""One budget report structure, built from one engine result.

The budget pages and every export (XLSX, ODS, CSV, PDF) render this same
structure, so they show the same numbers. Nothing here computes money: totals
come from the engine's Result.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_noop

from modelgemeente.budget.engine import Cell, Profile, Result
from modelgemeente.budget.money import fmt_eur, fmt_num, round_euro
from modelgemeente.budget.salary import ScaleCost
from modelgemeente.core.enums import Category, Driver, LineKind, heading

# Rows are found by their `key` (a line kind, domain, category or development id), never by label.
# The labels of line kinds and categories are the enums' (core/enums.py), in the language active
# when the report is built: pages build it in the reader's language, downloads in Dutch
# (exports.writers.download). The report's own fixed labels ("Totaal") are Dutch and marked for
# translation (gettext_noop), so that pages show them in the interface language with
# {% translate row.label %}.
# The assumptions by key, with their labels (Dutch, the language of the exports; marked for
# translation so that pages show them in the reader's language with {% translate a.label %}).
ASSUMPTION_LABELS = {
    "inhabitants": gettext_noop("Inwoners"),
    "employees": gettext_noop("Medewerkers"),
    "departments": gettext_noop("Afdelingen"),
    "reference": gettext_noop("Referentiegemeente"),
    "price_level": gettext_noop("Prijspeil"),
    "hours_per_fte": gettext_noop("Uren per fte per week"),
    "wage_index": gettext_noop("Loonindex per jaar"),
    "price_index": gettext_noop("Prijsindex per jaar"),
    "salary_table": gettext_noop("Salaristabel"),
    "edition": gettext_noop("Release van de Modelgemeente"),
}


@dataclass
class Row:
    label: str
    values: dict[int, Decimal]
    key: str = ""
    url: str = ""

    @property
    def total(self) -> Decimal:
        return sum(self.values.values(), Decimal(0))

    def cells(self, years):
        return [self.values.get(y, Decimal(0)) for y in years]

    def amount_in(self, year) -> Decimal:
        return self.values.get(year, Decimal(0))


@dataclass
class LineRow:
    key: str
    development: str
    development_title: str
    domain: str
    domain_name: str
    description: str
    kind: str
    category: str
    amount: Decimal | None
    hours_per_week: Decimal | None
    salary_scale: int | None
    driver: str
    exponent: Decimal
    offset: int
    spread: int
    start_year: int
    price_year: int | None
    provenance_type: str
    provenance_text: str
    cells: dict[int, Cell]
    own: bool = False  # the municipality's own figure or own line (not the model's): shown in the plan's PDF

    def amount_in(self, year) -> Decimal:
        cell = self.cells.get(year)
        return cell.amount if cell else Decimal(0)

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.cells.values()), Decimal(0))

    @property
    def size_label(self) -> str:
        if self.hours_per_week is not None:
            return f"{fmt_num(self.hours_per_week)} uur per week, schaal {self.salary_scale}"
        return fmt_eur(self.amount) + (" per jaar" if self.kind == LineKind.STRUCTURAL else "")

    # The labels of the line's enums in the active language (core/enums.py).
    @property
    def kind_label(self) -> str:
        return str(LineKind(self.kind).label)

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label)

    @property
    def driver_label(self) -> str:
        return str(Driver(self.driver).label)


@dataclass
class ChoiceRow:
    """A plan's choice for one development (plans only)."""

    development: str
    title: str
    domain_name: str
    included: bool
    priority: str
    capacity_type: str
    start_year: int
    motivation: str


@dataclass
class ReportSection:
    """A table of its own in a plan's exports (a sheet in XLSX/ODS, a section in the PDF), supplied by an app
    above plans through plans/report_sections.py; e.g. "Ambities en voortgang"."""

    title: str
    sheet: str  # sheet name, at most 31 characters
    intro: str
    header: list[str]
    rows: list[list]  # cells: str, int (a year) or Decimal (a figure with two decimals)
    notes: list[str] = field(default_factory=list)


@dataclass
class Request:
    """A development a plan includes, as a council document shows it: its choice and what it costs per year
    (from the engine result, arranged by plans/pc_views.voorjaarsnota)."""

    key: str  # development slug
    title: str
    domain_name: str
    priority: str  # the priority's label
    priority_key: str  # must, should, could
    start_year: int
    capacity_type: str
    motivation: str
    incidental: dict[int, Decimal]
    structural: dict[int, Decimal]
    fte: dict[int, Decimal]

    @property
    def incidental_total(self) -> Decimal:
        return sum(self.incidental.values(), Decimal(0))

    @property
    def structural_total(self) -> Decimal:
        return sum(self.structural.values(), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.incidental_total + self.structural_total

    @property
    def per_year(self) -> list[Decimal]:
        """Incidental and structural together, per year in order."""
        return [
            self.incidental.get(y, Decimal(0)) + self.structural.get(y, Decimal(0)) for y in sorted(self.incidental)
        ]

    @property
    def structural_last(self) -> Decimal:
        """The structural cost in the plan's last year: what it costs every year from then on."""
        return self.structural[max(self.structural)] if self.structural else Decimal(0)


@dataclass
class LeftOut:
    """A development the plan does not count now (won't have, or not included), with its motivation."""

    title: str
    domain_name: str
    motivation: str


@dataclass
class VersionChange:
    """The last change of a plan against its previous version, for the summary: what changed (facts as lines in
    the active language, from plans/changes.describe) and the totals per year after minus before. `difference` is
    None when the previous version's totals were not kept (changes saved before PlanChange.totals existed)."""

    version: int
    headline: str
    when: str  # date, Dutch
    facts: list[str]
    more_facts: int  # facts left out of `facts` for space
    previous_version: int | None
    difference: list["Row"] | None  # incidental, structural, total (euro) and fte, per year

    @property
    def note(self) -> str:
        """Why there is no difference to show: the first version, or the previous one's totals not kept."""
        if self.previous_version is None:
            return "Dit is de eerste versie van het plan; er is geen vorige versie om mee te vergelijken."
        return (
            f"De totalen van de vorige versie ({self.previous_version}) zijn niet bekend: die versie is opgeslagen "
            "voordat de totalen per versie werden bewaard."
        )

    def by_year(self) -> list[tuple[int, dict[str, Decimal]]]:
        """The difference with the years as rows: [(2027, {"incidental": ..., "structural": ..., "total": ...,
        "fte": ...}), ...]."""
        if not self.difference:
            return []
        years = list(self.difference[0].values)
        return [(year, {row.key: row.amount_in(year) for row in self.difference}) for year in years]


def signed_eur(value) -> str:
    """'+ € 2.400', '- € 2.400' or '€ 0', rounded to whole euros: a difference."""
    rounded = round_euro(value)
    if rounded == 0:
        return fmt_eur(0)
    return ("+\u00a0" if rounded > 0 else "-\u00a0") + fmt_eur(abs(rounded))


def signed_num(value, decimals: int = 2) -> str:
    """'+ 0,50', '- 1,25' or '0,00': a difference in fte."""
    rounded = round_euro(value, decimals)
    if rounded == 0:
        return fmt_num(0, decimals)
    return ("+\u00a0" if rounded > 0 else "-\u00a0") + fmt_num(abs(rounded), decimals)


@dataclass
class PlanSummary:
    """What opens every export of a plan (one page): who, which plan, which release, version, status, date; the
    totals come from the report itself (summary and fte rows)."""

    organisation: str
    plan_title: str
    release_id: str
    release_title: str
    version: int
    status: str  # the status's label
    status_key: str
    scenario_name: str
    decision: str  # the council decision's date and reference, when adopted
    export_date: str  # Dutch date
    profile: str  # e.g. "30.000 inwoners, 300 medewerkers, 12 afdelingen"
    top_requests: list[Request]
    other_requests: int  # included requests not in top_requests
    other_total: Decimal  # their cost over the plan's years
    change: VersionChange | None

    @property
    def version_status(self) -> str:
        """ "versie 5, concept" (with the scenario's name when it is one): in every page's header and footer."""
        text = f"versie {self.version}, {self.status}"
        return f"{text}, scenario {self.scenario_name}" if self.scenario_name else text

    @property
    def heading(self) -> str:
        return f"{self.organisation} · {self.plan_title}"


def running_texts(report: "BudgetReport") -> dict[str, str]:
    """The running header and footer of every printed page (PDF, and the spreadsheets' print headers): who and
    which plan (left) with its version and status (right) on top; the release and the date of the export below
    (the page number beside it). The model budget: its title on top, its subtitle below."""
    summary = report.plan
    if summary is None:
        return {"header_left": report.title, "header_right": "", "footer_left": report.subtitle}
    version = f"Versie {summary.version} · {summary.status}"
    if summary.scenario_name:
        version += f" · scenario {summary.scenario_name}"
    return {
        "header_left": summary.heading,
        "header_right": version,
        "footer_left": f"{summary.release_title} · export {summary.export_date}",
    }


@dataclass
class Assumption:
    key: str  # one of ASSUMPTION_LABELS
    value: str
    provenance: str

    @property
    def label(self) -> str:
        return ASSUMPTION_LABELS[self.key]


@dataclass
class BudgetReport:
    title: str
    subtitle: str
    years: tuple[int, ...]
    profile: Profile
    reference: Profile
    summary: list[Row]
    fte: Row
    by_domain: list[Row]
    by_category: list[Row]
    by_development: list[Row]
    lines: list[LineRow]
    assumptions: list[Assumption]
    salary: list[ScaleCost]
    hours_per_fte: Decimal
    wage_index_percent: Decimal
    price_index_percent: Decimal
    base_year: int
    salary_source: str
    notes: list[str] = field(default_factory=list)
    choices: list[ChoiceRow] = field(default_factory=list)
    sections: list[ReportSection] = field(default_factory=list)
    result: Result | None = field(default=None, repr=False)  # the engine result it was built from
    # A plan's exports only (plans/council.py): the one-page summary that opens every format, the included
    # developments as requests (by priority) and the ones left out; None / empty for the model budget.
    plan: PlanSummary | None = None
    requests: list[Request] = field(default_factory=list)
    not_now: list[LeftOut] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)

    @property
    def grand_total(self) -> Row:
        return self.summary[-1]


def build_report(
    result: Result,
    *,
    title: str,
    subtitle: str,
    line_meta: dict,
    development_meta: dict,
    domain_meta: dict,
    salary: list[ScaleCost],
    salary_source: str,
    assumptions: list[Assumption],
    notes: list[str] | None = None,
    choices: list[ChoiceRow] | None = None,
) -> BudgetReport:
    """Arrange an engine result for display.

    line_meta:        {line key: {"provenance_type", "provenance_text"}}
    development_meta: {development slug: {"title", "url"}}   (order = display order)
    domain_meta:      {domain slug: {"name", "url"}}          (order = display order)
    """
    s = result.scenario
    years = s.years
    kind_totals = result.by("kind")
    summary = [
        Row(heading(kind), kind_totals.get(kind.value, {y: Decimal(0) for y in years}), key=kind.value)
        for kind in LineKind
    ]
    summary.append(Row(gettext_noop("Totaal"), result.per_year(), key="total"))
    fte = Row(gettext_noop("Capaciteit (fte)"), {y: result.fte(y) for y in years}, key="fte")

    domains = result.by("domain")
    by_domain = [
        Row(meta["name"], domains.get(slug, {y: Decimal(0) for y in years}), key=slug, url=meta.get("url", ""))
        for slug, meta in domain_meta.items()
    ]
    categories = result.by("category")
    by_category = [
        Row(heading(category), categories[category.value], key=category.value)
        for category in Category
        if category.value in categories
    ]
    developments = result.by("development")
    by_development = [
        Row(meta["title"], developments[slug], key=slug, url=meta.get("url", ""))
        for slug, meta in development_meta.items()
        if slug in developments
    ]

    cells_by_line: dict[str, dict[int, Cell]] = {}
    for cell in result.cells:
        cells_by_line.setdefault(cell.line.key, {})[cell.year] = cell
    lines = []
    for line in s.lines:
        if line.development not in s.start_years:
            continue
        meta = line_meta.get(line.key, {})
        lines.append(
            LineRow(
                key=line.key,
                development=line.development,
                development_title=development_meta.get(line.development, {}).get("title", line.development),
                domain=line.domain,
                domain_name=domain_meta.get(line.domain, {}).get("name", line.domain),
                description=line.description,
                kind=line.kind,
                category=line.category,
                amount=line.amount,
                hours_per_week=line.hours_per_week,
                salary_scale=line.salary_scale,
                driver=line.driver,
                exponent=line.exponent,
                offset=line.offset,
                spread=line.spread,
                start_year=s.start_years[line.development],
                price_year=line.price_year,
                provenance_type=meta.get("provenance_type", ""),
                provenance_text=meta.get("provenance_text", ""),
                cells=cells_by_line.get(line.key, {}),
                own=meta.get("own", False),
            )
        )
    a = s.assumptions
    return BudgetReport(
        title=title,
        subtitle=subtitle,
        years=years,
        profile=s.profile,
        reference=s.reference,
        summary=summary,
        fte=fte,
        by_domain=by_domain,
        by_category=by_category,
        by_development=by_development,
        lines=lines,
        assumptions=assumptions,
        salary=salary,
        hours_per_fte=a.hours_per_fte,
        wage_index_percent=a.wage_index_percent,
        price_index_percent=a.price_index_percent,
        base_year=a.base_year,
        salary_source=salary_source,
        notes=notes or [],
        choices=choices or [],
        result=result,
    )
