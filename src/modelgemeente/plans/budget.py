"""From a plan to budget-engine input and to a budget report.

The engine computes; this module only decides which lines go in, with which
figures: the edition's lines of the developments the plan counts, minus the
excluded ones, with the plan's own figure where it overrides one (an own
figure is this municipality's amount, so it is not scaled again), plus the
plan's own lines. Unsaved choices (a form being edited) can be passed in, so
the same code gives the live totals while editing.
"""

from copy import copy
from dataclasses import dataclass, replace
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from modelgemeente.budget.engine import Assumptions, Line, Profile, Result, Scenario, compute
from modelgemeente.budget.money import fmt_eur, fmt_num, fmt_pct
from modelgemeente.budget.salary import ScaleCost, own_scale_cost
from modelgemeente.catalog.budget_input import (
    edition_assumptions,
    edition_budget_lines,
    edition_lines,
    hours_provenance,
    line_key,
    model_report,
    price_level_row,
    provenance,
    reference_profile,
    reference_row,
    salary_source,
    scale_costs,
)  # estimated_profile lives in catalog (the catalogue's cost calculator uses it too); imported here for bench/
from modelgemeente.core.enums import LineKind, LineOrigin, Priority
from modelgemeente.exports.report import Assumption, BudgetReport, ChoiceRow, build_report

from . import report_sections
from .models import ExtraLine, LineAdjustment, Plan, PlanDevelopment
from .profile import profile_provenance

# Provenance types of the municipality's own figures and lines (gettext at use: see _line_meta).
OWN_FIGURE = gettext_noop("eigen gegeven")
OWN_LINE = gettext_noop("eigen regel")


@dataclass
class PlanInput:
    """A plan's choices as the engine input needs them; saved rows unless given unsaved ones."""

    plan: Plan
    choices: list[PlanDevelopment]
    adjustments: dict[str, LineAdjustment]  # by line key, see line_key()
    extra_lines: list[ExtraLine]

    @classmethod
    def load(cls, plan: Plan, choices=None, adjustments=None, extra_lines=None) -> "PlanInput":
        if choices is None:
            choices = list(plan.choices.select_related("development__domain"))
        if adjustments is None:
            adjustments = {
                line_key(a.budget_line): a for a in plan.adjustments.select_related("budget_line__development")
            }
        if extra_lines is None:
            extra_lines = list(plan.extra_lines.select_related("development__domain"))
        return cls(plan, choices, adjustments, extra_lines)


def profile(plan: Plan) -> Profile:
    return Profile(plan.inhabitants, plan.employees, plan.departments)


def plan_scale_costs(plan: Plan) -> dict[int, ScaleCost]:
    """The edition's cost per FTE per scale, with the plan's own figures where it has them."""
    costs = dict(scale_costs(plan.edition))
    for scale, amount in (plan.salary_overrides or {}).items():
        scale = int(scale)
        model = costs[scale].annual_cost if scale in costs else None
        costs[scale] = own_scale_cost(scale, Decimal(amount), model)
    return dict(sorted(costs.items()))


def plan_assumptions(plan: Plan) -> Assumptions:
    base = edition_assumptions(plan.edition)
    return replace(
        base,
        hours_per_fte=plan.hours_per_fte if plan.hours_per_fte is not None else base.hours_per_fte,
        wage_index_percent=plan.wage_index_percent if plan.wage_index_percent is not None else base.wage_index_percent,
        price_index_percent=plan.price_index_percent
        if plan.price_index_percent is not None
        else base.price_index_percent,
        cost_per_fte={scale: cost.annual_cost for scale, cost in plan_scale_costs(plan).items()},
    )


def extra_line_key(extra: ExtraLine) -> str:
    return f"{extra.development.slug}/eigen-{extra.pk or 'nieuw'}"


def plan_lines(data: PlanInput) -> tuple[Line, ...]:
    """The edition's lines of the counted developments, minus exclusions, with own figures; then own lines."""
    counted = {c.development.slug for c in data.choices if c.counts}
    lines = []
    for line in edition_lines(data.plan.edition):
        adjustment = data.adjustments.get(line.key)
        if line.development not in counted or (adjustment is not None and adjustment.excluded):
            continue
        lines.append(
            _own_figure(line, adjustment, data.plan) if adjustment is not None and adjustment.overrides else line
        )
    for extra in data.extra_lines:
        if extra.development.slug not in counted:
            continue
        lines.append(
            Line(
                key=extra_line_key(extra),
                development=extra.development.slug,
                domain=extra.development.domain.slug,
                description=extra.description,
                kind=extra.kind,
                category=extra.category,
                driver="fixed",
                exponent=Decimal(0),
                amount=extra.amount,
                hours_per_week=extra.hours_per_week,
                salary_scale=extra.salary_scale,
                offset=extra.offset,
                spread=extra.spread,
                price_year=own_price_year(data.plan, extra) if extra.amount is not None else None,
            )
        )
    return tuple(lines)


def own_price_year(plan: Plan, row: LineAdjustment | ExtraLine) -> int:
    """The year in whose prices an own amount was typed: as stated, else the plan's first year."""
    return row.price_year if row.price_year is not None else plan.start_year


def _own_figure(line: Line, adjustment: LineAdjustment, plan: Plan) -> Line:
    """The municipality's own figure is its own size already: no scaling. An own amount is in the
    prices of the year the user stated, so it is indexed from that year on, not from the edition's."""
    if line.is_capacity:
        hours = adjustment.hours_per_week if adjustment.hours_per_week is not None else line.hours_per_week
        return replace(line, hours_per_week=hours, driver="fixed", exponent=Decimal(0))
    if adjustment.amount is None:
        return replace(line, driver="fixed", exponent=Decimal(0))
    return replace(
        line, amount=adjustment.amount, driver="fixed", exponent=Decimal(0), price_year=own_price_year(plan, adjustment)
    )


def plan_result(data: PlanInput) -> Result:
    plan = data.plan
    return compute(
        Scenario(
            lines=plan_lines(data),
            profile=profile(plan),
            reference=reference_profile(plan.edition),
            start_years={c.development.slug: c.start_year for c in data.choices if c.counts},
            years=plan.years,
            assumptions=plan_assumptions(plan),
        )
    )


def _line_meta(data: PlanInput) -> dict:
    """Provenance per line: the catalogue's, or the municipality's own figure or line with its reason.
    The sentences are the code's, so they follow the active language (downloads are built in Dutch)."""
    meta = {}
    for row in edition_budget_lines(data.plan.edition):
        key = line_key(row)
        adjustment = data.adjustments.get(key)
        if adjustment is not None and adjustment.overrides:
            if row.is_capacity:
                model = _("%(hours)s uur per week") % {"hours": fmt_num(row.hours_per_week)}
                own = _("%(hours)s uur per week") % {"hours": fmt_num(adjustment.hours_per_week)}
            else:
                model = fmt_eur(row.amount)
                own = _("%(amount)s (prijspeil %(year)s)") % {
                    "amount": fmt_eur(adjustment.amount),
                    "year": own_price_year(data.plan, adjustment),
                }
            meta[key] = {
                "own": True,
                "provenance_type": _(OWN_FIGURE),
                "provenance_text": _(
                    "Eigen gegeven %(own)s in plaats van het model (%(model)s, %(scaling)s): %(reason)s"
                )
                % {"own": own, "model": model, "scaling": row.scaling_label(), "reason": adjustment.reason},
            }
        else:
            meta[key] = provenance(row)
    for extra in data.extra_lines:
        text = extra.reason
        if extra.amount is not None:
            text += " " + _("(bedrag in prijzen van %(year)s)") % {"year": own_price_year(data.plan, extra)}
        kind = _(OWN_LINE) if extra.origin == LineOrigin.OWN else str(LineOrigin(extra.origin).label)
        meta[extra_line_key(extra)] = {"own": True, "provenance_type": kind, "provenance_text": text}
    return meta


def plan_assumption_rows(plan: Plan) -> list[Assumption]:
    edition = plan.edition
    own_note = (" " + _("Toelichting: %(note)s") % {"note": plan.assumptions_note}) if plan.assumptions_note else ""

    def choice(value, model_value, fmt, model_provenance):
        if value is None:
            return fmt(model_value), _("Uit de editie: %(provenance)s") % {"provenance": model_provenance}
        return fmt(value), _("Eigen waarde van de gemeente (editie: %(value)s).") % {
            "value": fmt(model_value)
        } + own_note

    hours = choice(plan.hours_per_fte, edition.hours_per_fte, fmt_num, hours_provenance())
    wage = choice(plan.wage_index_percent, edition.wage_index_percent, fmt_pct, edition.wage_index_provenance)
    price = choice(plan.price_index_percent, edition.price_index_percent, fmt_pct, edition.price_index_provenance)
    salary_note = ""
    if plan.salary_overrides:
        scales = ", ".join(sorted(plan.salary_overrides, key=int))
        salary_note = " " + _("Eigen bedragen voor schaal %(scales)s.") % {"scales": scales}
    origin = profile_provenance(plan)
    return [
        Assumption("inhabitants", fmt_num(plan.inhabitants), origin),
        Assumption("employees", fmt_num(plan.employees), origin),
        Assumption("departments", fmt_num(plan.departments), origin),
        reference_row(edition),
        price_level_row(edition),
        Assumption("hours_per_fte", *hours),
        Assumption("wage_index", *wage),
        Assumption("price_index", *price),
        Assumption("salary_table", edition.salary_table, salary_source(edition) + salary_note),
        Assumption(
            "edition",
            edition.release_title,
            _(
                "De release van de Modelgemeente waarop dit plan is gebaseerd; een gepubliceerde release verandert niet."
            ),
        ),
    ]


def choice_rows(data: PlanInput) -> list[ChoiceRow]:
    return [
        ChoiceRow(
            development=c.development.slug,
            title=c.development.title,
            domain_name=c.development.domain.name,
            included=c.counts,
            priority=c.get_priority_display(),
            capacity_type=c.get_capacity_type_display(),
            start_year=c.start_year,
            motivation=c.motivation,
        )
        for c in data.choices
    ]


def plan_report(plan: Plan, data: PlanInput | None = None) -> BudgetReport:
    data = data or PlanInput.load(plan)
    result = plan_result(data)
    edition = plan.edition
    developments = edition.developments.select_related("domain", "edition").order_by("domain__order", "order", "slug")
    development_meta = {
        d.slug: {
            "title": d.title,
            "url": reverse("plans:plan_development", args=[plan.organisation.slug, plan.pk, d.slug]),
        }
        for d in developments
    }
    domain_meta = {d.slug: {"name": d.name, "url": ""} for d in edition.domains.all()}
    return build_report(
        result,
        title=_("ICT-begroting %(plan)s") % {"plan": plan.title},
        subtitle=_("%(organisation)s, %(first)s-%(last)s, op basis van %(edition)s (%(inhabitants)s inwoners)")
        % {
            "organisation": plan.organisation.name,
            "first": plan.years[0],
            "last": plan.years[-1],
            "edition": edition.release_title,
            "inhabitants": fmt_num(plan.inhabitants),
        },
        line_meta=_line_meta(data),
        development_meta=development_meta,
        domain_meta=domain_meta,
        salary=list(plan_scale_costs(plan).values()),
        salary_source=salary_source(edition),
        assumptions=plan_assumption_rows(plan),
        choices=choice_rows(data),
        notes=[
            _(
                "Plan versie %(version)s. Bedragen exclusief btw, geïndexeerd vanaf prijspeil %(price_year)s; "
                "eigen bedragen van de gemeente vanaf het jaar van hun prijspeil (standaard %(start)s), "
                "zonder indexatie voor de jaren daarvóór."
            )
            % {"version": plan.version, "price_year": edition.base_price_year, "start": plan.start_year},
            _(
                "Herkomst 'schatting' is een aanname van de redactie van de Modelgemeente; 'eigen gegeven' en "
                "'eigen regel' zijn keuzes van de gemeente, met de reden erbij."
            ),
        ],
    )


def plan_export_report(plan: Plan) -> BudgetReport:
    """The plan's report for its downloads: with the one-page summary and the requests of plans/council.py, and
    the sections other apps add (plans/report_sections.py)."""
    from .council import add_council_parts  # late: council arranges this module's report

    data = PlanInput.load(plan)
    report = plan_report(plan, data)
    add_council_parts(report, plan, data)
    report.sections = report_sections.sections_for(plan)
    return report


def year_totals(result: Result, years) -> dict[str, dict[str, str]]:
    """The totals per year of an engine result as PlanChange.totals keeps them: {"2027": {"incidental": "...",
    "structural": "...", "fte": "..."}}, unrounded Decimals as strings. The one place that turns a result into
    these totals: save_change stores them, the export summary compares the plan with them."""
    kinds = result.by("kind")
    zero = Decimal(0)
    return {
        str(year): {
            "incidental": str(kinds.get(LineKind.INCIDENTAL, {}).get(year, zero)),
            "structural": str(kinds.get(LineKind.STRUCTURAL, {}).get(year, zero)),
            "fte": str(result.fte(year)),
        }
        for year in years
    }


def plan_totals(plan: Plan) -> dict[str, dict[str, str]]:
    """The plan's totals per year as saved now (read afresh from the database), see year_totals."""
    plan = Plan.objects.select_related("edition", "organisation").get(pk=plan.pk)
    return year_totals(plan_result(PlanInput.load(plan)), plan.years)


def development_costs(plan: Plan, slugs) -> dict[str, dict[int, Decimal]]:
    """What each of these developments costs this plan per year, from the engine: computed as if the plan counted
    them (its own start year, figures and excluded lines as they are), so also for developments the plan leaves out.
    Slugs that are not in the plan's release are left out of the answer."""
    slugs = set(slugs)
    data = PlanInput.load(plan)
    counted = [counting(choice) if choice.development.slug in slugs else choice for choice in data.choices]
    result = plan_result(replace(data, choices=counted))
    per_development = result.by("development")
    zero = {year: Decimal(0) for year in plan.years}
    return {
        c.development.slug: per_development.get(c.development.slug, zero)
        for c in data.choices
        if c.development.slug in slugs
    }


def line_costs(plan: Plan, keys, data: PlanInput | None = None) -> dict[int, Decimal]:
    """What these lines ("development/line" keys) cost this plan per year, from the engine: as if the plan counted
    their developments (its own start years and own figures; a line the plan leaves out costs nothing). `data`: the
    plan's input to compute from instead of the saved one (for instance without a collective provision's swap)."""
    keys = set(keys)
    data = data or PlanInput.load(plan)
    developments = {key.split("/")[0] for key in keys}
    counted = [counting(choice) if choice.development.slug in developments else choice for choice in data.choices]
    return plan_result(replace(data, choices=counted)).per_year(key=keys)


def counting(choice: PlanDevelopment) -> PlanDevelopment:
    """The choice as it would be if the development counted: an unsaved copy, never stored."""
    if choice.counts:
        return choice
    counted = copy(choice)
    counted.included = True
    if counted.priority == Priority.WONT:
        counted.priority = Priority.SHOULD
    return counted


def comparison_report(plan: Plan) -> BudgetReport:
    """The model scaled to this plan's profile: every development, starting in the plan's first year."""
    return model_report(plan.edition, profile(plan), first_year=plan.start_year, horizon=plan.horizon)
