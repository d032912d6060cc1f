"""PDF report for a voorjaarsnota or begroting (WeasyPrint, from an HTML template)."""

import re

from django.template.loader import render_to_string

from .charts import stacked_bars

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


def write_pdf(report) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    html = render_to_string(
        "exports/report.html",
        {
            "report": report,
            "kind_chart": stacked_bars(
                "pdf-kind",
                "ICT-begroting per jaar",
                "Incidenteel en structureel per jaar.",
                report.years,
                [(r.label, r.values) for r in report.summary[:2]],
            ),
            "domain_chart": stacked_bars(
                "pdf-domain",
                "ICT-begroting per domein",
                "Per jaar, per domein.",
                report.years,
                [(r.label, r.values) for r in report.by_domain],
            ),
        },
    )
    return HTML(string=breakable(html)).write_pdf()
