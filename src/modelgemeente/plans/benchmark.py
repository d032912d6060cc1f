"""The peer benchmark of a plan (issue 16, part 6): its ICT cost per inhabitant next to the published M&I/Partners
benchmark and the anonymised average of the app's own plans of the same size.

- **This plan**: the engine's total per year (the plan's report) divided by the plan's inhabitants, per year and
  averaged over the plan's years. A plan holds the developments of the Modelgemeente it takes up, not the
  municipality's whole ICT budget; the page says so.
- **Published**: core.benchmark: the national figure of the latest book year, and the figure of the plan's size
  class in the latest book year that published one (when any did), with the source and the page it was checked
  against.
- **The app's plans**: one plan per organisation with the same first year (the plan itself for its own organisation,
  otherwise the one saved last), not moved to another release, when it is in the same size class. Shown only when at least
  MIN_PEERS organisations are in that group; per year only over the plans that cover that year, when there are
  MIN_PEERS of them. Each plan's totals come from the engine and are cached per plan version.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache

from modelgemeente.core import benchmark as published

from .budget import PlanInput, plan_result
from .models import Plan

MIN_PEERS = 5
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Figure:
    year: int
    amount: Decimal  # euro per inhabitant, in prices of that book year
    url: str


@dataclass
class Peers:
    count: int  # organisations in the group, this plan's own included
    per_year: dict[int, Decimal | None] = field(default_factory=dict)  # None: fewer than MIN_PEERS cover the year
    average: Decimal | None = None  # the average of each plan's yearly average

    @property
    def enough(self) -> bool:
        return self.count >= MIN_PEERS


@dataclass
class PlanBenchmark:
    per_year: dict[int, Decimal]  # this plan, euro per inhabitant
    size_class: str = ""
    class_label: str = ""
    national: Figure | None = None
    in_class: Figure | None = None
    source: str = ""
    source_url: str = ""
    notes: str = ""
    peers: Peers | None = None
    error: str = ""  # the benchmark file could not be read (Dutch)

    @property
    def average(self) -> Decimal:
        return sum(self.per_year.values(), Decimal(0)) / len(self.per_year)

    def rows(self) -> list[tuple[int, Decimal, Decimal | None]]:
        """Per year: this plan and the app's plans (None when not shown)."""
        peers = self.peers.per_year if self.peers and self.peers.enough else {}
        return [(year, amount, peers.get(year)) for year, amount in self.per_year.items()]


def per_inhabitant(totals: dict[int, Decimal], inhabitants: int) -> dict[int, Decimal]:
    return {year: amount / inhabitants for year, amount in totals.items()}


def plan_totals(plan: Plan) -> dict[int, Decimal]:
    """The plan's total per year from the engine, cached per plan version."""
    key = f"plan-totals:{plan.pk}:{plan.version}"
    return cache.get_or_set(key, lambda: plan_result(PlanInput.load(plan)).per_year(), CACHE_SECONDS)


def _figure(year: int | None, amount: Decimal | None) -> Figure | None:
    if year is None or amount is None:
        return None
    url = next(item["url"] for item in published.benchmark()["years"] if item["year"] == year)
    return Figure(year, amount, url)


def _peer_plans(plan: Plan, size_class: str) -> list[Plan]:
    candidates = (
        Plan.objects.filter(start_year=plan.start_year, superseded_by__isnull=True, inhabitants__gt=0)
        .exclude(organisation=plan.organisation)
        .order_by("organisation_id", "-updated_at", "-pk")
    )
    newest = {plan.organisation_id: plan}
    for candidate in candidates:
        newest.setdefault(candidate.organisation_id, candidate)
    return [p for p in newest.values() if published.size_class(p.inhabitants) == size_class]


def _peers(plan: Plan, size_class: str, own: dict[int, Decimal]) -> Peers:
    plans = _peer_plans(plan, size_class)
    if len(plans) < MIN_PEERS:
        return Peers(len(plans))
    figures = [own if p.pk == plan.pk else per_inhabitant(plan_totals(p), p.inhabitants) for p in plans]
    per_year = {}
    for year in plan.years:
        values = [f[year] for f in figures if year in f]
        per_year[year] = sum(values, Decimal(0)) / len(values) if len(values) >= MIN_PEERS else None
    averages = [sum(f.values(), Decimal(0)) / len(f) for f in figures]
    return Peers(len(plans), per_year, sum(averages, Decimal(0)) / len(averages))


def plan_benchmark(plan: Plan, report=None) -> PlanBenchmark | None:
    """The benchmark of `plan`; `report`: its budget report when the caller has it already (the same totals). None
    for a plan without inhabitants (nothing to divide by)."""
    if not plan.inhabitants:
        return None
    totals = report.grand_total.values if report is not None else plan_totals(plan)
    own = per_inhabitant(totals, plan.inhabitants)
    result = PlanBenchmark(own)
    try:
        data = published.benchmark()
        years = published.years()
        size_class = published.size_class(plan.inhabitants)
    except published.BenchmarkError as error:
        result.error = str(error)
        return result
    latest = years[-1]
    class_year = next((y for y in reversed(years) if published.class_figure(y, size_class) is not None), None)
    result.size_class = size_class
    result.class_label = published.class_label(size_class)
    result.national = _figure(latest, published.per_inhabitant(latest))
    result.in_class = _figure(class_year, published.class_figure(class_year, size_class) if class_year else None)
    result.source = published.source_label()
    result.source_url = data["source"]["url"]
    result.notes = data["notes"]
    result.peers = _peers(plan, size_class, own)
    return result
