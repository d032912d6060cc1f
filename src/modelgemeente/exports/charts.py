"""Server-rendered SVG charts. Every chart is shown next to a table with the same numbers.

The SVG has a fixed coordinate system (viewBox) and scales to the width of its container. On the web
pages it is drawn narrow (about 340 units for four years) with the legend below the plot, so it stays
readable from a 320 px phone up; the PDF, a fixed A4 width, keeps the legend to the right of the plot.
Either way every label is shown in full, wrapped over more lines where needed: nothing is cut off.
The value axis runs to the first "nice" number above the highest bar (`axis_ticks`).
Amounts on the axis and above the bars are rounded for the eye ("€ 3,5 mln"); the exact amounts are
in each bar's tooltip and in the table next to the chart.
"""

import textwrap
from decimal import ROUND_CEILING, Context, Decimal, localcontext

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from modelgemeente.budget.money import D, fmt_eur, fmt_num, round_euro

PALETTE = ["#154273", "#b3541e", "#1d7a3a", "#6b3fa0", "#a4123f", "#0b7285", "#5c4a00", "#3d3d3d"]

# Steps of a value axis: 1, 2, 2.5 or 5 times a power of ten. Consecutive steps differ at most a
# factor 2, which keeps the top of the axis below 1.3 x the highest value (see axis_ticks).
NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))
MAX_TICKS = 7
MILLION = Decimal(1_000_000)

# Layout in viewBox units (about CSS px at 100%): one slot per year, at least four slots.
SLOT, LEFT, RIGHT, TOP, PLOT_H = 68, 66, 12, 26, 200
LEGEND_FONT, LEGEND_LINE, LEGEND_GAP, SWATCH = 14, 17, 6, 13
CHAR_WIDTH = 8.2  # a generous average glyph width at LEGEND_FONT, for wrapping legend labels
LEGEND_RIGHT = 230  # room for the legend to the right of the plot
AXIS_CHAR_WIDTH = 7.4  # a generous average glyph width of the axis labels (font-size 12)
TITLE_FONT, TITLE_LINE, TITLE_CHAR_WIDTH = 15, 19, 9.0  # the visible title above the plot, wrapped like the legend


def axis_ticks(max_value, max_ticks: int = MAX_TICKS) -> tuple[Decimal, Decimal]:
    """(step, top) of a value axis from 0 that shows `max_value`.

    The step is 1, 2, 2.5 or 5 x 10^n, the smallest one that needs at most `max_ticks` steps, and
    top is the first multiple of the step at or above the value: 3.06 million gives steps of 0.5
    million up to 3.5 million. For any value > 0 and the default 7 steps: value <= top < 1.3 x value
    (the step before the chosen one needed more than 7 steps and the chosen one is at most twice as
    large, so it needs at least 4 steps: top < value + step < value + value / 3.5).
    A value of 0 or less (nothing to show) gives an axis from 0 to 1.
    """
    with localcontext(Context(prec=120)):
        value = D(max_value)
        if value <= 0:
            return Decimal(1), Decimal(1)
        exponent = value.adjusted() - 1  # one decade below the leading digit: always more than max_ticks steps
        while True:
            magnitude = Decimal(1).scaleb(exponent)
            for nice in NICE_STEPS:
                step = nice * magnitude
                count = (value / step).to_integral_value(rounding=ROUND_CEILING)
                if count <= max_ticks:
                    while count * step < value:  # guard against rounding in the division
                        count += 1
                    return step, count * step
            exponent += 1


def _axis_label(value: Decimal, top: Decimal) -> str:
    if value == 0:
        return fmt_eur(0)
    if top >= MILLION:
        return "€\u00a0" + fmt_num(value / MILLION) + "\u00a0" + _("mln")
    return "€\u00a0" + fmt_num(value)


def _rounded(amount: Decimal) -> str:
    """An amount for a label in the chart: whole euros below a million, else three digits in millions."""
    if abs(amount) < MILLION:
        return fmt_eur(round_euro(amount))
    millions = amount / MILLION
    decimals = 2 if abs(millions) < 10 else 1 if abs(millions) < 100 else 0
    return "€\u00a0" + fmt_num(round_euro(millions, decimals)) + "\u00a0" + _("mln")


def legend_parts(series, left: float, width: float, top: float) -> tuple[list[str], float]:
    """The legend in a column from (left, top), `width` wide, one entry per row, labels wrapped over
    lines; returns (parts, height)."""
    chars = max(12, int((width - SWATCH - 8) / CHAR_WIDTH))
    text_x = left + SWATCH + 8
    parts, y = [], top
    for index, (label, _values) in enumerate(series):
        lines = textwrap.wrap(label, chars, break_on_hyphens=False) or [""]
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{left}" y="{y + 2:.1f}" width="{SWATCH}" height="{SWATCH}" fill="{colour}"/>')
        tspans = "".join(
            f'<tspan x="{text_x}" dy="{0 if i == 0 else LEGEND_LINE}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(f'<text x="{text_x}" y="{y + 12:.1f}" font-size="{LEGEND_FONT}" fill="#222">{tspans}</text>')
        y += len(lines) * LEGEND_LINE + LEGEND_GAP
    return parts, y - top


def title_parts(title: str, width: float) -> tuple[list[str], float]:
    """The chart's title as visible text at the top, wrapped to `width`; returns (parts, height)."""
    lines = textwrap.wrap(title, max(12, int((width - 16) / TITLE_CHAR_WIDTH)), break_on_hyphens=False) or [""]
    tspans = "".join(
        f'<tspan x="8" dy="{0 if i == 0 else TITLE_LINE}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    text = (
        f'<text x="8" y="{TITLE_FONT + 2}" font-size="{TITLE_FONT}" font-weight="bold" fill="#154273" '
        f'aria-hidden="true">{tspans}</text>'
    )
    return [text], len(lines) * TITLE_LINE + 10


def stacked_bars(chart_id: str, title: str, description: str, years, series, legend_below: bool = False) -> str:
    """series: [(label, {year: amount})]; bars per year, stacked per series. The title is shown above the plot
    (and is the SVG's accessible name); the legend is to the right of the plot, or below it with `legend_below`
    (narrow, for pages that must work on a phone)."""
    years = list(years)
    plot_w = SLOT * max(len(years), 4)
    axis_y = TOP + PLOT_H
    totals = {y: sum((values.get(y, 0) for _, values in series), Decimal(0)) for y in years}
    step, y_max = axis_ticks(max(totals.values(), default=Decimal(0)))
    ticks = []
    value = Decimal(0)
    while value <= y_max:
        ticks.append((value, _axis_label(value, y_max)))
        value += step
    # Room for the longest axis label ("€ 1,75 mln" is wider than "€ 2 mln"), so none is cut off at the left.
    left = max(LEFT, int(max(len(label) for _, label in ticks) * AXIS_CHAR_WIDTH) + 12)
    if legend_below:
        width = left + plot_w + RIGHT
        legend, legend_h = legend_parts(series, 8, width - 16, axis_y + 34)
        height = axis_y + 34 + legend_h + 4
    else:
        width = left + plot_w + LEGEND_RIGHT
        legend, legend_h = legend_parts(series, left + plot_w + 16, LEGEND_RIGHT - 24, TOP)
        height = max(axis_y + 28, TOP + legend_h + 4)
    parts = []
    for value, label in ticks:
        y = axis_y - float(value / y_max) * PLOT_H
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#c8c8c8"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#333">{escape(label)}</text>'
        )
    slot = plot_w / max(len(years), 1)
    bar_w = min(slot * 0.6, SLOT * 0.6)
    for index, year in enumerate(years):
        x = left + slot * index + (slot - bar_w) / 2
        y_bottom = float(axis_y)
        for s_index, (label, values) in enumerate(series):
            amount = values.get(year, Decimal(0))
            if amount <= 0:
                continue
            h = float(amount / y_max) * PLOT_H
            y_bottom -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y_bottom:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[s_index % len(PALETTE)]}" stroke="#fff" stroke-width="1">'
                f"<title>{escape(label)} {year}: {escape(fmt_eur(round_euro(amount)))}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{axis_y + 18}" text-anchor="middle" font-size="13" fill="#222">{year}</text>'
        )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{y_bottom - 6:.1f}" text-anchor="middle" font-size="11" fill="#222">'
            f"{escape(_rounded(totals[year]))}</text>"
        )
    heading, heading_h = title_parts(title, width)
    body = [f'<g transform="translate(0 {heading_h})">', *parts, *legend, "</g>"]
    return svg_document(chart_id, width, height + heading_h, title, description, [*heading, *body])


def svg_document(chart_id: str, width, height, title: str, description: str, parts: list[str]):
    """An accessible SVG chart: an image named by its title and described by its description."""
    svg = [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {width} {height:.0f}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        *parts,
        "</svg>",
    ]
    return mark_safe("".join(svg))


def budget_charts(report) -> dict:
    """The two charts of a budget page (and its PDF): per year by kind, and per year by domain."""
    return {
        "kind_chart": stacked_bars(
            "chart-kind",
            _("ICT-begroting per jaar: incidenteel en structureel"),
            _("Gestapelde staven per jaar; de tabel ernaast bevat dezelfde bedragen."),
            report.years,
            [(_(row.label), row.values) for row in report.summary[:2]],
            legend_below=True,
        ),
        "domain_chart": stacked_bars(
            "chart-domain",
            _("ICT-begroting per jaar en per domein"),
            _("Gestapelde staven per jaar, per domein; de tabel eronder bevat dezelfde bedragen."),
            report.years,
            [(row.label, row.values) for row in report.by_domain],
            legend_below=True,
        ),
    }
