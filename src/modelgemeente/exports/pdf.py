"""PDF report of a plan or of the model budget (WeasyPrint, from the HTML template exports/report.html).

A plan's PDF opens with the one-page summary (report.plan) and keeps to what a council reads: totals, charts,
domains and categories, the requests with their motivation, the municipality's own figures and the assumptions.
Every model line with its provenance is in the spreadsheets; the model budget's PDF still lists them all.
Where the time goes, and what keeps it short, is in docs/exports.md ("PDF").
"""

import gc
import re
from contextlib import contextmanager

from django.template.loader import render_to_string

from .charts import stacked_bars
from .report import BudgetReport, running_texts, signed_eur, signed_num

# 40 characters of text without a space (an entity such as &quot; counts as one), with more to follow.
_LONG_RUN = re.compile(r"(?:&#?\w+;|[^\s<>&]){40}(?=[^\s<>])")
_TEXT = re.compile(r">([^<]+)<")


def breakable(html: str) -> str:
    """Give long runs without a space in the text of `html` an invisible break opportunity
    (U+200B ZERO WIDTH SPACE) every 40 characters, so that a pasted URL or 4,000 characters typed
    without a space wrap inside their table cell instead of running off the page.

    Done here rather than with CSS `overflow-wrap: anywhere`: WeasyPrint then tries every character
    as a break point, which takes minutes for one such text (docs/security.md). Only text between
    tags changes; tags, attributes and entities stay intact.
    """
    return _TEXT.sub(lambda m: ">" + _LONG_RUN.sub(lambda r: r.group(0) + "\u200b", m.group(1)) + "<", html)


def context(report: BudgetReport) -> dict:
    years = report.years
    change = report.plan.change if report.plan else None
    change_rows = [
        (year, signed_eur(d["incidental"]), signed_eur(d["structural"]), signed_eur(d["total"]), signed_num(d["fte"]))
        for year, d in (change.by_year() if change else [])
    ]
    own_lines = [line for line in report.lines if line.own]
    # The summary page has room for four facts of the last change, or two when the years' rows of its difference
    # table take the room (more than six years).
    many_years = len(years) > 6
    facts = change.facts[: 2 if many_years else 4] if change else []
    return {
        "many_years": many_years,
        "facts": facts,
        "more_facts": (len(change.facts) - len(facts) + change.more_facts) if change else 0,
        "report": report,
        "requests": report.requests,
        "change_rows": change_rows,
        "own_lines": own_lines,
        "model_lines": len(report.lines) - len(own_lines),
        "width": len(years) + 3,
        "kind_chart": stacked_bars(
            "pdf-kind",
            "ICT-begroting per jaar: incidenteel en structureel",
            "Gestapelde staven per jaar, incidenteel en structureel; de tabellen bevatten dezelfde bedragen.",
            years,
            [(r.label, r.values) for r in report.summary[:2]],
        ),
        "domain_chart": stacked_bars(
            "pdf-domain",
            "ICT-begroting per jaar en per domein",
            "Gestapelde staven per jaar, per domein; de tabel Per domein bevat dezelfde bedragen.",
            years,
            [(r.label, r.values) for r in report.by_domain],
        ),
        **running_texts(report),
    }


@contextmanager
def without_gc():
    """Python's cyclic garbage collector paused for the duration. WeasyPrint builds a large tree of boxes and
    styles; while it does, the collector runs again and again over that tree and over every object the Django
    process holds, about a fifth of the PDF's time (docs/exports.md). What the render leaves behind is collected
    at the next collection after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_pdf(report) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    html = render_to_string("exports/report.html", context(report))
    with without_gc():
        return HTML(string=breakable(html)).write_pdf()
