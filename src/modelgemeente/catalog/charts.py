"""Server-rendered SVG charts. Every chart is shown next to a table with the same numbers."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from modelgemeente.budget.money import fmt_eur, round_euro

PALETTE = ["#154273", "#b3541e", "#1d7a3a", "#6b3fa0", "#a4123f", "#0b7285", "#5c4a00", "#3d3d3d"]


def _nice_max(value: Decimal) -> Decimal:
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = Decimal(str(step)) * magnitude
        if top >= value:
            return top
    return value


def stacked_bars(chart_id: str, title: str, description: str, years, series) -> str:
    """series: [(label, {year: amount})]; bars per year, stacked per series."""
    width, height = 720, 360
    left, right, top, bottom = 110, 200, 20, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = {y: sum((values.get(y, 0) for _, values in series), Decimal(0)) for y in years}
    y_max = _nice_max(max(totals.values(), default=Decimal(0)))
    bar_w = plot_w / max(len(years), 1) * 0.6
    parts = [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for i in range(5):
        value = y_max * i / 4
        y = top + plot_h - float(value / y_max) * plot_h
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#c8c8c8"/>')
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#333">'
                     f'{escape(fmt_eur(value))}</text>')
    step = plot_w / max(len(years), 1)
    for index, year in enumerate(years):
        x = left + step * index + (step - bar_w) / 2
        y_bottom = top + plot_h
        for s_index, (label, values) in enumerate(series):
            amount = values.get(year, Decimal(0))
            if amount <= 0:
                continue
            h = float(amount / y_max) * plot_h
            y_bottom -= h
            parts.append(f'<rect x="{x:.1f}" y="{y_bottom:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{PALETTE[s_index % len(PALETTE)]}" stroke="#fff" stroke-width="1">'
                         f'<title>{escape(label)} {year}: {escape(fmt_eur(round_euro(amount)))}</title></rect>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 18}" text-anchor="middle" font-size="13" fill="#222">{year}</text>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y_bottom - 6:.1f}" text-anchor="middle" font-size="12" fill="#222">'
                     f'{escape(fmt_eur(totals[year]))}</text>')
    for s_index, (label, _values) in enumerate(series):
        y = top + 10 + s_index * 22
        parts.append(f'<rect x="{left + plot_w + 20}" y="{y - 10}" width="14" height="14" fill="{PALETTE[s_index % len(PALETTE)]}"/>')
        parts.append(f'<text x="{left + plot_w + 40}" y="{y + 2}" font-size="12" fill="#222">{escape(_short(label))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _short(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def budget_charts(report) -> dict:
    """The two charts of a budget page (and its PDF): per year by kind, and per year by domain."""
    return {
        "kind_chart": stacked_bars(
            "chart-kind", _("ICT-begroting per jaar: incidenteel en structureel"),
            _("Gestapelde staven per jaar; de tabel ernaast bevat dezelfde bedragen."),
            report.years, [(row.label, row.values) for row in report.summary[:2]]),
        "domain_chart": stacked_bars(
            "chart-domain", _("ICT-begroting per jaar en per domein"),
            _("Gestapelde staven per jaar, per domein; de tabel eronder bevat dezelfde bedragen."),
            report.years, [(row.label, row.values) for row in report.by_domain]),
    }
