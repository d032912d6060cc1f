"""The model municipality's ICT budget: page, assumptions and downloads.

The budget of a release never changes: its report, the rendered tables and charts and the download files are built
once per release (and language) and kept in the cache (catalog/page_cache.py, core/cache.py)."""

from django.shortcuts import render
from django.template.loader import render_to_string

from modelgemeente.core.cache import fragment, release_stamp
from modelgemeente.exports import writers
from modelgemeente.exports.charts import budget_charts

from .budget_input import salary_rows
from .page_cache import cached_download, cached_model_report, public_catalogue_page
from .views import _nav, get_edition


@public_catalogue_page("catalog:budget")
def budget(request, year):
    edition = get_edition(request, year)
    body = fragment("model-budget", [release_stamp(edition)], lambda: _budget_body(edition))
    return render(request, "catalog/budget.html", _nav(edition) | {"body": body})


def _budget_body(edition) -> str:
    report = cached_model_report(edition)
    context = {"edition": edition, "report": report, "formats": writers.FORMATS} | budget_charts(report)
    return render_to_string("catalog/_budget_body.html", context)


@public_catalogue_page("catalog:assumptions")
def assumptions(request, year):
    edition = get_edition(request, year)
    report = cached_model_report(edition)
    return render(
        request, "catalog/assumptions.html", _nav(edition) | {"report": report, "salary_rows": salary_rows(edition)}
    )


def budget_download(request, year, fmt):
    edition = get_edition(request, year)
    return cached_download(
        [release_stamp(edition)],
        lambda: cached_model_report(edition),
        fmt,
        f"ict-begroting-modelgemeente-{edition.year}",
    )
