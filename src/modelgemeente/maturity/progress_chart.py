"""The progress of an ambition as a server-rendered SVG chart, and the same figures as rows for the table next to it.

Per year the target (a dashed line with open diamonds) and the measured value (a solid line with dots). The value
axis is fixed by the metric: 0-100% for the indices and the login share, the levels 1-5 for maturity, so charts of
one metric can be compared at a glance. Layout, colours and the legend are those of exports/charts.py (legend below
the plot, so it reads on a phone); the table holds every figure for screen readers and for reading exactly.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from modelgemeente.budget.money import fmt_num
from modelgemeente.exports.charts import LEFT, PALETTE, PLOT_H, RIGHT, SLOT, TOP, legend_parts, svg_document

from .services.ambitions import ProgressPoint, is_percentage, value_range

TARGET_COLOUR, ACTUAL_COLOUR = PALETTE[1], PALETTE[0]
PERCENT_STEP, LEVEL_STEP = Decimal(20), Decimal(1)


def format_value(metric: str, value: Decimal | None) -> str:
    """'71,3%' for a percentage, '4' for a level; '' for no value."""
    if value is None:
        return ""
    text = fmt_num(value)
    return f"{text}%" if is_percentage(metric) else text


@dataclass(frozen=True)
class ProgressRow:
    year: int
    target: str  # "" when the year has no target
    actual: str  # "" when nothing was measured
    status: str  # op koers / niet op koers / nog niet gemeten / geen doel voor dit jaar
    on_track: bool | None


def status_text(point: ProgressPoint) -> str:
    if point.actual is None:
        return _("nog niet gemeten")
    if point.target is None:
        return _("geen doel voor dit jaar")
    return _("op koers") if point.on_track else _("niet op koers")


def progress_rows(metric: str, points: list[ProgressPoint]) -> list[ProgressRow]:
    return [
        ProgressRow(p.year, format_value(metric, p.target), format_value(metric, p.actual), status_text(p), p.on_track)
        for p in points
    ]


def _ticks(metric: str) -> list[Decimal]:
    low, high = value_range(metric)
    step = PERCENT_STEP if is_percentage(metric) else LEVEL_STEP
    ticks, value = [], low
    while value <= high:
        ticks.append(value)
        value += step
    return ticks


class _Plot:
    """Where a year and a value go in the plot."""

    def __init__(self, metric: str, years: list[int]):
        self.metric = metric
        self.low, self.high = value_range(metric)
        self.width = SLOT * max(len(years), 4)
        self.slot = self.width / max(len(years), 1)
        self.axis_y = TOP + PLOT_H
        # Years are placed by time, so 2027 -> 2029 spans two steps; consecutive years are spaced evenly.
        first, span = (years[0], max(years[-1] - years[0], 1)) if years else (0, 1)
        self.x_of = {year: LEFT + self.slot / 2 + (self.width - self.slot) * (year - first) / span for year in years}

    def y(self, value: Decimal) -> float:
        share = (min(max(value, self.low), self.high) - self.low) / (self.high - self.low)
        return self.axis_y - float(share) * PLOT_H


def _axis(plot: _Plot) -> list[str]:
    unit = _("Percentage") if is_percentage(plot.metric) else _("Niveau (1-5)")
    parts = [f'<text x="8" y="{TOP - 12}" font-size="12" fill="#333">{escape(unit)}</text>']
    for value in _ticks(plot.metric):
        y = plot.y(value)
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot.width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#c8c8c8"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#333">'
            f"{escape(format_value(plot.metric, value))}</text>"
        )
    for year, x in plot.x_of.items():
        parts.append(
            f'<text x="{x:.1f}" y="{plot.axis_y + 18}" text-anchor="middle" font-size="13" fill="#222">{year}</text>'
        )
    return parts


def _line(plot: _Plot, values: dict[int, Decimal], colour: str, dashed: bool) -> list[str]:
    if len(values) < 2:
        return []
    coordinates = " ".join(f"{plot.x_of[year]:.1f},{plot.y(v):.1f}" for year, v in values.items())
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    return [f'<polyline points="{coordinates}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>']


def _marker(x: float, y: float, target: bool, tooltip: str) -> str:
    tip = f"<title>{escape(tooltip)}</title>"
    if target:
        return (
            f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} {x - 6:.1f},{y:.1f}" '
            f'fill="#fff" stroke="{TARGET_COLOUR}" stroke-width="2">{tip}</polygon>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{ACTUAL_COLOUR}">{tip}</circle>'


def _label_place(plot: _Plot, x: float, y: float, above: bool) -> tuple[float, float, str]:
    """Above the higher marker, below the lower one; beside it when below would reach the year labels."""
    if above:
        return x, y - 10, "middle"
    if y + 20 < plot.axis_y - 2:
        return x, y + 20, "middle"
    return x + 9, y - 4, "start"


def _points(plot: _Plot, points: list[ProgressPoint]) -> list[str]:
    """Markers with their value: the higher of target and measured value labelled above, the other below."""
    parts = []
    for p in points:
        x = plot.x_of[p.year]
        marks = [(p.target, True, _("Doel")), (p.actual, False, _("Gemeten"))]
        marks = sorted((m for m in marks if m[0] is not None), key=lambda m: m[0], reverse=True)
        for index, (value, target, label) in enumerate(marks):
            y = plot.y(value)
            text = format_value(plot.metric, value)
            parts.append(_marker(x, y, target, f"{label} {p.year}: {text}"))
            label_x, label_y, anchor = _label_place(plot, x, y, above=index == 0)
            parts.append(
                f'<text x="{label_x:.1f}" y="{label_y:.1f}" text-anchor="{anchor}" font-size="12" '
                f'fill="{TARGET_COLOUR if target else ACTUAL_COLOUR}">{escape(text)}</text>'
            )
    return parts


def progress_chart(chart_id: str, title: str, metric: str, points: list[ProgressPoint]) -> SafeString:
    """The SVG (role img, with a title and a description) of the target and measured value per year."""
    if not points:
        return mark_safe("")
    plot = _Plot(metric, [p.year for p in points])
    width = LEFT + plot.width + RIGHT
    # legend_parts colours its entries with the palette in order: PALETTE[0] the measured value, PALETTE[1] the target.
    series = [(_("Gemeten waarde (doorgetrokken lijn, stip)"), {}), (_("Doel (stippellijn, open ruit)"), {})]
    legend, legend_h = legend_parts(series, 8, width - 16, plot.axis_y + 34)
    height = plot.axis_y + 34 + legend_h + 4
    targets = {p.year: p.target for p in points if p.target is not None}
    actual = {p.year: p.actual for p in points if p.actual is not None}
    description = _(
        "Lijndiagram per jaar van het doel en de gemeten waarde; de tabel bij het diagram bevat dezelfde cijfers."
    )
    parts = [
        *_axis(plot),
        *_line(plot, targets, TARGET_COLOUR, dashed=True),
        *_line(plot, actual, ACTUAL_COLOUR, dashed=False),
        *_points(plot, points),
        *legend,
    ]
    return svg_document(chart_id, width, height, title, description, parts)
