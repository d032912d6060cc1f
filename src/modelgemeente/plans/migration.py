"""Moving a plan to another release: what happens to each of the plan's own items, and the totals.

A plan is pinned to one published release (Plan.edition). Moving it to another release makes a new
plan on that release (services.migrate_plan) and leaves the old one as it was, read-only. `preview`
says, for every item of the plan's own, what would happen, and which decisions the user has to make:

- a choice for a development (included, priority, type, start year, motivation) is carried by the
  development's id (slug); a development that is gone is *orphaned*: its motivation can be kept as a
  note in the new plan's assumptions note, or dropped;
- an own figure or exclusion of a model line (LineAdjustment) is kept when the line's budget fields
  are the same in the target; a changed line *needs a decision* (keep my figure, or take the new
  model); a line that is gone is *orphaned*: the own figure becomes an own line (ExtraLine) with the
  same figure, reason and price year, or is dropped. An exclusion of a line that is gone lapses
  (nothing is left to exclude);
- an own line (ExtraLine) is kept under the development with the same id; a development that is gone
  orphans it (keep it under another development, or drop it);
- a development that is new in the target is included or not: by default as the plan treats its
  domain (included when at least half of the plan's choices in that domain are included).

The defaults never drop an own figure: keep my figure, keep as own line, keep as note. Only an explicit
decision drops one. Decisions are a dict {item key: value}; an orphaned own figure or line also takes
`under:<item key>` = the slug of the development to put it under. Totals before and after come from
the budget engine through plans/budget.py, on unsaved rows.
"""

from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext as _

from modelgemeente.budget.money import fmt_eur, fmt_num
from modelgemeente.catalog.models import BudgetLine, Edition

from .budget import PlanInput, plan_result
from .models import EXTRA_FIELDS, ExtraLine, LineAdjustment, Plan, PlanDevelopment

# The fields that make a line cost what it costs: a line differing in any of these is "changed".
BUDGET_FIELDS = (
    "amount",
    "hours_per_week",
    "salary_scale",
    "driver",
    "exponent",
    "kind",
    "offset",
    "spread",
    "category",
)

# What happens to an item.
KEPT, DECIDE, ORPHANED, LAPSES, NEW = "kept", "decide", "orphaned", "lapses", "new"
# Decision values.
KEEP, MODEL, DROP, NOTE, INCLUDE, EXCLUDE = "keep", "model", "drop", "note", "include", "exclude"
UNDER = "under:"


@dataclass
class Item:
    """One own item of the plan and what happens to it in the target release."""

    key: str
    kind: str  # choice | adjustment | extra | new
    status: str  # KEPT, DECIDE, ORPHANED, LAPSES or NEW
    label: str
    within: str = ""
    old_model: str = ""
    new_model: str = ""
    mine: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    default: str = ""
    decision: str = ""
    # An own figure on a line that switched between money and hours: kept, it becomes an own line in
    # place of the model line (which the new plan leaves out), since the figure no longer fits the line.
    converts: bool = False
    # An orphaned own figure or line: the development it goes under when kept.
    under: str = ""
    under_options: list[tuple[str, str]] = field(default_factory=list)

    @property
    def needs_decision(self) -> bool:
        return bool(self.options)

    @property
    def under_key(self) -> str:
        return UNDER + self.key


@dataclass
class MigrationPreview:
    plan: Plan
    target: Edition
    items: list[Item]
    errors: list[str]
    before: dict[int, Decimal]
    after: dict[int, Decimal]
    # The new plan as it would be (unsaved rows; services.migrate_plan saves them).
    new_plan: Plan
    choices: list[PlanDevelopment]
    adjustments: list[LineAdjustment]
    extra_lines: list[ExtraLine]
    facts: list[dict]

    @property
    def years(self) -> tuple[int, ...]:
        return self.plan.years

    @property
    def totals(self) -> list[tuple[int, Decimal, Decimal, Decimal]]:
        """Per year: before, after, difference."""
        return [(y, self.before[y], self.after[y], self.after[y] - self.before[y]) for y in self.years]

    def of(self, status: str) -> list[Item]:
        return [item for item in self.items if item.status == status]

    # For the page: the items per section.
    @property
    def to_decide(self) -> list[Item]:
        return self.of(DECIDE)

    @property
    def orphaned(self) -> list[Item]:
        return self.of(ORPHANED)

    @property
    def new_developments(self) -> list[Item]:
        return self.of(NEW)

    @property
    def kept(self) -> list[Item]:
        return [item for item in self.of(KEPT) if item.kind != "choice"]

    @property
    def kept_choices(self) -> list[Item]:
        return [item for item in self.of(KEPT) if item.kind == "choice"]

    @property
    def lapsing(self) -> list[Item]:
        return self.of(LAPSES)

    @property
    def decisions(self) -> dict[str, str]:
        """The decisions in effect (given or default), as the confirm form posts them back."""
        found = {item.key: item.decision for item in self.items if item.needs_decision}
        found |= {item.under_key: item.under for item in self.items if item.under_options}
        return found

    @property
    def dropped(self) -> list[Item]:
        return [item for item in self.items if item.decision in (DROP, MODEL)]


def newer_releases(plan: Plan):
    """Published releases after the plan's, newest first."""
    edition = plan.edition
    return (
        Edition.objects.published()
        .exclude(pk=edition.pk)
        .filter(year__gte=edition.year)
        .exclude(year=edition.year, number__lt=edition.number)
        .order_by("-year", "-number")
    )


def target_choices(plan: Plan, releases):
    """Releases to move to (the user's visible ones): all but the plan's own, newest first."""
    return releases.exclude(pk=plan.edition_id).order_by("-year", F("number").desc(nulls_first=True))


def same_budget(old: BudgetLine, new: BudgetLine) -> bool:
    return all(getattr(old, name) == getattr(new, name) for name in BUDGET_FIELDS)


def line_text(line: BudgetLine) -> str:
    """A model line's figure as a reader compares it: amount or hours, planning and scaling."""
    if line.is_capacity:
        figure = _("%(hours)s uur per week, schaal %(scale)s") % {
            "hours": fmt_num(line.hours_per_week),
            "scale": line.salary_scale,
        }
    else:
        figure = fmt_eur(line.amount)
    return f"{figure} ({line.get_kind_display()}, {line.planning_label()}; {line.scaling_label()}; " + (
        f"{line.get_category_display()})"
    )


def adjustment_text(adjustment: LineAdjustment, plan: Plan) -> str:
    parts = []
    if adjustment.excluded:
        parts.append(_("weggelaten"))
    if adjustment.hours_per_week is not None:
        parts.append(_("%(hours)s uur per week") % {"hours": fmt_num(adjustment.hours_per_week)})
    if adjustment.amount is not None:
        year = adjustment.price_year or plan.start_year
        parts.append(_("%(amount)s (prijspeil %(year)s)") % {"amount": fmt_eur(adjustment.amount), "year": year})
    text = ", ".join(str(p) for p in parts)
    return f"{text}: {adjustment.reason}" if adjustment.reason else text


def extra_text(extra: ExtraLine, plan: Plan) -> str:
    if extra.hours_per_week is not None:
        figure = _("%(hours)s uur per week, schaal %(scale)s") % {
            "hours": fmt_num(extra.hours_per_week),
            "scale": extra.salary_scale,
        }
    else:
        year = extra.price_year or plan.start_year
        figure = _("%(amount)s (prijspeil %(year)s)") % {"amount": fmt_eur(extra.amount or 0), "year": year}
    return f"{figure}, {extra.get_kind_display()}: {extra.reason}"


def _clamp(year: int, plan: Plan) -> int:
    return min(max(year, plan.start_year), plan.years[-1])


def _figure_options(excluded_only: bool) -> list[tuple[str, str]]:
    if excluded_only:
        return [(KEEP, _("Weggelaten laten")), (MODEL, _("Opnemen volgens het nieuwe model"))]
    return [(KEEP, _("Mijn eigen gegeven houden")), (MODEL, _("Het nieuwe model nemen (mijn gegeven vervalt)"))]


def _switched_options() -> list[tuple[str, str]]:
    return [
        (KEEP, _("Mijn eigen gegeven houden, als eigen regel in plaats van de modelregel")),
        (MODEL, _("Het nieuwe model nemen (mijn gegeven vervalt)")),
    ]


def _orphan_options() -> list[tuple[str, str]]:
    return [(KEEP, _("Bewaren als eigen regel")), (DROP, _("Weglaten"))]


def preview(plan: Plan, target: Edition, decisions: dict | None = None) -> MigrationPreview:
    """What moving `plan` to `target` does with every own item, with `decisions` (defaults for the rest)."""
    decisions = {str(k): str(v) for k, v in (decisions or {}).items()}
    source = PlanInput.load(plan)
    developments = list(target.developments.select_related("domain").order_by("domain__order", "order", "slug"))
    by_slug = {d.slug: d for d in developments}
    target_lines = {
        (row.development.slug, row.slug): row
        for row in BudgetLine.objects.filter(development__edition=target).select_related("development__domain")
    }
    under_options = [(d.slug, d.title) for d in developments]

    def home(old_development) -> str:
        """Where an orphaned own figure or line goes by default: its own development if it is still there,
        else the first development of the same domain, else the first of the release."""
        if old_development.slug in by_slug:
            return old_development.slug
        same = [d for d in developments if d.domain.slug == old_development.domain.slug]
        return (same or developments)[0].slug if developments else ""

    new_plan = copy(plan)
    new_plan.pk = None
    new_plan._state.adding = True
    new_plan.edition = target
    items: list[Item] = []
    notes: list[str] = []
    facts: list[dict] = []

    # Choices ---------------------------------------------------------------------------------
    choices_by_slug = {c.development.slug: c for c in source.choices}
    for choice in source.choices:
        dev = choice.development
        key = f"choice:{dev.slug}"
        if dev.slug in by_slug:
            items.append(Item(key, "choice", KEPT, dev.title, mine=_choice_text(choice)))
        elif choice.motivation.strip():
            items.append(
                Item(
                    key,
                    "choice",
                    ORPHANED,
                    dev.title,
                    mine=choice.motivation,
                    options=[(NOTE, _("Motivering bewaren in de toelichting")), (DROP, _("Weglaten"))],
                    default=NOTE,
                )
            )
        else:
            items.append(Item(key, "choice", LAPSES, dev.title, mine=_choice_text(choice)))

    # Line adjustments ------------------------------------------------------------------------
    for adjustment in sorted(source.adjustments.values(), key=lambda a: _line_sort(a.budget_line)):
        old = adjustment.budget_line
        key = f"adj:{old.development.slug}/{old.slug}"
        new = target_lines.get((old.development.slug, old.slug))
        excluded_only = adjustment.excluded or not adjustment.overrides
        item = Item(
            key,
            "adjustment",
            KEPT,
            old.description,
            within=old.development.title,
            old_model=line_text(old),
            new_model=line_text(new) if new else "",
            mine=adjustment_text(adjustment, plan),
        )
        if new is not None and not excluded_only and old.is_capacity != new.is_capacity:
            # Hours on a line now in euros (or the reverse): the figure cannot stay on the line.
            item.status, item.options, item.default, item.converts = DECIDE, _switched_options(), KEEP, True
        elif new is not None and not same_budget(old, new):
            item.status, item.options, item.default = DECIDE, _figure_options(excluded_only), KEEP
        elif new is None and excluded_only:
            item.status = LAPSES
        elif new is None:
            item.status, item.options, item.default = ORPHANED, _orphan_options(), KEEP
            item.under_options, item.under = under_options, home(old.development)
        items.append(item)

    # Own lines -------------------------------------------------------------------------------
    for extra in source.extra_lines:
        item = Item(
            f"extra:{extra.pk}",
            "extra",
            KEPT,
            extra.description,
            within=extra.development.title,
            mine=extra_text(extra, plan),
        )
        if extra.development.slug not in by_slug:
            item.status, item.options, item.default = ORPHANED, _orphan_options(), KEEP
            item.under_options, item.under = under_options, home(extra.development)
        items.append(item)

    # New developments ------------------------------------------------------------------------
    for dev in developments:
        if dev.slug in choices_by_slug:
            continue
        in_domain = [c for c in source.choices if c.development.domain.slug == dev.domain.slug]
        included = not in_domain or 2 * sum(c.included for c in in_domain) >= len(in_domain)
        items.append(
            Item(
                f"new:{dev.slug}",
                "new",
                NEW,
                dev.title,
                within=dev.domain.name,
                options=[(INCLUDE, _("Opnemen")), (EXCLUDE, _("Niet opnemen"))],
                default=INCLUDE if included else EXCLUDE,
            )
        )

    errors = _apply_decisions(items, decisions, by_slug)
    errors = [e for e in errors if e]

    # The new plan's rows, from the decisions ---------------------------------------------------
    by_key = {item.key: item for item in items}
    choices = []
    for dev in developments:
        carried = choices_by_slug.get(dev.slug)
        if carried is not None:
            row = PlanDevelopment(
                plan=new_plan,
                development=dev,
                included=carried.included,
                priority=carried.priority,
                capacity_type=carried.capacity_type,
                start_year=_clamp(carried.start_year, plan),
                motivation=carried.motivation,
            )
        else:
            decision = by_key[f"new:{dev.slug}"].decision
            row = PlanDevelopment(
                plan=new_plan,
                development=dev,
                included=decision == INCLUDE,
                capacity_type=dev.capacity_type,
                start_year=plan.start_year,
            )
            facts.append(_fact("development", dev.slug, dev.title, "", "included" if row.included else "excluded"))
        choices.append(row)
    for choice in source.choices:
        item = by_key[f"choice:{choice.development.slug}"]
        if item.status == ORPHANED:
            if item.decision == NOTE:
                notes.append(f"{choice.development.title}: {choice.motivation.strip()}")
            facts.append(_fact("development", choice.development.slug, item.label, "", _outcome(item)))
        elif item.status == LAPSES:
            facts.append(_fact("development", choice.development.slug, item.label, "", "lapsed"))

    adjustments, extra_lines = [], []
    for adjustment in source.adjustments.values():
        old = adjustment.budget_line
        item = by_key[f"adj:{old.development.slug}/{old.slug}"]
        new = target_lines.get((old.development.slug, old.slug))
        fact = _fact("budget_line", f"{old.development.slug}/{old.slug}", old.description, old.development.title)
        if item.converts and item.decision == KEEP:
            own_line = _own_line_from(adjustment, by_slug[old.development.slug], new_plan)
            extra_lines.append(own_line)
            adjustments.append(
                LineAdjustment(plan=new_plan, budget_line=new, excluded=True, reason=_replaced_reason(own_line))
            )
            fact["outcome"], fact["under"] = "converted", by_slug[old.development.slug].title
        elif item.status in (KEPT, DECIDE) and item.decision in ("", KEEP):
            adjustments.append(_carried_adjustment(adjustment, new, new_plan))
            fact["outcome"] = "kept"
        elif item.status == ORPHANED and item.decision == KEEP:
            extra_lines.append(_own_line_from(adjustment, by_slug[item.under], new_plan))
            fact["outcome"], fact["under"] = "converted", by_slug[item.under].title
        else:
            fact["outcome"] = _outcome(item)
        facts.append(fact)
    for extra in source.extra_lines:
        item = by_key[f"extra:{extra.pk}"]
        fact = _fact("extra_line", extra.pk, extra.description, extra.development.title)
        if item.status == KEPT:
            extra_lines.append(_copied_extra(extra, by_slug[extra.development.slug], new_plan))
            fact["outcome"] = "kept"
        elif item.decision == KEEP:
            extra_lines.append(_copied_extra(extra, by_slug[item.under], new_plan))
            fact["outcome"], fact["under"] = "moved", by_slug[item.under].title
        else:
            fact["outcome"] = DROP
        facts.append(fact)

    if notes:
        heading = _("Uit release %(id)s (ontwikkelingen die in release %(new)s niet meer bestaan):") % {
            "id": plan.edition.release_id,
            "new": target.release_id,
        }
        new_plan.assumptions_note = "\n\n".join(p for p in [plan.assumptions_note.strip(), heading, *notes] if p)

    before = plan_result(source).per_year()
    engine_extras = []
    for number, extra in enumerate(extra_lines, start=1):
        counted = copy(extra)
        counted.pk = f"n{number}"  # unique engine keys for unsaved own lines; never saved
        engine_extras.append(counted)
    keyed = {f"{a.budget_line.development.slug}/{a.budget_line.slug}": a for a in adjustments}
    after = plan_result(PlanInput(new_plan, choices, keyed, engine_extras)).per_year()
    return MigrationPreview(
        plan=plan,
        target=target,
        items=items,
        errors=errors,
        before={y: before.get(y, Decimal(0)) for y in plan.years},
        after={y: after.get(y, Decimal(0)) for y in plan.years},
        new_plan=new_plan,
        choices=choices,
        adjustments=adjustments,
        extra_lines=extra_lines,
        facts=facts,
    )


def _apply_decisions(items: list[Item], decisions: dict[str, str], by_slug: dict) -> list[str]:
    """Set each item's decision (given, else its default); a Dutch message for each value that is not one
    of the item's options or names no item. Such a value is ignored: the default stays."""
    errors = []
    by_key = {item.key: item for item in items}
    for item in items:
        item.decision = item.default
    for key, value in decisions.items():
        if key.startswith(UNDER):
            item = by_key.get(key.removeprefix(UNDER))
            if item is None or not item.under_options:
                errors.append(_("Onbekende keuze '%(key)s'.") % {"key": key[:100]})
            elif value not in by_slug:
                errors.append(
                    _("Kies een ontwikkeling van de nieuwe release voor '%(label)s'.") % {"label": item.label}
                )
            else:
                item.under = value
            continue
        item = by_key.get(key)
        if item is None or not item.needs_decision:
            errors.append(_("Onbekende keuze '%(key)s'.") % {"key": key[:100]})
        elif value not in {v for v, _label in item.options}:
            errors.append(_("Ongeldige keuze voor '%(label)s'.") % {"label": item.label})
        else:
            item.decision = value
    return errors


def _line_sort(line: BudgetLine):
    return (line.development.order, line.development.slug, line.order)


def _choice_text(choice: PlanDevelopment) -> str:
    state = _("opgenomen") if choice.included else _("niet opgenomen")
    return _("%(state)s, %(priority)s, start %(year)s") % {
        "state": state,
        "priority": choice.get_priority_display(),
        "year": choice.start_year,
    }


def _fact(kind: str, key, label: str, within: str, outcome: str = "") -> dict:
    obj = {"kind": kind, "key": key, "label": label}
    if within:
        obj["within"] = within
    return {"object": obj, "action": "migrated", "outcome": outcome}


def _outcome(item: Item) -> str:
    return {DROP: "dropped", MODEL: "model", NOTE: "noted", KEEP: "kept"}.get(item.decision, item.decision)


def _carried_adjustment(adjustment: LineAdjustment, line: BudgetLine, plan: Plan) -> LineAdjustment:
    """The same own figure, exclusion, reason and price year, on the target's line (whose figure is of the
    same kind: a line that switched between money and hours is converted, see `Item.converts`)."""
    return LineAdjustment(
        plan=plan,
        budget_line=line,
        excluded=adjustment.excluded,
        amount=adjustment.amount,
        hours_per_week=adjustment.hours_per_week,
        reason=adjustment.reason,
        price_year=adjustment.price_year,
    )


def _own_line_from(adjustment: LineAdjustment, development, plan: Plan) -> ExtraLine:
    """An own figure whose model line is gone, as an own line: the line's description, kind, category,
    planning and (for hours) salary scale, with the figure, reason and price year of the user."""
    old = adjustment.budget_line
    capacity = adjustment.hours_per_week is not None
    reason = adjustment.reason.strip() or _("Eigen gegeven bij de modelregel '%(line)s' van release %(id)s.") % {
        "line": old.description,
        "id": old.development.edition.release_id,
    }
    return ExtraLine(
        plan=plan,
        development=development,
        description=old.description,
        kind=old.kind,
        category=old.category,
        amount=None if capacity else adjustment.amount,
        hours_per_week=adjustment.hours_per_week if capacity else None,
        salary_scale=old.salary_scale if capacity else None,
        offset=old.offset,
        spread=old.spread,
        reason=reason,
        price_year=None if capacity else adjustment.price_year,
    )


def _replaced_reason(own_line: ExtraLine) -> str:
    return _("Vervangen door de eigen regel '%(line)s': de modelregel rekent nu in een andere eenheid.") % {
        "line": own_line.description
    }


def _copied_extra(extra: ExtraLine, development, plan: Plan) -> ExtraLine:
    copied = ExtraLine(
        plan=plan, development=development, origin=extra.origin, **{name: getattr(extra, name) for name in EXTRA_FIELDS}
    )
    copied.copied_from = extra.pk  # not a field: services.migrate_plan reports old -> new ids (signals.plan_moved)
    return copied
