"""Server-rendered SVG charts of maturity levels, in the style of exports/charts.py (its palette and legend),
without JavaScript. Every chart goes with a table of the same figures (`LevelChart.rows`, rendered by
maturity/_level_chart.html), so a screen reader and a printout get the numbers too.

`level_bars` draws horizontal bars on the 1-5 scale: one group per category (a dimension, or a year), one bar per
series (current level, target, last year, the peers' average, ...). Horizontal, so a long dimension name gets a line
of its own above its bars and the chart stays readable from a 320 px phone up. The axis runs from 0 to 5, each
level labelled with its number and name.
"""

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString

from modelgemeente.budget.money import fmt_num
from modelgemeente.core.enums import MaturityLevel
from modelgemeente.exports.charts import PALETTE, legend_parts, svg_document

# Layout in viewBox units (about CSS px at 100%; .chart is at most 30rem wide).
WIDTH, LEFT, RIGHT, TOP = 360, 12, 52, 8  # narrow enough that the level names stay readable on a phone
LABEL_LINE, BAR_H, BAR_GAP, GROUP_GAP, LABEL_CHARS = 17, 14, 3, 12, 40
AXIS_H = 56  # the tick numbers and the level names under the plot, on two staggered rows
TOP_LEVEL = max(MaturityLevel.values)

Value = int | Decimal | None


@dataclass(frozen=True)
class LevelChart:
    """A chart and its figures: `svg` to show, `header` and `rows` [(category label, [cell text per series])] for
    the table next to it, `caption` for both."""

    svg: SafeString
    caption: str
    header: list[str]
    rows: list[tuple[str, list[str]]]

    def __str__(self):
        return self.svg

    def __html__(self):  # {{ chart }} in a template is the SVG itself
        return self.svg


def level_text(value: Value, empty: str = "–") -> str:
    """A level as the table shows it: '3 (gedefinieerd)' for a whole level, '2,6' for an average."""
    if value is None:
        return empty
    if isinstance(value, int) or value == int(value):
        return f"{int(value)} ({MaturityLevel(int(value)).label})" if int(value) in MaturityLevel.values else str(value)
    return fmt_num(value, 1)


def _bar_value(value: Value) -> str:
    return str(int(value)) if isinstance(value, int) or value == int(value) else fmt_num(value, 1)


def _x(value) -> float:
    return LEFT + float(value) / TOP_LEVEL * (WIDTH - LEFT - RIGHT)


def _axis(plot_top: float, plot_bottom: float) -> list[str]:
    parts = []
    for level in range(0, TOP_LEVEL + 1):
        x = _x(level)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{plot_top:.1f}" y2="{plot_bottom:.1f}" stroke="#c8c8c8"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{plot_bottom + 16:.1f}" text-anchor="middle" font-size="12" fill="#222">{level}</text>'
        )
        if level:
            parts.append(
                f'<text x="{x:.1f}" y="{plot_bottom + (31 if level % 2 else 44):.1f}" text-anchor="middle" font-size="10.5" fill="#333">'
                f"{escape(MaturityLevel(level).label)}</text>"
            )
    return parts


def _group(label: str, key, series, top: float) -> tuple[list[str], float]:
    """One category: its label (wrapped) and a bar per series; returns (parts, height)."""
    lines = textwrap.wrap(label, LABEL_CHARS, break_on_hyphens=False) or [""]
    parts = [
        f'<text x="{LEFT}" y="{top + 13 + i * LABEL_LINE:.1f}" font-size="13" font-weight="bold" fill="#222">'
        f"{escape(line)}</text>"
        for i, line in enumerate(lines)
    ]
    y = top + len(lines) * LABEL_LINE + 2
    for index, (name, values) in enumerate(series):
        value = values.get(key)
        tooltip = f"{label}, {name}: {level_text(value, '—')}"
        if value is None:
            parts.append(
                f'<text x="{LEFT + 4}" y="{y + BAR_H - 3:.1f}" font-size="11" fill="#555">'
                f"<title>{escape(tooltip)}</title>–</text>"
            )
        else:
            end = _x(value)
            parts.append(
                f'<rect x="{LEFT}" y="{y:.1f}" width="{end - LEFT:.1f}" height="{BAR_H}" '
                f'fill="{PALETTE[index % len(PALETTE)]}"><title>{escape(tooltip)}</title></rect>'
            )
            parts.append(
                f'<text x="{end + 4:.1f}" y="{y + BAR_H - 3:.1f}" font-size="11" fill="#222">{_bar_value(value)}</text>'
            )
        y += BAR_H + BAR_GAP
    return parts, y - top + GROUP_GAP


def level_bars(
    dimensions: Sequence[tuple[object, str]],
    series: Sequence[tuple[str, dict]],
    *,
    title: str,
    description: str = "",
    chart_id: str = "level-chart",
) -> LevelChart:
    """A bar chart on the 1-5 maturity scale. `dimensions`: [(key, label)] in display order (dimension slugs and
    names, or years); `series`: [(label, {key: level (int or Decimal) or None})]; a missing value is drawn as '–'.
    The SVG has a title, a description, a legend and an axis 0-5 with the level names; the table rows have the same
    figures."""
    parts, y = [], TOP
    for key, label in dimensions:
        group, height = _group(label, key, series, y)
        parts += group
        y += height
    plot_bottom = y - GROUP_GAP + 4
    axis = _axis(TOP, plot_bottom)
    legend, legend_h = legend_parts(series, 8, WIDTH - 16, plot_bottom + AXIS_H)
    height = plot_bottom + AXIS_H + legend_h + 4
    svg = svg_document(chart_id, WIDTH, height, title, description, [*axis, *parts, *legend])
    rows = [(label, [level_text(values.get(key)) for _name, values in series]) for key, label in dimensions]
    return LevelChart(svg, title, [name for name, _values in series], rows)
