"""The budget engine: hand-computed examples and properties that must hold for any valid input."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelgemeente.budget.engine import Assumptions, BudgetInputError, Line, Profile, Scenario, compute
from modelgemeente.budget.money import fmt_eur

REFERENCE = Profile(100_000, 1_000, 40)
YEARS = (2026, 2027, 2028, 2029)
ASSUMPTIONS = Assumptions(
    2026, Decimal(36), {s: Decimal(60_000 + 10_000 * (s - 8)) for s in range(8, 15)}, Decimal(3), Decimal("2.5")
)


def scenario(*lines, profile=REFERENCE, start=2026, assumptions=ASSUMPTIONS, years=YEARS):
    return Scenario(tuple(lines), profile, REFERENCE, {line.development: start for line in lines}, years, assumptions)


def money(
    amount,
    kind="incidental",
    driver="fixed",
    exponent=0,
    offset=0,
    spread=1,
    key="d/l",
    domain="fysiek",
    category="other",
):
    dev = key.split("/")[0]
    return Line(
        key,
        dev,
        domain,
        "regel",
        kind,
        category,
        driver,
        Decimal(str(exponent)),
        amount=Decimal(str(amount)),
        offset=offset,
        spread=spread,
    )


def capacity(hours, scale, kind="structural", driver="fixed", exponent=0, key="d/c", offset=0, spread=1):
    dev = key.split("/")[0]
    return Line(
        key,
        dev,
        "dienstverlening",
        "capaciteit",
        kind,
        "personnel",
        driver,
        Decimal(str(exponent)),
        hours_per_week=Decimal(str(hours)),
        salary_scale=scale,
        offset=offset,
        spread=spread,
    )


# --- examples computed by hand -------------------------------------------------------------


def test_a_capacity_line_by_hand():
    # scale 10 costs € 80.000 per FTE in ASSUMPTIONS (60.000 + 10.000 × 2); the shipped salary table and the
    # seed coordinator of the real edition are checked in tests/content/
    result = compute(scenario(capacity(18, 10)))
    y2026, y2027 = result.line_cells("d/c")[:2]
    assert y2026.amount == Decimal(40_000)  # 18 / 36 × 80.000
    assert y2027.amount == Decimal(41_200)  # × 1,03 wage index
    assert y2026.fte == Decimal("0.5")
    assert "18 uur/week ÷ 36 uur/fte × €\xa080.000 per fte (schaal 10)" in y2026.explanation
    assert y2026.explanation.endswith("= €\xa040.000 per jaar in 2026")
    assert "loonindex (1 + 3%)^1" in y2027.explanation


def test_seed_training_and_dashboard_are_one_off_in_the_start_year():
    result = compute(scenario(money(3000, key="klantreis/opleiding"), money(5000, key="energie/dashboard")))
    assert result.per_year() == {2026: Decimal(8000), 2027: 0, 2028: 0, 2029: 0}
    assert result.line_cells("klantreis/opleiding")[0].explanation == "€\xa03.000 eenmalig in 2026"


def test_scaling_with_economies_of_scale_by_hand():
    line = money(10_000, kind="structural", driver="inhabitants", exponent=0.5)
    cell = compute(scenario(line, profile=Profile(25_000, 250, 10), years=(2026,))).cells[0]
    assert cell.amount == Decimal(5000)  # (25,000/100,000)^0.5 = 0.5
    assert "(25.000 / 100.000 inwoners)^0,5 [= 0,5000]" in cell.explanation


def test_incidental_spread_and_offset():
    line = money(9000, spread=3, offset=1)
    result = compute(scenario(line, assumptions=Assumptions(2026, Decimal(36), {}, Decimal(0), Decimal(0))))
    assert result.per_year() == {2026: 0, 2027: 3000, 2028: 3000, 2029: 3000}


def test_price_index_compounds_from_the_base_year():
    result = compute(scenario(money(1000, kind="structural")))
    assert [c.amount for c in result.cells] == [
        Decimal(1000),
        Decimal("1025.0"),
        Decimal("1050.625"),
        Decimal("1076.890625"),
    ]


def test_a_development_starting_later_shifts_its_lines():
    result = compute(scenario(money(1000, kind="structural"), start=2028))
    assert [c.year for c in result.cells] == [2028, 2029]


def test_unselected_developments_cost_nothing():
    s = scenario(money(1000))
    s = Scenario(s.lines, s.profile, s.reference, {}, s.years, s.assumptions)
    assert compute(s).total() == 0


def test_invalid_input_gives_a_dutch_error():
    with pytest.raises(BudgetInputError, match="niet negatief"):
        compute(scenario(money(-5)))
    with pytest.raises(BudgetInputError, match="salarisschaal 18 ontbreekt"):
        compute(scenario(capacity(8, 18)))
    with pytest.raises(BudgetInputError, match="inwoners moet groter dan 0"):
        compute(scenario(money(5), profile=Profile(0, 10, 1)))


def test_display_format():
    assert fmt_eur(Decimal("1234567.5")) == "€\xa01.234.568"
    assert fmt_eur(Decimal("0.4")) == "€\xa00"


# --- properties ---------------------------------------------------------------------------

amounts = st.decimals(min_value=1, max_value=5_000_000, places=2)
exponents = st.sampled_from([Decimal(0), Decimal("0.25"), Decimal("0.5"), Decimal("0.8"), Decimal(1)])
sizes = st.integers(min_value=1, max_value=1_000_000)
profiles = st.builds(Profile, sizes, st.integers(1, 50_000), st.integers(1, 200))
drivers = st.sampled_from(["inhabitants", "employees", "departments"])
kinds = st.sampled_from(["incidental", "structural"])
no_index = Assumptions(2026, Decimal(36), ASSUMPTIONS.cost_per_fte, Decimal(0), Decimal(0))


@st.composite
def lines(draw, key="d/l"):
    kind = draw(kinds)
    domain = draw(st.sampled_from(["fysiek", "sociaal", "oov"]))
    if draw(st.booleans()):
        return money(
            draw(amounts),
            kind=kind,
            driver=draw(drivers),
            exponent=draw(exponents),
            key=key,
            offset=draw(st.integers(0, 3)),
            spread=draw(st.integers(1, 3)) if kind == "incidental" else 1,
            domain=domain,
        )
    line = capacity(
        draw(st.decimals(min_value=1, max_value=72, places=1)),
        draw(st.integers(8, 14)),
        kind=kind,
        driver=draw(drivers),
        exponent=draw(exponents),
        key=key,
        offset=draw(st.integers(0, 3)),
        spread=draw(st.integers(1, 3)) if kind == "incidental" else 1,
    )
    return Line(**{**line.__dict__, "domain": domain})


@settings(max_examples=200)
@given(amount=amounts, profile=profiles, driver=drivers)
def test_exponent_one_is_proportional(amount, profile, driver):
    line = money(amount, kind="structural", driver=driver, exponent=1)
    cell = compute(scenario(line, profile=profile, years=(2026,))).cells[0]
    expected = amount * Decimal(getattr(profile, driver)) / Decimal(getattr(REFERENCE, driver))
    assert abs(cell.amount - expected) <= Decimal("1e-9")


@settings(max_examples=200)
@given(amount=amounts, profile=profiles, driver=drivers)
def test_exponent_zero_leaves_the_amount_unchanged(amount, profile, driver):
    line = money(amount, kind="structural", driver=driver, exponent=0)
    assert compute(scenario(line, profile=profile, years=(2026,))).cells[0].amount == amount


@settings(max_examples=200)
@given(amount=amounts, spread=st.integers(1, 5), offset=st.integers(0, 3))
def test_an_incidental_line_sums_to_its_total_before_indexation(amount, spread, offset):
    line = money(amount, spread=spread, offset=offset)
    result = compute(scenario(line, assumptions=no_index, years=tuple(range(2026, 2036))))
    assert abs(result.total() - amount) <= Decimal("1e-9") * spread
    assert len(result.cells) == spread


@settings(max_examples=100)
@given(st.lists(lines(), min_size=1, max_size=12), profiles)
def test_domain_totals_add_up_to_the_grand_total(raw_lines, profile):
    unique = tuple(
        Line(**{**raw.__dict__, "key": f"d{i}/l", "development": f"d{i}"}) for i, raw in enumerate(raw_lines)
    )
    result = compute(scenario(*unique, profile=profile))
    by_domain = result.by("domain")
    for year in YEARS:
        assert sum(row[year] for row in by_domain.values()) == result.total(year)
        assert result.total(year, kind="incidental") + result.total(year, kind="structural") == result.total(year)
        assert sum(row[year] for row in result.by("category").values()) == result.total(year)
    assert sum(result.per_year().values()) == result.total()


@settings(max_examples=200)
@given(lines(), profiles)
def test_valid_input_never_gives_negative_amounts(line, profile):
    for cell in compute(scenario(line, profile=profile)).cells:
        assert cell.amount >= 0 and cell.fte >= 0


@settings(max_examples=200)
@given(amount=amounts, percent=st.decimals(min_value=0, max_value=10, places=2), years=st.integers(1, 8))
def test_indexation_compounds(amount, percent, years):
    a = Assumptions(2026, Decimal(36), {}, Decimal(0), percent)
    cells = compute(
        scenario(money(amount, kind="structural"), assumptions=a, years=tuple(range(2026, 2027 + years)))
    ).cells
    for previous, current in zip(cells, cells[1:], strict=False):
        assert abs(current.amount - previous.amount * (1 + percent / 100)) <= Decimal("1e-9")
    assert abs(cells[-1].amount - amount * (1 + percent / 100) ** years) <= Decimal("1e-9")
