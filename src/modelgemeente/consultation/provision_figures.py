"""Readings of a collective provision: each participant's share, what the replaced lines cost it alone, the saving,
whether the share is within its pledge, and the "go" point. Every amount comes from the budget engine.

- **Participants** are the organisations that stated interest or a conditional pledge, and those with a plan that
  joined: the shares say what each would pay if all of them took part.
- **Share**: budget.sharing.shares with the provision's cost model; the weight is the inhabitants of the
  organisation's municipalities (CBS list, consultation.regions) or 1 each for equal shares. An organisation
  without known inhabitants gets no share under the inhabitants key (and is named as such).
- **Replaced lines**: the provision's `replaces_lines`, plus every line of a development in
  `replaces_developments` of which no line is listed (such a development is replaced as a whole).
- **Cost alone**: what the replaced lines cost the organisation per year, from the engine: from its newest plan that
  was not moved to another release (its own figures, profile and years, as if the plan counted the developments and
  without any collective provision's swap), else from the newest published release's model scaled to its
  inhabitants (employees and departments estimated in proportion: an estimate, and labelled so). Compared per year
  as the average over those years.
- **Saving** = cost alone (yearly average) − yearly share.
- **Go point**: budget.sharing.go_point over the conditional pledges; when it is not reached, what is missing:
  which pledgers' shares exceed their limits with all pledgers together, and how many inhabitants (or
  participants, for equal shares) more would bring every share within every pledge.

Who sees what: per-organisation figures and pledge limits are shown to the organisation itself, to members of
organisations in a region of that organisation, to the representatives of those regions and to coordinators;
others see counts, totals of the cost model and the size of the go point only (`Viewer`).
"""

from copy import copy
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, Decimal
from functools import cached_property

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from modelgemeente.budget.engine import Profile
from modelgemeente.budget.sharing import CostModel, Share, go_point, missing_weight, shares
from modelgemeente.catalog.budget_input import edition_budget_lines, estimated_profile, line_key, model_budget
from modelgemeente.catalog.models import BudgetLine, Development, Edition
from modelgemeente.core.enums import CostKey, PlanStatus, PledgeKind
from modelgemeente.plans.budget import PlanInput, extra_line_key, line_costs, plan_result
from modelgemeente.plans.models import Organisation, Plan

from . import regions
from .models import Pledge, Provision, ProvisionJoin


def cost_model(provision: Provision) -> CostModel:
    return CostModel(provision.build_cost, provision.yearly_cost, provision.write_off_years)


def current_release() -> Edition | None:
    """The release whose model gives the cost alone of an organisation without a plan: the newest published one."""
    return Edition.objects.published().order_by("-year", "-number").first()


# Replaced lines -----------------------------------------------------------------------------------------------


def replaced_lines(provision: Provision, edition: Edition) -> list[BudgetLine]:
    """The lines of `edition` that taking part replaces: the listed lines, and every line of a listed development
    of which no line is listed."""
    listed = set(provision.replaces_lines or [])
    whole = set(provision.replaces_developments or []) - {key.split("/")[0] for key in listed}
    return [
        row
        for row in edition_budget_lines(edition).order_by("development__order", "development__slug", "order")
        if line_key(row) in listed or row.development.slug in whole
    ]


def replaced_keys(provision: Provision, edition: Edition) -> list[str]:
    return [line_key(row) for row in replaced_lines(provision, edition)]


@dataclass
class Replaced:
    """A replaced development as the catalogue shows it: its row in a release (None when it is not there) and the
    replaced lines (key, row or None); `whole`: every line of the development is replaced."""

    slug: str
    development: Development | None
    lines: list[tuple[str, BudgetLine | None]]
    whole: bool


def replaces(provision: Provision, release: Edition | None) -> list[Replaced]:
    """What the provision replaces, by development, with the rows of `release` for links to the catalogue."""
    found = {row.slug: row for row in release.developments.all()} if release else {}
    rows = {line_key(row): row for row in edition_budget_lines(release).order_by("order")} if release else {}
    listed = list(provision.replaces_lines or [])
    result = []
    for slug in provision.replaces_developments or []:
        keys = [key for key in listed if key.split("/")[0] == slug]
        whole = not keys
        if whole:
            keys = [key for key in rows if key.split("/")[0] == slug]
        result.append(Replaced(slug, found.get(slug), [(key, rows.get(key)) for key in keys], whole))
    return result


def joinable_plans(user, provision: Provision) -> list[Plan]:
    """The plans `user` may join with: of an organisation where they are editor or administrator, not moved to
    another release nor vastgesteld, not joined yet, on a release that has at least one of the replaced lines."""
    organisations = [m.organisation for m in regions.editor_memberships(user)]
    plans = (
        Plan.objects.filter(organisation__in=organisations, superseded_by__isnull=True)
        .exclude(status=PlanStatus.ADOPTED)
        .exclude(provision_joins__provision=provision)
        .select_related("edition", "organisation")
        .order_by("organisation__name", "-start_year", "title")
    )
    return [plan for plan in plans if replaced_lines(provision, plan.edition)]


# Participants and shares --------------------------------------------------------------------------------------


def weight(provision: Provision, organisation: Organisation) -> int | None:
    """The organisation's weight in the cost key: its inhabitants (None when unknown), or 1 for equal shares."""
    if provision.cost_key == CostKey.EQUAL:
        return 1
    return regions.organisations_inhabitants([organisation]) or None


def participants(provision: Provision) -> list[Organisation]:
    """Organisations with interest or a pledge, and those with a plan that joined, by name."""
    found = {p.organisation_id: p.organisation for p in provision.pledges.select_related("organisation")}
    for join in provision.joins.select_related("plan__organisation"):
        found.setdefault(join.plan.organisation_id, join.plan.organisation)
    return sorted(found.values(), key=lambda o: (o.name, o.pk))


def weights_of(provision: Provision, organisations) -> tuple[dict[str, int], list[Organisation]]:
    """{slug: weight} of the organisations with a weight, and the organisations without one."""
    weights, without = {}, []
    for organisation in organisations:
        found = weight(provision, organisation)
        if found is None:
            without.append(organisation)
        else:
            weights[organisation.slug] = found
    return weights, without


def share_if_joined(provision: Provision, organisation: Organisation) -> Share | None:
    """The organisation's yearly share if it took part next to every current participant; None without a weight."""
    others = [o for o in participants(provision) if o.pk != organisation.pk]
    weights, _without = weights_of(provision, [*others, organisation])
    if organisation.slug not in weights:
        return None
    return shares(cost_model(provision), weights)[organisation.slug]


# Cost alone ---------------------------------------------------------------------------------------------------


@dataclass
class Alone:
    """What the replaced lines cost one organisation per year, from the engine."""

    per_year: dict[int, Decimal]
    keys: list[str]
    edition: Edition
    profile: Profile
    plan: Plan | None = None  # from this plan; None: the model scaled to the organisation's inhabitants
    note: str = ""  # why the model was used although the organisation has a plan

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(self.per_year)

    @property
    def average(self) -> Decimal:
        return sum(self.per_year.values(), Decimal(0)) / len(self.per_year)

    @property
    def estimated(self) -> bool:
        """Employees and departments estimated in proportion to the reference municipality (model only)."""
        return self.plan is None


def without_joins(plan: Plan, joins=None) -> PlanInput:
    """The plan's input as it would be without these joins (default: all of its joins): their shared lines left out
    and the lines they left out counted again (an own figure the plan had for such a line stays), as leaving does."""
    joins = list(plan.provision_joins.all()) if joins is None else joins
    data = PlanInput.load(plan)
    extra_ids = {pk for join in joins for pk in join.extra_line_ids}
    restored = {key for join in joins for key in join.excluded_lines}
    adjustments = {}
    for key, adjustment in data.adjustments.items():
        if key in restored and adjustment.excluded:
            if not adjustment.overrides:
                continue
            adjustment = copy(adjustment)
            adjustment.excluded = False
        adjustments[key] = adjustment
    extras = [extra for extra in data.extra_lines if extra.pk not in extra_ids]
    return replace(data, adjustments=adjustments, extra_lines=extras)


def newest_plan(organisation: Organisation) -> Plan | None:
    """The organisation's newest plan that was not moved to another release."""
    return (
        organisation.plans.filter(superseded_by__isnull=True)
        .select_related("edition", "organisation")
        .order_by("-created_at", "-pk")
        .first()
    )


def cost_alone(provision: Provision, organisation: Organisation, release: Edition | None = None) -> Alone | None:
    """What the replaced lines cost `organisation` alone per year, or None when that cannot be computed (no plan
    with the lines, and no inhabitants or no release with the lines)."""
    plan = newest_plan(organisation)
    note = ""
    if plan is not None:
        keys = replaced_keys(provision, plan.edition)
        if keys:
            per_year = line_costs(plan, keys, without_joins(plan))
            return Alone(
                per_year, keys, plan.edition, Profile(plan.inhabitants, plan.employees, plan.departments), plan
            )
        note = _("Het plan %(plan)s (%(release)s) bevat geen van de vervangen regels; daarom het model.") % {
            "plan": plan.title,
            "release": plan.edition.release_title,
        }
    release = release or current_release()
    inhabitants = regions.organisations_inhabitants([organisation])
    if release is None or not inhabitants:
        return None
    keys = replaced_keys(provision, release)
    if not keys:
        return None
    profile = Profile(inhabitants, *estimated_profile(release, inhabitants))
    per_year = model_budget(release, profile).result.per_year(key=set(keys))
    return Alone(per_year, keys, release, profile, None, note)


# Who sees per-organisation figures ----------------------------------------------------------------------------


class Viewer:
    """What one user may see of the per-organisation figures."""

    def __init__(self, user):
        self.user = user
        self.coordinator = regions.is_coordinator(user)
        self.organisation_ids = {o.pk for o in regions.user_organisations(user)}
        self.region_ids = {r.pk for r in regions.user_regions(user)}

    def sees(self, organisation: Organisation) -> bool:
        if self.coordinator or organisation.pk in self.organisation_ids:
            return True
        return bool(self.region_ids and {r.pk for r in regions.regions_of(organisation)} & self.region_ids)


# The figures of one provision ---------------------------------------------------------------------------------


@dataclass
class Participant:
    organisation: Organisation
    pledge: Pledge | None  # None: taking part through a joined plan only
    inhabitants: int
    share: Share | None  # None: no weight (inhabitants unknown)
    alone: Alone | None = None
    in_go_point: bool = False

    @property
    def kind_label(self) -> str:
        if self.pledge is None:
            return _("aangesloten met een plan")
        return str(PledgeKind(self.pledge.kind).label)

    @property
    def limit(self) -> Decimal | None:
        return self.pledge.max_yearly_share if self.pledge and self.pledge.kind == PledgeKind.PLEDGE else None

    @property
    def saving(self) -> Decimal | None:
        if self.share is None or self.alone is None:
            return None
        return self.alone.average - self.share.yearly

    @property
    def within_pledge(self) -> bool | None:
        """The share is at most the pledged limit; None for interest (no limit) or without a share."""
        if self.limit is None or self.share is None:
            return None
        return self.share.yearly <= self.limit


@dataclass
class Missing:
    """Why the go point is not reached (yet)."""

    no_pledges: bool = False
    over_limit: list[Participant] = field(default_factory=list)  # with all pledgers together
    extra_weight: int | None = None  # inhabitants, or participants for equal shares, that would make all fit
    zero_limits: int = 0  # pledges with a limit of 0, which no share can meet


@dataclass
class GoPoint:
    members: list[Participant]  # the smallest set of pledgers; empty when not reached
    missing: Missing | None = None

    @property
    def reached(self) -> bool:
        return bool(self.members)

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass
class Figures:
    provision: Provision
    model: CostModel
    participants: list[Participant]  # every participant; check `visible` before showing one
    visible: set[int]  # organisation pks the viewer may see
    go: GoPoint
    without_weight: list[Organisation]
    prospects: list[Participant] = field(default_factory=list)  # the viewer's organisations, if they joined

    @property
    def shown(self) -> list[Participant]:
        return [p for p in self.participants if p.organisation.pk in self.visible]

    @property
    def hidden_count(self) -> int:
        return len(self.participants) - len(self.shown)

    @property
    def interested_count(self) -> int:
        return sum(1 for p in self.participants if p.pledge is not None and p.pledge.kind == PledgeKind.INTEREST)

    @property
    def pledged_count(self) -> int:
        return sum(1 for p in self.participants if p.pledge is not None and p.pledge.kind == PledgeKind.PLEDGE)

    @property
    def joined_only_count(self) -> int:
        return sum(1 for p in self.participants if p.pledge is None)

    @cached_property
    def totals(self) -> dict | None:
        """Sums over all participants, only when the viewer sees every one of them and every figure is known."""
        if self.hidden_count or not self.participants:
            return None
        rows = self.participants
        if any(p.share is None or p.alone is None for p in rows):
            return None
        return {
            "share": sum((p.share.yearly for p in rows), Decimal(0)),
            "alone": sum((p.alone.average for p in rows), Decimal(0)),
            "saving": sum((p.saving for p in rows), Decimal(0)),
        }

    @property
    def go_visible_members(self) -> list[Participant]:
        return [p for p in self.go.members if p.organisation.pk in self.visible]

    @property
    def go_hidden_count(self) -> int:
        return self.go.size - len(self.go_visible_members)


def _go(model: CostModel, weights: dict, rows: list[Participant]) -> GoPoint:
    pledgers = [p for p in rows if p.limit is not None and p.organisation.slug in weights]
    limits = {p.organisation.slug: p.limit for p in pledgers}
    chosen = go_point(model, weights, limits) if limits else None
    if chosen:
        by_slug = {p.organisation.slug: p for p in pledgers}
        members = [by_slug[slug] for slug in chosen]
        for member in members:
            member.in_go_point = True
        return GoPoint(sorted(members, key=lambda p: p.organisation.name))
    return GoPoint([], _missing(model, weights, pledgers))


def _missing(model: CostModel, weights: dict, pledgers: list[Participant]) -> Missing:
    if not pledgers:
        return Missing(no_pledges=True)
    own = {p.organisation.slug: weights[p.organisation.slug] for p in pledgers}
    together = shares(model, own)
    over = [p for p in pledgers if together[p.organisation.slug].yearly > p.limit]
    lacking = missing_weight(model, own, {p.organisation.slug: p.limit for p in pledgers})
    extra = None if lacking is None else int(lacking.to_integral_value(rounding=ROUND_CEILING))
    payable = [p for p in pledgers if p.limit > 0]
    return Missing(False, over, extra, len(pledgers) - len(payable))


def figures(provision: Provision, viewer, with_alone: bool = True) -> Figures:
    """The provision's live figures as `viewer` (a user) may see them; the cost alone only for the participants the
    viewer sees (and `with_alone`)."""
    scope = Viewer(viewer)
    model = cost_model(provision)
    pledges = {p.organisation_id: p for p in provision.pledges.select_related("organisation")}
    organisations = participants(provision)
    weights, without = weights_of(provision, organisations)
    split = shares(model, weights) if weights else {}
    rows = [
        Participant(o, pledges.get(o.pk), regions.organisations_inhabitants([o]), split.get(o.slug))
        for o in organisations
    ]
    visible = {o.pk for o in organisations if scope.sees(o)}
    release = current_release()
    if with_alone:
        for row in rows:
            if row.organisation.pk in visible:
                row.alone = cost_alone(provision, row.organisation, release)
    result = Figures(provision, model, rows, visible, _go(model, weights, rows), without)
    if with_alone and scope.user.is_authenticated:
        taking_part = {o.pk for o in organisations}
        for membership in regions.editor_memberships(scope.user):
            organisation = membership.organisation
            if organisation.pk in taking_part:
                continue
            share = share_if_joined(provision, organisation)
            inhabitants = regions.organisations_inhabitants([organisation])
            alone = cost_alone(provision, organisation, release)
            result.prospects.append(Participant(organisation, None, inhabitants, share, alone))
    return result


def summary(provision: Provision) -> Figures:
    """The figures without any cost alone and without names: counts and the go point, for the catalogue."""
    return figures(provision, AnonymousUser(), with_alone=False)


# A plan that joined -------------------------------------------------------------------------------------------


@dataclass
class JoinEffect:
    """A joined plan's totals per year without and with the provision, and the lines that make the difference."""

    join: ProvisionJoin
    years: tuple[int, ...]
    before: dict[int, Decimal]  # the plan's total without this join
    after: dict[int, Decimal]  # the plan's total as saved
    replaced: dict[int, Decimal]  # the replaced lines, as they counted in the plan before
    shared: dict[int, Decimal]  # the shared line(s) as they count now

    @property
    def difference(self) -> dict[int, Decimal]:
        return {year: self.after[year] - self.before[year] for year in self.years}

    def rows(self) -> list[tuple[int, Decimal, Decimal, Decimal, Decimal, Decimal]]:
        return [
            (y, self.before[y], self.replaced[y], self.shared[y], self.after[y], self.difference[y]) for y in self.years
        ]


def join_effect(join: ProvisionJoin) -> JoinEffect:
    plan = join.plan
    before = plan_result(without_joins(plan, [join]))
    now = PlanInput.load(plan)
    after = plan_result(now)
    shared_keys = {extra_line_key(extra) for extra in now.extra_lines if extra.pk in join.extra_line_ids}
    return JoinEffect(
        join,
        plan.years,
        before.per_year(),
        after.per_year(),
        before.per_year(key=set(join.excluded_lines)),
        after.per_year(key=shared_keys),
    )
