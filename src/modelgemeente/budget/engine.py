"""The budget engine: from budget lines and a municipality to amounts per year.

Pure Python on Decimal, no Django: the pages, the API and every export take
their numbers from one `compute()` result. Method: docs/budget-method.md.

For every line and year:

    base       = amount                                  (money line)
               = hours_per_week / hours_per_fte × cost_per_fte[scale]   (capacity line)
    scale      = (own size / reference size) ** exponent (per the line's driver)
    per year   = base / spread for incidental money lines (spread years from the start)
               = base for capacity lines (a rate) in each year they run
               = base every year from the start for structural lines
    index      = (1 + index% / 100) ** (year - base_year)   wage index for capacity, price index otherwise
                 (a money line with its own price year: ** max(0, year - price_year))
    amount     = per year × scale × index
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from .money import D, fmt_eur, fmt_num, fmt_pct

# The values of line kinds and drivers. The engine imports no Django, so the enums with their labels
# live in core/enums.py and take their values from these constants (tests/core/test_enums.py).
INCIDENTAL, STRUCTURAL = "incidental", "structural"
KINDS = (INCIDENTAL, STRUCTURAL)
FIXED, INHABITANTS, EMPLOYEES, DEPARTMENTS = "fixed", "inhabitants", "employees", "departments"
DRIVERS = (FIXED, INHABITANTS, EMPLOYEES, DEPARTMENTS)
SCALING_DRIVERS = (INHABITANTS, EMPLOYEES, DEPARTMENTS)  # the profile's sizes
# The engine's own Dutch words for the scaling drivers (its explanations are Dutch); they equal the
# Dutch labels of core.enums.Driver, which tests/core/test_enums.py checks.
DRIVER_NL = {INHABITANTS: "inwoners", EMPLOYEES: "medewerkers", DEPARTMENTS: "afdelingen"}
ONE = Decimal(1)
# Cell amounts keep ten decimals: far below a cent, and it makes every sum exact,
# so totals agree to the last digit whatever order they are added in.
PRECISION = Decimal("1e-10")


class BudgetInputError(ValueError):
    """Input the engine cannot compute with; the message is Dutch and names the line."""


@dataclass(frozen=True)
class Line:
    key: str  # unique, e.g. "energietransitie/dashboard-ontwikkelen"
    development: str
    domain: str
    description: str
    kind: str
    category: str
    driver: str
    exponent: Decimal
    amount: Decimal | None = None
    hours_per_week: Decimal | None = None
    salary_scale: int | None = None
    offset: int = 0
    spread: int = 1
    # Money lines only: the year in whose prices `amount` is stated (a municipality's own figure).
    # None: the edition's base price year. No indexation is applied for years before it.
    price_year: int | None = None

    @property
    def is_capacity(self) -> bool:
        return self.hours_per_week is not None


@dataclass(frozen=True)
class Profile:
    inhabitants: int
    employees: int
    departments: int

    def size(self, driver: str) -> Decimal:
        return D(getattr(self, driver))


@dataclass(frozen=True)
class Assumptions:
    base_year: int
    hours_per_fte: Decimal
    cost_per_fte: dict[int, Decimal]  # annual integral cost of one FTE per scale, at base_year level
    wage_index_percent: Decimal
    price_index_percent: Decimal


@dataclass(frozen=True)
class Scenario:
    lines: tuple[Line, ...]
    profile: Profile
    reference: Profile
    start_years: dict[str, int]  # development -> year it starts
    years: tuple[int, ...]
    assumptions: Assumptions


class Cell(NamedTuple):
    """One line in one year. The explanation is built on demand (it is text, not maths).

    A NamedTuple because a full edition for 342 municipalities creates well over
    a hundred thousand cells, and tuples are the cheapest to create.
    """

    line: Line
    year: int
    amount: Decimal  # ten decimals, see PRECISION
    fte: Decimal  # capacity lines only, else 0
    base: Decimal
    divisor: Decimal
    scale: Decimal
    index: Decimal
    scenario: "Scenario"

    @property
    def explanation(self) -> str:
        """The derivation in Dutch (the language of the exports)."""
        return self.explain(WORDS_NL)

    def explain(self, words: "Words") -> str:
        """The derivation of this amount, with the words of one language (numbers stay Dutch-style)."""
        s, line, a, w = self.scenario, self.line, self.scenario.assumptions, words
        if line.is_capacity:
            cost = a.cost_per_fte[line.salary_scale]
            text = (
                f"{fmt_num(line.hours_per_week)} {w.hours_per_week} ÷ {fmt_num(a.hours_per_fte)} {w.hours_per_fte} "
                f"× {fmt_eur(cost)} {w.per_fte} ({w.scale} {line.salary_scale}) = {fmt_eur(self.base)} {w.per_year}"
            )
        else:
            text = f"{fmt_eur(self.base)} {w.per_year if line.kind == STRUCTURAL else w.once}"
        plain = text
        if self.divisor != 1:
            text += f" ÷ {fmt_num(self.divisor)} {w.years}"
        own = ref = None
        if line.driver != FIXED and D(line.exponent) != 0:
            own, ref = s.profile.size(line.driver), s.reference.size(line.driver)
        if own != ref:  # at the reference size the factor is 1: nothing to explain
            text += (
                f" × ({fmt_num(own)} / {fmt_num(ref)} {w.drivers[line.driver]})"
                f"^{fmt_num(line.exponent)} [= {fmt_num(self.scale, 4)}]"
            )
        steps = self.year - index_base_year(line, a)
        if line.price_year is not None and not line.is_capacity:
            text += f" ({w.price_level} {line.price_year})"
        if steps > 0 and self.index != 1:
            percent = a.wage_index_percent if line.is_capacity else a.price_index_percent
            name = w.wage_index if line.is_capacity else w.price_index
            text += f" × {name} (1 + {fmt_pct(percent)})^{steps} [= {fmt_num(self.index, 4)}]"
        if text == plain:
            return f"{text} {w.in_year} {self.year}"
        return f"{text} = {fmt_eur(self.amount)} {w.in_year} {self.year}"


class Words(NamedTuple):
    """The words of a cell's explanation in one language. The engine knows Dutch; the web
    layer passes a translated set (catalog/templatetags/nl_format.explain)."""

    hours_per_week: str
    hours_per_fte: str
    per_fte: str
    scale: str
    per_year: str
    once: str
    years: str
    price_level: str
    wage_index: str
    price_index: str
    in_year: str
    drivers: dict


WORDS_NL = Words(
    hours_per_week="uur/week",
    hours_per_fte="uur/fte",
    per_fte="per fte",
    scale="schaal",
    per_year="per jaar",
    once="eenmalig",
    years="jaar",
    price_level="prijspeil",
    wage_index="loonindex",
    price_index="prijsindex",
    in_year="in",
    drivers=DRIVER_NL,
)


@dataclass
class Result:
    scenario: Scenario
    cells: list[Cell] = field(default_factory=list)

    def total(self, year: int | None = None, **where) -> Decimal:
        """Unrounded total over cells matching year and line attributes (kind=..., domain={...})."""
        return sum((c.amount for c in self._select(year, where)), Decimal(0))

    def fte(self, year: int | None = None, **where) -> Decimal:
        return sum((c.fte for c in self._select(year, where)), Decimal(0))

    def _select(self, year, where):
        for cell in self.cells:
            if year is not None and cell.year != year:
                continue
            if all(
                getattr(cell.line, k) in v if isinstance(v, (set, frozenset)) else getattr(cell.line, k) == v
                for k, v in where.items()
            ):
                yield cell

    def by(self, attribute: str, **where) -> dict[str, dict[int, Decimal]]:
        """{value of the line attribute: {year: total}} for every year of the scenario,
        over the cells whose line matches `where` (e.g. kind="structural")."""
        table: dict[str, dict[int, Decimal]] = defaultdict(lambda: {y: Decimal(0) for y in self.scenario.years})
        for cell in self._select(None, where) if where else self.cells:
            table[getattr(cell.line, attribute)][cell.year] += cell.amount
        return dict(table)

    def per_year(self, **where) -> dict[int, Decimal]:
        """{year: total} over the cells whose line matches `where` (a set matches any of its values)."""
        totals = {y: Decimal(0) for y in self.scenario.years}
        for cell in self._select(None, where) if where else self.cells:
            totals[cell.year] += cell.amount
        return totals

    def minus(self, other: "Result", attribute: str | None = None) -> dict:
        """This result minus another over the same years: {year: difference}, or per line
        attribute {value: {year: difference}} (values present in either result)."""
        if attribute is None:
            mine, theirs = self.per_year(), other.per_year()
            return {y: mine[y] - theirs.get(y, Decimal(0)) for y in self.scenario.years}
        mine, theirs = self.by(attribute), other.by(attribute)
        zero = {y: Decimal(0) for y in self.scenario.years}
        return {
            key: {y: mine.get(key, zero)[y] - theirs.get(key, zero).get(y, Decimal(0)) for y in self.scenario.years}
            for key in {**theirs, **mine}
        }

    def line_cells(self, key: str) -> list[Cell]:
        return [c for c in self.cells if c.line.key == key]


def base_amount(line: Line, assumptions: Assumptions) -> Decimal:
    """Yearly cost (capacity) or amount (money) of a line for the reference, at base-year prices."""
    if line.is_capacity:
        try:
            cost = assumptions.cost_per_fte[line.salary_scale]
        except KeyError:
            raise BudgetInputError(
                f"{line.key}: salarisschaal {line.salary_scale} ontbreekt in de salaristabel"
            ) from None
        return D(line.hours_per_week) / D(assumptions.hours_per_fte) * cost
    return D(line.amount)


def scale_factor(line: Line, profile: Profile, reference: Profile) -> Decimal:
    """(own size / reference size) ** exponent; 1 for fixed lines."""
    if line.driver == FIXED or D(line.exponent) == 0:
        return ONE
    return (profile.size(line.driver) / reference.size(line.driver)) ** D(line.exponent)


def index_factor(percent, steps: int) -> Decimal:
    """Compound yearly index over `steps` years from the base year."""
    if steps == 0 or D(percent) == 0:
        return ONE
    return (1 + D(percent) / 100) ** steps


def index_base_year(line: Line, assumptions: Assumptions) -> int:
    """The year from which a line is indexed: its own price year (money lines), else the base year."""
    if line.price_year is not None and not line.is_capacity:
        return line.price_year
    return assumptions.base_year


def active_years(line: Line, start_year: int, years) -> list[int]:
    first = start_year + line.offset
    if line.kind == STRUCTURAL:
        return [y for y in years if y >= first]
    return [y for y in years if first <= y < first + line.spread]


def validate(scenario: Scenario) -> None:
    for line in scenario.lines:
        if line.kind not in KINDS:
            raise BudgetInputError(f"{line.key}: onbekende soort '{line.kind}'")
        if line.driver not in DRIVERS:
            raise BudgetInputError(f"{line.key}: onbekende schaalfactor '{line.driver}'")
        if not 0 <= D(line.exponent) <= 1:
            raise BudgetInputError(f"{line.key}: exponent moet tussen 0 en 1 liggen")
        if line.is_capacity == (line.amount is not None):
            raise BudgetInputError(f"{line.key}: geef een bedrag of uren per week, niet beide of geen van beide")
        value = line.hours_per_week if line.is_capacity else line.amount
        if D(value) < 0:
            raise BudgetInputError(f"{line.key}: bedrag of uren mogen niet negatief zijn")
        if line.offset < 0 or line.spread < 1:
            raise BudgetInputError(f"{line.key}: start moet 0 of later zijn en spreiding minstens 1 jaar")
    for name in SCALING_DRIVERS:
        if getattr(scenario.profile, name) <= 0 or getattr(scenario.reference, name) <= 0:
            raise BudgetInputError(f"aantal {DRIVER_NL[name]} moet groter dan 0 zijn")
    if D(scenario.assumptions.hours_per_fte) <= 0:
        raise BudgetInputError("uren per fte moet groter dan 0 zijn")


def compute(scenario: Scenario) -> Result:
    """Amounts per line per year, unrounded, each able to explain itself."""
    validate(scenario)
    result = Result(scenario)
    a = scenario.assumptions
    wage = {y: index_factor(a.wage_index_percent, y - a.base_year) for y in scenario.years}
    price = {y: index_factor(a.price_index_percent, y - a.base_year) for y in scenario.years}
    append = result.cells.append
    factors: dict[tuple[str, Decimal], Decimal] = {}  # few distinct (driver, exponent) pairs: power once each
    for line in scenario.lines:
        start = scenario.start_years.get(line.development)
        if start is None:
            continue  # development not selected
        years = active_years(line, start, scenario.years)
        if not years:
            continue
        base = base_amount(line, a)
        scale = factors.get((line.driver, line.exponent))
        if scale is None:
            scale = factors[(line.driver, line.exponent)] = scale_factor(line, scenario.profile, scenario.reference)
        divisor = D(line.spread) if (line.kind == INCIDENTAL and not line.is_capacity) else ONE
        per_year = base / divisor * scale
        fte = D(line.hours_per_week) / D(a.hours_per_fte) * scale if line.is_capacity else Decimal(0)
        if line.is_capacity:
            index = wage
        elif line.price_year is None:
            index = price
        else:
            index = {y: index_factor(a.price_index_percent, max(0, y - line.price_year)) for y in years}
        for year in years:
            amount = (per_year * index[year]).quantize(PRECISION)
            append(Cell(line, year, amount, fte, base, divisor, scale, index[year], scenario))
    return result
