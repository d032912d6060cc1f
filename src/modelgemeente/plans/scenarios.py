"""Scenarios: a plan copied to try another course ("ambitieus" against "sober"), and two plans side by side
(docs/plans.md, "Scenarios").

A scenario is a plan in its own right, of the same organisation and release, with `scenario_of` pointing at the
plan it was copied from and a short `scenario_name`. Copying takes everything that makes the plan's budget: the
profile and its provenance, the years, the own assumptions (hours per FTE, indices, own salary costs), every choice,
every line adjustment and every own line, also a share in a collective provision: the copy holds the same share
lines, and plans.signals.plan_copied lets the consultation app give the copy the same joins (so it can leave the
provision, and cannot join it a second time). Right after copying, the copy's budget equals its source's to the
euro. The copy is a concept, with version 1 and one history record saying where it came from. Copying a
vastgesteld plan is allowed: that is how one continues after adoption.

Comparing: two plans of the same organisation on the same release, over the years both cover, per year
(incidental, structural, total, FTE) and per domain, each plan's figures from its own engine report
(plans.budget.plan_report) and their difference (the other plan minus this one) from `difference`, the one helper
that subtracts.
"""

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from modelgemeente.core.enums import PlanStatus
from modelgemeente.exports.report import BudgetReport, Row

from .budget import plan_report, plan_totals
from .changes import StaleVersion, creation_record, plan_object
from .models import ChangeKind, ExtraLine, LineAdjustment, Plan, PlanChange, PlanDevelopment
from .signals import plan_copied

NAME_LIMIT = 80  # Plan.scenario_name
TITLE_LIMIT = 200  # Plan.title
# What a copy takes over from its source besides its choices and lines: the profile, the years and the assumptions.
COPIED_FIELDS = [
    "municipality_code",
    "inhabitants",
    "employees",
    "departments",
    "profile_provenance",
    "profile_sources",
    "start_year",
    "horizon",
    "hours_per_fte",
    "wage_index_percent",
    "price_index_percent",
    "salary_overrides",
    "assumptions_note",
]
CHOICE_COPY = ["development_id", "included", "priority", "capacity_type", "start_year", "motivation"]
ADJUSTMENT_COPY = ["budget_line_id", "excluded", "amount", "hours_per_week", "reason", "price_year"]
EXTRA_COPY = [
    "development_id",
    "description",
    "kind",
    "category",
    "amount",
    "hours_per_week",
    "salary_scale",
    "offset",
    "spread",
    "reason",
    "origin",
    "price_year",
]


class ScenarioRefused(Exception):
    """The copy or comparison cannot be made as asked; `message` says why, in Dutch; `field` names the input."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


def clean_name(name) -> str:
    """A scenario's name: a few words, no tabs, line breaks or invisible characters (it goes into the title)."""
    name = " ".join(str(name or "").split())
    if not name:
        raise ScenarioRefused(_("Geef het scenario een naam, bijvoorbeeld 'sober' of 'ambitieus'."), "name")
    if len(name) > NAME_LIMIT:
        raise ScenarioRefused(
            _("De naam van het scenario is te lang (ten hoogste %(n)s tekens).") % {"n": NAME_LIMIT}, "name"
        )
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in name):
        raise ScenarioRefused(_("Gebruik geen onzichtbare of ongeldige tekens in de naam van het scenario."), "name")
    return name


def scenario_title(source: Plan, name: str) -> str:
    """'<title of the source> — scenario <name>'; a scenario of a scenario starts from the original title."""
    base = source.title
    suffix = f" — scenario {source.scenario_name}"
    if source.scenario_name and base.endswith(suffix):
        base = base[: -len(suffix)]
    ending = f" — scenario {name}"
    return base[: TITLE_LIMIT - len(ending)] + ending


def copy_as_scenario(plan: Plan, user, name: str, expected_version: int | None = None) -> Plan:
    """A new concept plan copied from `plan` (see the module docstring), in one transaction. ScenarioRefused for a
    name that is empty, too long or already a scenario of this plan; StaleVersion when `expected_version` is given
    and the plan was saved since (the copy would not be the plan the user saw)."""
    name = clean_name(name)
    with transaction.atomic():
        # The source's row lock: no change of the source lands halfway through the copy.
        source = Plan.objects.select_for_update().select_related("edition", "organisation").get(pk=plan.pk)
        if expected_version is not None and source.version != expected_version:
            raise StaleVersion(
                source.changes.filter(version__gt=expected_version).select_related("user").order_by("version")
            )
        if source.scenarios.filter(scenario_name__iexact=name).exists():
            raise ScenarioRefused(
                _("Dit plan heeft al een scenario '%(name)s'; kies een andere naam.") % {"name": name}, "name"
            )
        copy = Plan.objects.create(
            organisation=source.organisation,
            edition=source.edition,
            title=scenario_title(source, name),
            status=PlanStatus.CONCEPT,
            scenario_of=source,
            scenario_name=name,
            created_by=user,
            **{f: getattr(source, f) for f in COPIED_FIELDS},
        )
        PlanDevelopment.objects.bulk_create(
            PlanDevelopment(plan=copy, **{f: getattr(c, f) for f in CHOICE_COPY}) for c in source.choices.all()
        )
        LineAdjustment.objects.bulk_create(
            LineAdjustment(plan=copy, **{f: getattr(a, f) for f in ADJUSTMENT_COPY}) for a in source.adjustments.all()
        )
        originals = list(source.extra_lines.order_by("pk"))
        copies = ExtraLine.objects.bulk_create(
            ExtraLine(plan=copy, **{f: getattr(e, f) for f in EXTRA_COPY}) for e in originals
        )
        PlanChange.objects.create(
            plan=copy,
            version=copy.version,
            user=user,
            kind=ChangeKind.SCENARIO,
            details=[
                creation_record(copy),
                {"object": plan_object(), "field": "scenario_of", "new": f"{source.title} (v{source.version})"},
                {"object": plan_object(), "field": "scenario_name", "new": name},
            ],
            totals=plan_totals(copy),  # equal to the source's: what the export's summary compares against
        )
        mapping = {old.pk: new.pk for old, new in zip(originals, copies, strict=True)}
        plan_copied.send(sender=Plan, old_plan=source, new_plan=copy, extra_lines=mapping, user=user)
    return copy


def scenarios_of(plan: Plan):
    """The plans copied from `plan`, oldest first."""
    return plan.scenarios.select_related("edition", "organisation").order_by("created_at", "pk")


def partners(plan: Plan):
    """The plans `plan` can be compared with: the other plans of its organisation on its release."""
    return (
        Plan.objects.filter(organisation_id=plan.organisation_id, edition_id=plan.edition_id)
        .exclude(pk=plan.pk)
        .select_related("edition", "organisation")
        .order_by("title", "pk")
    )


# Comparison ---------------------------------------------------------------------------------------------------


def difference(mine: dict, theirs: dict, years) -> dict:
    """The other plan's figures minus this plan's, per year: the one place a comparison subtracts (in Decimal, on
    totals the engine gave)."""
    return {y: Decimal(theirs[y]) - Decimal(mine[y]) for y in years}


@dataclass
class ComparedRow:
    key: str  # "plan", "other" or "difference"
    label: str
    values: dict[int, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.values.values(), Decimal(0))


@dataclass
class Group:
    """One figure (a line kind, the total, FTE or a domain) for both plans and their difference."""

    key: str
    label: str
    rows: list[ComparedRow]
    fte: bool = False  # a number of FTE per year (no total over the years)


@dataclass
class Comparison:
    plan: Plan
    other: Plan
    years: tuple[int, ...]
    totals: list[Group] = field(default_factory=list)
    domains: list[Group] = field(default_factory=list)
    plan_report: BudgetReport | None = None
    other_report: BudgetReport | None = None

    @property
    def same_years(self) -> bool:
        return self.plan.years == self.other.years


def short_name(plan: Plan) -> str:
    return plan.scenario_name or plan.title


def check_partner(plan: Plan, other: Plan) -> None:
    """ScenarioRefused when `other` cannot be compared with `plan` (the caller has found it in plan's organisation:
    another organisation's plan is a 404 there)."""
    if other.pk == plan.pk:
        raise ScenarioRefused(_("Kies een ander plan om mee te vergelijken dan dit plan zelf."), "with")
    if other.edition_id != plan.edition_id:
        raise ScenarioRefused(
            _(
                "Plan '%(title)s' staat op release %(other)s en dit plan op release %(mine)s; vergelijk plannen op "
                "dezelfde release (zet een plan eerst over)."
            )
            % {"title": other.title, "other": other.edition.release_id, "mine": plan.edition.release_id},
            "with",
        )
    if not set(plan.years) & set(other.years):
        raise ScenarioRefused(
            _("Plan '%(title)s' heeft geen jaren gemeen met dit plan; er is niets te vergelijken.")
            % {"title": other.title},
            "with",
        )


def _group(key, label, mine: Row, theirs: Row, years, plan, other, fte=False) -> Group:
    mine_values = {y: mine.values.get(y, Decimal(0)) for y in years}
    their_values = {y: theirs.values.get(y, Decimal(0)) for y in years}
    return Group(
        key,
        label,
        [
            ComparedRow("plan", short_name(plan), mine_values),
            ComparedRow("other", short_name(other), their_values),
            ComparedRow(
                "difference",
                _("Verschil (%(other)s − %(plan)s)") % {"other": short_name(other), "plan": short_name(plan)},
                difference(mine_values, their_values, years),
            ),
        ],
        fte,
    )


def compare(plan: Plan, other: Plan) -> Comparison:
    """The two plans side by side over the years both cover (see the module docstring)."""
    check_partner(plan, other)
    years = tuple(y for y in plan.years if y in set(other.years))
    mine, theirs = plan_report(plan), plan_report(other)
    their_summary = {row.key: row for row in theirs.summary}
    totals = [
        _group(row.key, row.label, row, their_summary[row.key], years, plan, other)
        for row in mine.summary
        if row.key in their_summary
    ]
    totals.append(_group("fte", mine.fte.label, mine.fte, theirs.fte, years, plan, other, fte=True))
    their_domains = {row.key: row for row in theirs.by_domain}
    empty = Row("", {})
    domains = [
        _group(row.key, row.label, row, their_domains.get(row.key, empty), years, plan, other) for row in mine.by_domain
    ]
    return Comparison(plan, other, years, totals, domains, mine, theirs)
