"""A plan's kept page fragments and download files (core/cache.py has the keys and the helpers; docs/architecture.md,
"Caching").

Everything here is keyed on core.cache.plan_stamp: the plan's row (its version rises with every change of its choices,
own figures, own lines, settings or status), its organisation and its release. The pages stay private (plans/urls.py:
no-store for browsers); this cache is on the server only. What the page around a fragment shows per reader (edit
links, the status, a newer release, messages, the CSRF token) is rendered per request.
"""

from dataclasses import dataclass

from django.http import Http404
from django.template.loader import render_to_string

from modelgemeente.catalog.page_cache import cached_download
from modelgemeente.core.cache import digest, fragment, kept_page, plan_stamp, row_stamp
from modelgemeente.exports import writers
from modelgemeente.exports.charts import budget_charts
from modelgemeente.exports.report import Row

from . import report_sections
from .benchmark import plan_benchmark
from .budget import plan_export_report, plan_report
from .models import Plan


@dataclass(frozen=True)
class Totals:
    """What the peer benchmark reads of a plan's report (benchmark.plan_benchmark): its total per year."""

    grand_total: Row


def overview_parts(plan: Plan) -> dict:
    """The plan page's tables and charts, and its profile and assumptions, rendered once per plan version and
    language; "totals" for the peer benchmark (benchmark_html), which other plans change as well."""

    def build() -> dict:
        report = plan_report(plan)
        return {
            "sections": render_to_string("catalog/_budget_sections.html", {"report": report} | budget_charts(report)),
            "assumptions": render_to_string("plans/_plan_assumptions.html", {"report": report}),
            "totals": Totals(report.grand_total),
        }

    return fragment("plan-overview", [plan_stamp(plan)], build)


def peers_stamp(plan: Plan) -> tuple:
    """What the peer benchmark (benchmark.py) depends on besides the plan: its peers are chosen among the plans with
    the same first year, so the state of all of those (their version and row, and whether they were moved to
    another release), in one small query."""
    plans = Plan.objects.filter(start_year=plan.start_year).order_by("pk")
    return tuple(
        plans.values_list("pk", "organisation_id", "version", "updated_at", "inhabitants", "superseded_by__pk")
    )


def benchmark_html(plan: Plan, totals: Totals, peers: tuple) -> str:
    """The peer benchmark section of the plan page, kept per plan version and `peers_stamp`: one small query instead
    of the benchmark's own work and template."""

    def build() -> str:
        return render_to_string("plans/_benchmark.html", {"plan": plan, "benchmark": plan_benchmark(plan, totals)})

    return fragment("plan-benchmark", [plan_stamp(plan), peers], build)


def plan_page(request, plan: Plan, member, build, *parts):
    """A plan page as a role sees it (core.cache.kept_page): kept whole for every member of the organisation with
    that role, under the plan stamp, the plans it names (its successor after a move, the plan it is a scenario of)
    and `parts` (what else the page shows: a newer release, the benchmark's peers). Rendered per request when
    messages wait; the browser still gets no-store (plans/urls.py)."""
    successor = plan.superseded_by if plan.is_superseded else None
    source = plan.scenario_of if plan.scenario_of_id else None
    return kept_page(
        request,
        lambda: (plan_stamp(plan), member.role, row_stamp(successor), row_stamp(source), *parts),
        build,
    )


def plan_download(plan: Plan, fmt: str, basename: str):
    """A download of the plan, its bytes kept per plan version, format and day. The sections other apps add to it
    (plans/report_sections.py, e.g. the maturity app's ambitions) can change without a new plan version: they are
    read on every request and their digest is part of the key."""
    if fmt not in writers.FORMATS:
        raise Http404("Onbekend exportformaat")
    sections = report_sections.sections_for(plan)
    return cached_download([plan_stamp(plan), digest(sections)], lambda: plan_export_report(plan), fmt, basename)
