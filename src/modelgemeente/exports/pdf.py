"""PDF report for a voorjaarsnota or begroting (WeasyPrint, from an HTML template)."""

from django.template.loader import render_to_string

from modelgemeente.catalog.charts import stacked_bars


def write_pdf(report) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    html = render_to_string("exports/report.html", {
        "report": report,
        "kind_chart": stacked_bars("pdf-kind", "ICT-begroting per jaar", "Incidenteel en structureel per jaar.",
                                   report.years, [(r.label, r.values) for r in report.summary[:2]]),
        "domain_chart": stacked_bars("pdf-domain", "ICT-begroting per domein", "Per jaar, per domein.",
                                     report.years, [(r.label, r.values) for r in report.by_domain]),
    })
    return HTML(string=html).write_pdf()
