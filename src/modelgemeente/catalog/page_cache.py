"""What the catalogue's cached pages and downloads depend on, and the cached model report (core/cache.py has the
keys and the get-or-build helpers; docs/architecture.md, "Caching").

A catalogue page shows one release, and around it which releases exist (the menu, "other editions", the previous
release): `catalogue_stamp` is all of them in one small query, read on every request, so publishing a release or
reloading a concept shows at once in every process.
"""

from datetime import date
from functools import cache as once

from django.db import connection
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from modelgemeente.core.cache import (
    DEFAULT_TIMEOUT,
    get_or_build,
    make_key,
    page_stamp_queries,
    public_page,
    release_stamp,
)
from modelgemeente.core.reads import Rows, fetch_together
from modelgemeente.exports import writers
from modelgemeente.exports.report import BudgetReport

from . import releases
from .budget_input import model_report
from .models import Edition

STAMP_FIELDS = ("id", "number", "status", "content_hash", "loaded_at", "published_at", "salary_table")


@once
def _stamp_sql() -> str:
    meta = Edition._meta
    columns = ", ".join(connection.ops.quote_name(meta.get_field(name).column) for name in STAMP_FIELDS)
    table = connection.ops.quote_name(meta.db_table)
    return f"SELECT {columns} FROM {table} ORDER BY 1"  # noqa: S608 (names from the model, no input)


def catalogue_stamp_query() -> Rows:
    """Every release and concept, as far as a page can tell them apart (see core.cache.release_stamp). Read on every
    request for a kept page, so plain SQL: a tenth of the ORM's time, which counts when the rest is a cache hit."""
    return Rows(_stamp_sql())


def catalogue_stamp() -> tuple:
    return fetch_together([catalogue_stamp_query()])[0]


def public_catalogue_page(page: str, params=("release",), timeout=DEFAULT_TIMEOUT):
    """core.cache.public_page for a catalogue page: kept per path, query, language, the set of releases, whether the
    reader may read concepts (an editor's pages show them) and what apps above show on it
    (core.cache.register_page_stamp, e.g. the proposals on a development page), read with the releases and the
    visitor's session in one round trip (core.reads.fetch_with_session)."""

    def queries(*args, **kwargs):
        return [catalogue_stamp_query(), *page_stamp_queries(page, **kwargs)]

    def stamp(rows, request):
        releases_rows, *shown = rows
        return releases_rows, releases.reads_concepts(request.user), tuple(shown)

    return public_page(queries, stamp, params, timeout)


def nav_domains(edition: Edition) -> list:
    """The domains of a release for the main menu (base.html), kept per release: every catalogue and plan page shows
    them."""
    return get_or_build(make_key("nav-domains", release_stamp(edition)), lambda: list(edition.domains.all()))


def cached_model_report(edition: Edition) -> BudgetReport:
    """The model municipality's budget of a release (reference profile), in the active language."""
    key = make_key("model-report", get_language(), release_stamp(edition))
    return get_or_build(key, lambda: model_report(edition))


def cached_download(parts, make_report, fmt: str, basename: str, today: date | None = None) -> HttpResponse:
    """writers.download, with the file's bytes kept under `parts` (what the report depends on), the format, the
    file name and the day (an export may print its date)."""
    if fmt not in writers.FORMATS:
        raise Http404("Onbekend exportformaat")
    today = today or timezone.localdate()
    key = make_key("export", fmt, basename, today.isoformat(), *parts)

    def build() -> dict:
        built = writers.download(make_report, fmt, basename)
        return {"content": built.content, "headers": dict(built.headers)}

    entry = get_or_build(key, build)
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"].items():
        if name.lower() != "content-length":
            response[name] = value
    return response
