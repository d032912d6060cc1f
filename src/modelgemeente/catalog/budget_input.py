"""From catalogue rows to budget-engine input (the engine itself knows no Django)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from modelgemeente import refdata
from modelgemeente.budget.engine import Assumptions, Line, Profile, Result, Scenario, compute
from modelgemeente.budget.money import fmt_num, fmt_pct
from modelgemeente.budget.salary import ScaleCost, derive_scale_costs
from modelgemeente.exports.report import Assumption, BudgetReport, build_report

from .models import BudgetLine, Edition

DEFAULT_HORIZON = 4


def reference_profile(edition: Edition) -> Profile:
    return Profile(edition.reference_inhabitants, edition.reference_employees, edition.reference_departments)


def estimated_profile(edition: Edition, inhabitants: int) -> tuple[int, int]:
    """Employees and departments in proportion to the reference municipality: an estimate, labelled as one
    wherever it is used (a plan's profile, the catalogue's "what does this cost my municipality")."""
    ratio = inhabitants / edition.reference_inhabitants
    return max(1, round(edition.reference_employees * ratio)), max(1, round(edition.reference_departments * ratio))


def scale_costs(edition: Edition) -> dict[int, ScaleCost]:
    return derive_scale_costs(refdata.salary_table(edition.salary_table))


def edition_assumptions(edition: Edition) -> Assumptions:
    return Assumptions(
        base_year=edition.base_price_year,
        hours_per_fte=edition.hours_per_fte,
        cost_per_fte={scale: cost.annual_cost for scale, cost in scale_costs(edition).items()},
        wage_index_percent=edition.wage_index_percent,
        price_index_percent=edition.price_index_percent,
    )


def line_key(row: BudgetLine) -> str:
    """The engine's key of a budget line: unique within an edition."""
    return f"{row.development.slug}/{row.slug}"


def engine_line(row: BudgetLine) -> Line:
    dev = row.development
    return Line(
        key=line_key(row),
        development=dev.slug,
        domain=dev.domain.slug,
        description=row.description,
        kind=row.kind,
        category=row.category,
        driver=row.driver,
        exponent=row.exponent,
        amount=row.amount,
        hours_per_week=row.hours_per_week,
        salary_scale=row.salary_scale,
        offset=row.offset,
        spread=row.spread,
    )


def edition_budget_lines(edition: Edition):
    return BudgetLine.objects.filter(development__edition=edition).select_related("development")


def provenance(row: BudgetLine) -> dict:
    """The provenance of a line as reports show it."""
    return {"provenance_type": row.get_provenance_type_display(), "provenance_text": row.provenance_text}


def edition_lines(edition: Edition) -> tuple[Line, ...]:
    rows = (
        BudgetLine.objects.filter(development__edition=edition)
        .select_related("development__domain")
        .order_by("development__domain__order", "development__order", "development__slug", "order")
    )
    return tuple(engine_line(row) for row in rows)


@dataclass(frozen=True)
class ModelBudget:
    """The model municipality's budget: every development starting in the base year."""

    edition: Edition
    result: Result

    @property
    def years(self):
        return self.result.scenario.years


def first_budget_year(edition: Edition) -> int:
    """The first year an edition budgets for: its own year (edition 2027 is for the begroting 2027 onwards),
    never before its price level. A spring content version may still be priced in the year before."""
    return max(edition.year, edition.base_price_year)


def model_budget(
    edition: Edition, profile: Profile | None = None, first_year: int | None = None, horizon: int = DEFAULT_HORIZON
) -> ModelBudget:
    """Every development starting in `first_year` (default: the edition's first budget year)."""
    lines = edition_lines(edition)
    first = first_year or first_budget_year(edition)
    scenario = Scenario(
        lines=lines,
        profile=profile or reference_profile(edition),
        reference=reference_profile(edition),
        start_years={line.development: first for line in lines},
        years=tuple(range(first, first + horizon)),
        assumptions=edition_assumptions(edition),
    )
    return ModelBudget(edition, compute(scenario))


def salary_rows(edition: Edition) -> list[tuple[ScaleCost, Decimal]]:
    """Per scale: its cost derivation and the cost of one hour a week for a year."""
    hours = edition.hours_per_fte
    return [(cost, cost.annual_cost / hours) for cost in scale_costs(edition).values()]


def salary_source(edition: Edition) -> str:
    table = refdata.salary_table(edition.salary_table)
    status = {"derived": _("afgeleid"), "official": _("officieel"), "assumption": _("aanname")}.get(
        table.get("status"), ""
    )
    return _("%(title)s (%(status)s); bron: %(source)s") % {
        "title": table["title"],
        "status": status,
        "source": table["source"]["name"],
    }


# Texts the code writes (not content) use gettext: pages show them in the reader's language;
# downloads are built in Dutch (exports.writers.download).


def reference_row(edition: Edition) -> Assumption:
    ref = reference_profile(edition)
    value = _("%(inhabitants)s inwoners, %(employees)s medewerkers, %(departments)s afdelingen") % {
        "inhabitants": fmt_num(ref.inhabitants),
        "employees": fmt_num(ref.employees),
        "departments": fmt_num(ref.departments),
    }
    return Assumption("reference", value, edition.reference_provenance)


def price_level_row(edition: Edition) -> Assumption:
    return Assumption(
        "price_level",
        str(edition.base_price_year),
        _("Alle bedragen in de editie zijn in prijzen van dit jaar, exclusief btw."),
    )


def hours_provenance() -> str:
    return _("Cao Gemeenten: 36-urige werkweek.")


def edition_assumptions_list(edition: Edition, profile: Profile) -> list[Assumption]:
    own = profile == reference_profile(edition)
    origin = _("Referentiegemeente van de editie") if own else _("Profiel van de gemeente")
    return [
        Assumption("inhabitants", fmt_num(profile.inhabitants), origin),
        Assumption("employees", fmt_num(profile.employees), origin),
        Assumption("departments", fmt_num(profile.departments), origin),
        reference_row(edition),
        price_level_row(edition),
        Assumption("hours_per_fte", fmt_num(edition.hours_per_fte), hours_provenance()),
        Assumption("wage_index", fmt_pct(edition.wage_index_percent), edition.wage_index_provenance),
        Assumption("price_index", fmt_pct(edition.price_index_percent), edition.price_index_provenance),
        Assumption("salary_table", edition.salary_table, salary_source(edition)),
    ]


def model_report(
    edition: Edition, profile: Profile | None = None, first_year: int | None = None, horizon: int = DEFAULT_HORIZON
) -> BudgetReport:
    """The model municipality's ICT budget (or the model scaled to another profile and years)."""
    budget = model_budget(edition, profile, first_year, horizon)
    line_meta = {line_key(row): provenance(row) for row in edition_budget_lines(edition)}
    developments = edition.developments.select_related("domain", "edition").order_by("domain__order", "order", "slug")
    development_meta = {d.slug: {"title": d.title, "url": d.get_absolute_url()} for d in developments}
    domain_meta = {d.slug: {"name": d.name, "url": d.get_absolute_url()} for d in edition.domains.all()}
    profile = budget.result.scenario.profile
    scaled = profile != reference_profile(edition)
    values = {"edition": edition.release_title, "inhabitants": fmt_num(profile.inhabitants)}
    if scaled:
        subtitle = _("%(edition)s, geschaald naar %(inhabitants)s inwoners") % values
    else:
        subtitle = _("%(edition)s: referentiegemeente van %(inhabitants)s inwoners") % values
    return build_report(
        budget.result,
        title=_("ICT-begroting Modelgemeente"),
        subtitle=subtitle,
        line_meta=line_meta,
        development_meta=development_meta,
        domain_meta=domain_meta,
        salary=list(scale_costs(edition).values()),
        salary_source=salary_source(edition),
        assumptions=edition_assumptions_list(edition, profile),
        notes=[
            _(
                "Alle ontwikkelingen starten in %(year)s; bedragen exclusief btw, geïndexeerd per jaar "
                "vanaf prijspeil %(price_year)s."
            )
            % {"year": budget.years[0], "price_year": edition.base_price_year},
            _("Regels met herkomst 'schatting' zijn aannames van de redactie; de onderbouwing staat bij elke regel."),
        ],
    )
