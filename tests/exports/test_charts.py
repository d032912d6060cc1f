"""The SVG bar charts: a value axis that fits the data, and a legend that is never cut off."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelgemeente.exports.charts import MAX_TICKS, NICE_STEPS, axis_ticks, stacked_bars

amounts = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("1e15"), places=2, allow_nan=False, allow_infinity=False
)


def is_nice(step: Decimal) -> bool:
    """1, 2, 2.5 or 5 times a power of ten."""
    mantissa = step.scaleb(-step.adjusted())  # 1 <= mantissa < 10
    return mantissa.normalize() in {s.normalize() for s in NICE_STEPS}


@pytest.mark.parametrize(
    ("maximum", "step", "top"),
    [
        (Decimal("3061542"), Decimal("500000"), Decimal("3500000")),  # the model budget's first year: 3,5 M, not 5 M
        (Decimal("1929160"), Decimal("500000"), Decimal("2000000")),
        (Decimal("1000000"), Decimal("200000"), Decimal("1000000")),  # a round maximum is the top itself
        (Decimal("95"), Decimal("20"), Decimal("100")),
        (Decimal("0.3"), Decimal("0.05"), Decimal("0.3")),
    ],
)
def test_axis_examples(maximum, step, top):
    assert axis_ticks(maximum) == (step, top)


def test_axis_without_data_runs_to_one():
    assert axis_ticks(Decimal(0)) == (Decimal(1), Decimal(1))
    assert axis_ticks(Decimal(-5)) == (Decimal(1), Decimal(1))


@given(amounts)
def test_top_tick_fits_the_maximum(maximum):
    step, top = axis_ticks(maximum)
    assert top >= maximum
    assert top < maximum * Decimal("1.5")
    assert is_nice(step)
    assert top % step == 0
    assert 1 <= top / step <= MAX_TICKS


@given(st.integers(min_value=1, max_value=10**12))
def test_top_tick_fits_whole_euros(maximum):
    step, top = axis_ticks(maximum)
    assert maximum <= top < maximum * Decimal("1.5")


@pytest.mark.parametrize("legend_below", [True, False], ids=["web, legend below", "PDF, legend right"])
def test_chart_shows_full_legend_labels_and_axis_to_three_and_a_half_million(legend_below):
    long_label = "Algemene ontwikkelingen en digitale agenda, met een extra lang label dat moet teruglopen"
    svg = stacked_bars(
        "c",
        "Titel",
        "Beschrijving",
        [2026, 2027, 2028, 2029],
        [
            (long_label, {2026: Decimal("2000000"), 2027: Decimal("1000000")}),
            ("Structureel", {2026: Decimal("1061542"), 2028: Decimal("50000")}),
        ],
        legend_below=legend_below,
    )
    text = re.sub(r"<[^>]+>", " ", svg)
    words = " ".join(text.split())
    # Every word of the label is there: it wraps over lines instead of being shortened with an ellipsis.
    assert "…" not in svg
    for word in long_label.replace(",", "").split():
        assert word in words
    assert "€\xa03,5\xa0mln" in svg and "€\xa05\xa0mln" not in svg
    # Nothing is drawn outside the viewBox.
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    for x in re.findall(r' x="([\d.-]+)"', svg):
        assert 0 <= float(x) <= width
    for y in re.findall(r' y="([\d.-]+)"', svg):
        assert 0 <= float(y) <= height


def test_chart_of_ten_years_is_wider_not_squeezed():
    years = list(range(2027, 2037))
    svg = stacked_bars(
        "c", "Titel", "Beschrijving", years, [("Incidenteel", {y: Decimal(1000) for y in years})], legend_below=True
    )
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    assert width >= 10 * 60
