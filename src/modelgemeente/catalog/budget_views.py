"""The model municipality's ICT budget: page, assumptions and downloads."""

from django.shortcuts import render

from modelgemeente.exports import writers
from modelgemeente.exports.charts import budget_charts

from .budget_input import model_report, salary_rows
from .views import _nav, get_edition


def budget(request, year):
    edition = get_edition(request, year)
    report = model_report(edition)
    context = _nav(edition) | {"report": report, "formats": writers.FORMATS} | budget_charts(report)
    return render(request, "catalog/budget.html", context)


def assumptions(request, year):
    edition = get_edition(request, year)
    report = model_report(edition)
    return render(
        request, "catalog/assumptions.html", _nav(edition) | {"report": report, "salary_rows": salary_rows(edition)}
    )


def budget_download(request, year, fmt):
    edition = get_edition(request, year)
    return writers.download(lambda: model_report(edition), fmt, f"ict-begroting-modelgemeente-{edition.year}")
