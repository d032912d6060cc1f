"""A plan arranged for the council: the one-page summary that opens every export, and the requests (the included
developments by priority) with what each costs, for the PDF and the ODT texts for a raadsvoorstel.

Only arrangement: the amounts come from the engine result through the report (plans.budget) and the voorjaarsnota
and begroting arrangements of plans.pc_views; the change against the previous version from PlanChange.totals,
which save_change fills (plans.budget.year_totals).
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from modelgemeente.budget.money import fmt_num
from modelgemeente.core.enums import LineKind, PlanStatus, heading
from modelgemeente.exports.report import BudgetReport, LeftOut, PlanSummary, Request, Row, VersionChange

from .budget import PlanInput, year_totals
from .changes import describe, headline
from .models import Plan, PlanChange
from .pc_views import voorjaarsnota

TOP_REQUESTS = 8  # requests on the summary page; the rest are counted with their total
FACTS = 4  # facts of the last change on the summary page, each cut to FACT_CHARS (a motivation can be long)
FACT_CHARS = 180


def add_council_parts(report: BudgetReport, plan: Plan, data: PlanInput) -> None:
    """Fill report.plan (the summary), report.requests, report.not_now and report.left_out."""
    arranged = voorjaarsnota(report, data)
    years = report.years
    fte = _fte_by_development(report)
    requests = []
    for group in arranged["groups"]:
        for item in group["requests"]:
            choice = item["choice"]
            slug = choice.development.slug
            requests.append(
                Request(
                    key=slug,
                    title=choice.development.title,
                    domain_name=choice.development.domain.name,
                    priority=str(group["priority"]),
                    priority_key=group["key"],
                    start_year=choice.start_year,
                    capacity_type=choice.get_capacity_type_display(),
                    motivation=choice.motivation,
                    incidental=dict(item["incidental"].values),
                    structural=dict(item["structural"].values),
                    fte={y: fte.get(slug, {}).get(y, Decimal(0)) for y in years},
                )
            )
    report.requests = requests
    report.not_now = [_left_out(c) for c in arranged["not_now"]]
    report.left_out = [_left_out(c) for c in arranged["left_out"]]
    # Must haves first, then should and could; within a priority the most expensive first.
    ranked = sorted(requests, key=lambda r: (_rank(r.priority_key), -r.total))
    top, rest = ranked[:TOP_REQUESTS], ranked[TOP_REQUESTS:]
    report.plan = PlanSummary(
        organisation=plan.organisation.name,
        plan_title=plan.title,
        release_id=plan.edition.release_id,
        release_title=plan.edition.release_title,
        version=plan.version,
        status=plan.get_status_display(),
        status_key=plan.status,
        scenario_name=plan.scenario_name,
        decision=_decision(plan),
        export_date=date_format(timezone.localdate(), "j F Y"),
        profile=_("%(inhabitants)s inwoners, %(employees)s medewerkers, %(departments)s afdelingen")
        % {
            "inhabitants": fmt_num(plan.inhabitants),
            "employees": fmt_num(plan.employees),
            "departments": fmt_num(plan.departments),
        },
        top_requests=top,
        other_requests=len(rest),
        other_total=sum((r.total for r in rest), Decimal(0)),
        change=last_change(plan, report),
    )


def _fte_by_development(report: BudgetReport) -> dict[str, dict[int, Decimal]]:
    """The engine's FTE per development per year, in one pass over its cells (Result.fte selects per call)."""
    totals: dict[str, dict[int, Decimal]] = {}
    for cell in report.result.cells:
        per_year = totals.setdefault(cell.line.development, {})
        per_year[cell.year] = per_year.get(cell.year, Decimal(0)) + cell.fte
    return totals


def _rank(priority_key: str) -> int:
    order = ["must", "should", "could"]
    return order.index(priority_key) if priority_key in order else len(order)


def _left_out(choice) -> LeftOut:
    return LeftOut(choice.development.title, choice.development.domain.name, choice.motivation)


def _decision(plan: Plan) -> str:
    if plan.status != PlanStatus.ADOPTED:
        return ""
    parts = []
    if plan.decision_date:
        parts.append(_("raadsbesluit van %(date)s") % {"date": date_format(plan.decision_date, "j F Y")})
    if plan.decision_reference:
        parts.append(_("kenmerk %(reference)s") % {"reference": plan.decision_reference})
    return ", ".join(parts)


def last_change(plan: Plan, report: BudgetReport) -> VersionChange | None:
    """The plan's last change, and its totals per year against those of the version before it (the previous
    change of this plan or, for a plan moved to another release, the last change of the plan it replaced)."""
    changes = list(plan.changes.order_by("-version")[:2])
    if not changes:
        return None
    change = changes[0]
    previous = changes[1] if len(changes) > 1 else None
    if previous is None and plan.supersedes_id:
        previous = PlanChange.objects.filter(plan_id=plan.supersedes_id).order_by("-version").first()
    facts = [describe(record) for record in change.details]
    difference = None
    if previous is not None and previous.totals:
        difference = _difference(year_totals(report.result, report.years), previous.totals, report.years)
    return VersionChange(
        version=change.version,
        headline=headline(change),
        when=date_format(timezone.localtime(change.at), "j F Y"),
        facts=[Truncator(fact).chars(FACT_CHARS) for fact in facts[:FACTS]],
        more_facts=max(0, len(facts) - FACTS),
        previous_version=previous.version if previous is not None else None,
        difference=difference,
    )


def _difference(now: dict, before: dict, years) -> list[Row]:
    """Now minus before, per year: incidental, structural, total and fte. A year the previous version did not
    cover counts as nothing then."""

    def value(totals, year, name):
        return Decimal(totals.get(str(year), {}).get(name, "0"))

    rows = {}
    for name in ("incidental", "structural", "fte"):
        rows[name] = {y: value(now, y, name) - value(before, y, name) for y in years}
    total = {y: rows["incidental"][y] + rows["structural"][y] for y in years}
    return [
        Row(heading(LineKind.INCIDENTAL), rows["incidental"], key="incidental"),
        Row(heading(LineKind.STRUCTURAL), rows["structural"], key="structural"),
        Row(_("Totaal"), total, key="total"),
        Row(_("Capaciteit (fte)"), rows["fte"], key="fte"),
    ]
