"""The plan arranged for the P&C documents: voorjaarsnota, begroting/najaarsnota, comparison.

Only arrangement: every amount comes from the engine result (plans.budget).
"""

from decimal import Decimal

from django.utils.translation import gettext_noop

from modelgemeente.core.enums import LineKind
from modelgemeente.exports.report import BudgetReport, Row

from .budget import PlanInput
from .models import Priority

PRIORITY_ORDER = [Priority.MUST, Priority.SHOULD, Priority.COULD]


def _zero(years):
    return {y: Decimal(0) for y in years}


def _kind_row(kind: LineKind, values: dict) -> Row:
    """A row of one line kind, labelled with the kind's label in the active language."""
    return Row(str(kind.label), values, key=kind.value)


def voorjaarsnota(report: BudgetReport, data: PlanInput) -> dict:
    """New requests per year with their motivation, by priority; won't-haves and left-outs listed apart."""
    result, years = report.result, report.years
    incidental = result.by("development", kind=LineKind.INCIDENTAL)
    structural = result.by("development", kind=LineKind.STRUCTURAL)
    groups = []
    for priority in PRIORITY_ORDER:
        chosen = [c for c in data.choices if c.counts and c.priority == priority]
        if not chosen:
            continue
        slugs = {c.development.slug for c in chosen}
        groups.append(
            {
                "priority": priority.label,
                "key": priority.value,
                "requests": [
                    {
                        "choice": c,
                        "incidental": _kind_row(LineKind.INCIDENTAL, incidental.get(c.development.slug, _zero(years))),
                        "structural": _kind_row(LineKind.STRUCTURAL, structural.get(c.development.slug, _zero(years))),
                    }
                    for c in chosen
                ],
                "incidental": _kind_row(
                    LineKind.INCIDENTAL, result.per_year(development=slugs, kind=LineKind.INCIDENTAL)
                ),
                "structural": _kind_row(
                    LineKind.STRUCTURAL, result.per_year(development=slugs, kind=LineKind.STRUCTURAL)
                ),
            }
        )
    return {
        "groups": groups,
        "not_now": [c for c in data.choices if c.included and c.priority == Priority.WONT],
        "left_out": [c for c in data.choices if not c.included],
        "summary": report.summary,
        "years": years,
        "report": report,
    }


def begroting(report: BudgetReport) -> dict:
    """Structural effects per development for the meerjarenbegroting; incidental costs apart."""
    result, years = report.result, report.years
    titles = {row.key: row.label for row in report.by_development}
    urls = {row.key: row.url for row in report.by_development}

    def rows(kind):
        table = result.by("development", kind=kind)
        return [Row(titles[slug], table[slug], key=slug, url=urls[slug]) for slug in titles if slug in table]

    kinds = result.by("kind")
    return {
        "structural_rows": rows(LineKind.STRUCTURAL)
        + [Row(gettext_noop("Totaal structureel"), kinds.get(LineKind.STRUCTURAL, _zero(years)), key="total")],
        "incidental_rows": rows(LineKind.INCIDENTAL)
        + [Row(gettext_noop("Totaal incidenteel"), kinds.get(LineKind.INCIDENTAL, _zero(years)), key="total")],
        "fte": report.fte,
        "years": years,
        "report": report,
    }


def comparison(report: BudgetReport, model: BudgetReport) -> dict:
    """This plan against the model scaled to the plan's profile and years, per year and per domain."""
    by_domain = report.result.minus(model.result, "domain")
    return {
        "model": model,
        "report": report,
        "years": report.years,
        "rows": [
            Row(gettext_noop("Dit plan"), report.grand_total.values, key="plan"),
            Row(gettext_noop("Model, geschaald naar dit profiel"), model.grand_total.values, key="model"),
            Row(gettext_noop("Verschil (plan − model)"), report.result.minus(model.result), key="difference"),
        ],
        "domain_rows": [
            Row(row.label, by_domain.get(row.key, _zero(report.years)), key=row.key) for row in model.by_domain
        ],
    }
