"""The difference between two releases: what changed in the content, and what that costs.

Rows are matched across releases by their ids from the files (`slug`): developments by slug, budget lines
by (development slug, line slug), laws, opgaven and domains by slug. Texts get a word-level diff
(`word_diff`) that templates render as <ins>/<del> around escaped text. The euro effect comes from the
budget engine only: both releases are computed (`budget_input.model_budget`) for the same profile and the
same years, each with its own assumptions and salary table, and compared per domain, in total and per line.

This module computes; the pages (diff_views.py) and the API (api/release_views.py) only show its result.
It knows nothing of plans: a plan's profile is passed in as a `DiffProfile` by whoever may read the plan.
"""

import difflib
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from modelgemeente.budget.engine import Profile

from .budget_input import DEFAULT_HORIZON, estimated_profile, first_budget_year, model_budget, reference_profile
from .models import BudgetLine, Development, Edition, Law, Opgave

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
EQUAL, INSERT, DELETE, SKIP = "equal", "insert", "delete", "skip"
# A run of unchanged words longer than this is shortened to CONTEXT words on each side (op SKIP).
CONTEXT = 12
ZERO = Decimal(0)


# Word diff --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of words: equal in both texts, inserted, deleted, or (SKIP) unchanged words left out."""

    op: str
    text: str


def _words(text: str) -> list[str]:
    return (text or "").split()


def word_diff(old: str, new: str, context: int | None = CONTEXT) -> list[Segment]:
    """The word-level difference of two texts as (op, text) segments, words joined by single spaces.

    With `context`, an unchanged run longer than twice the context keeps `context` words on each side
    and the words between become one SKIP segment (whose text is the number of words left out)."""
    a, b = _words(old), _words(new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            keep_before = 0 if first else context
            keep_after = 0 if last else context
            if context is not None and len(words) > keep_before + keep_after + 3:
                if keep_before:
                    segments.append(Segment(EQUAL, " ".join(words[:keep_before])))
                segments.append(Segment(SKIP, str(len(words) - keep_before - keep_after)))
                if keep_after:
                    segments.append(Segment(EQUAL, " ".join(words[-keep_after:])))
            else:
                segments.append(Segment(EQUAL, " ".join(words)))
            continue
        if tag in ("delete", "replace"):
            segments.append(Segment(DELETE, " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(Segment(INSERT, " ".join(b[j1:j2])))
    return segments


# Changes ----------------------------------------------------------------------------------------------


@dataclass
class FieldChange:
    """One field that differs: its name, label, old and new value as text, and for texts the word diff."""

    field: str
    label: str
    old: str | None
    new: str | None
    words: list[Segment] | None = None


@dataclass
class YearEffect:
    year: int
    old: Decimal
    new: Decimal

    @property
    def difference(self) -> Decimal:
        return self.new - self.old


@dataclass
class Effect:
    """Old and new amounts per year (engine values, unrounded) of a domain, a line or the total."""

    key: str
    label: str
    years: list[YearEffect]

    @property
    def old_total(self) -> Decimal:
        return sum((y.old for y in self.years), ZERO)

    @property
    def new_total(self) -> Decimal:
        return sum((y.new for y in self.years), ZERO)

    @property
    def difference_total(self) -> Decimal:
        return self.new_total - self.old_total

    @property
    def changed(self) -> bool:
        return any(y.old != y.new for y in self.years)


@dataclass
class LineChange:
    key: str  # <development>/<line>, the engine's key
    development: str
    slug: str
    description: str
    change: str  # added / removed / changed
    fields: list[FieldChange]
    effect: Effect


@dataclass
class DevelopmentChange:
    slug: str
    title: str
    change: str
    domain: str  # the domain's name (new release, else old)
    old: Development | None
    new: Development | None
    fields: list[FieldChange]
    lines: list[LineChange] = field(default_factory=list)

    @property
    def url(self) -> str:
        return (self.new or self.old).get_absolute_url() + (
            "" if self.new is not None else f"?release={self.old.edition.number or 'concept'}"
        )


@dataclass
class ItemChange:
    """A law or an opgave added, removed or changed."""

    slug: str
    name: str
    change: str
    fields: list[FieldChange]


@dataclass
class DiffProfile:
    """The municipality both releases are computed for."""

    profile: Profile
    estimated: tuple[str, ...] = ()  # "employees", "departments": estimated in proportion to the reference
    reference: bool = False  # the reference municipality of the new release
    name: str = ""  # a municipality's name, when chosen from the list


@dataclass
class ReleaseDiff:
    old: Edition
    new: Edition
    profile: DiffProfile
    years: tuple[int, ...]
    developments: list[DevelopmentChange]
    laws: list[ItemChange]
    opgaven: list[ItemChange]
    lines: list[LineChange]
    assumptions: list[FieldChange]
    by_domain: list[Effect]
    total: Effect

    def _of(self, items, change):
        return [item for item in items if item.change == change]

    @property
    def developments_added(self):
        return self._of(self.developments, ADDED)

    @property
    def developments_removed(self):
        return self._of(self.developments, REMOVED)

    @property
    def developments_changed(self):
        return self._of(self.developments, CHANGED)

    @property
    def lines_added(self):
        return self._of(self.lines, ADDED)

    @property
    def lines_removed(self):
        return self._of(self.lines, REMOVED)

    @property
    def lines_changed(self):
        return self._of(self.lines, CHANGED)

    @property
    def effects(self) -> list[Effect]:
        """Per domain, then the total."""
        return [*self.by_domain, self.total]

    @property
    def is_empty(self) -> bool:
        return not (self.developments or self.laws or self.opgaven or self.lines or self.assumptions)

    def counts(self) -> dict[str, int]:
        return {
            "developments_added": len(self.developments_added),
            "developments_removed": len(self.developments_removed),
            "developments_changed": len(self.developments_changed),
            "lines_added": len(self.lines_added),
            "lines_removed": len(self.lines_removed),
            "lines_changed": len(self.lines_changed),
            "laws": len(self.laws),
            "opgaven": len(self.opgaven),
            "assumptions": len(self.assumptions),
        }


# Profiles ---------------------------------------------------------------------------------------------


def make_profile(
    edition: Edition,
    inhabitants: int | None = None,
    employees: int | None = None,
    departments: int | None = None,
    name: str = "",
) -> DiffProfile:
    """The profile to compute with: the reference municipality of `edition` when nothing is given; else the
    given figures, employees and departments estimated in proportion to `edition`'s reference when missing."""
    if inhabitants is None and employees is None and departments is None:
        return DiffProfile(reference_profile(edition), reference=True)
    inhabitants = inhabitants if inhabitants is not None else edition.reference_inhabitants
    estimated_employees, estimated_departments = estimated_profile(edition, inhabitants)
    estimated = []
    if employees is None:
        employees = estimated_employees
        estimated.append("employees")
    if departments is None:
        departments = estimated_departments
        estimated.append("departments")
    return DiffProfile(Profile(inhabitants, employees, departments), tuple(estimated), name=name)


# Content comparison -----------------------------------------------------------------------------------


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _compare(old, new, fields: dict, texts=()) -> list[FieldChange]:
    """The fields (name -> label, or name -> (label, getter)) whose value differs between two rows."""
    changes = []
    for name, spec in fields.items():
        label, get, *same = spec if isinstance(spec, tuple) else (spec, lambda row, n=name: getattr(row, n))
        if same and same[0](old) == same[0](new):
            continue  # equal by their key (a domain renamed is not a development moved)
        a, b = get(old), get(new)
        if a == b:
            continue
        a, b = _text(a), _text(b)
        words = word_diff(a or "", b or "") if name in texts else None
        changes.append(FieldChange(name, str(label), a, b, words))
    return changes


def _slugs(rows) -> str:
    return ", ".join(sorted(row.slug for row in rows))


DEVELOPMENT_FIELDS = {
    "title": _("titel"),
    "summary": _("samenvatting"),
    "domain": (_("domein"), lambda d: d.domain.name, lambda d: d.domain.slug),
    "capacity_type": (_("basiscapaciteit of wendbaarheid"), lambda d: d.get_capacity_type_display()),
    "horizon": (_("horizon"), lambda d: f"{d.horizon_from}–{d.horizon_to}"),
    "laws": (_("wetten"), lambda d: _slugs(d.laws.all())),
    "opgaven": (_("opgaven"), lambda d: _slugs(d.opgaven.all())),
    "body": (_("tekst"), lambda d: d.body_markdown),
}
DEVELOPMENT_TEXTS = ("title", "summary", "body")

LAW_FIELDS = {
    "name": _("naam"),
    "in_force": _("in werking per"),
    "status": (_("status"), lambda law: law.get_status_display()),
    "status_note": _("toelichting status"),
    "summary": _("samenvatting"),
}
OPGAVE_FIELDS = {"name": _("naam"), "description": _("omschrijving")}
LAW_TEXTS = ("name", "status_note", "summary", "description")

ASSUMPTION_FIELDS = {
    "base_price_year": _("prijspeil (basisjaar)"),
    "hours_per_fte": _("uren per fte per week"),
    "salary_table": _("salaristabel"),
    "wage_index_percent": _("loonindex % per jaar"),
    "price_index_percent": _("prijsindex % per jaar"),
    "reference_name": _("naam referentiegemeente"),
    "reference_inhabitants": _("inwoners referentiegemeente"),
    "reference_employees": _("medewerkers referentiegemeente"),
    "reference_departments": _("afdelingen referentiegemeente"),
}


def _line_fields() -> dict:
    fields = {}
    for name in BudgetLine.CONTENT_FIELDS:
        if name == "slug":
            continue
        label = BudgetLine._meta.get_field(name).verbose_name
        model_field = BudgetLine._meta.get_field(name)
        if model_field.choices:
            fields[name] = (label, lambda row, n=name: getattr(row, f"get_{n}_display")())
        else:
            fields[name] = label
    return fields


def _items(old_rows, new_rows, fields, texts, name_of) -> list[ItemChange]:
    old, new = {r.slug: r for r in old_rows}, {r.slug: r for r in new_rows}
    items = []
    for slug, row in new.items():
        if slug not in old:
            items.append(ItemChange(slug, name_of(row), ADDED, []))
        else:
            changes = _compare(old[slug], row, fields, texts)
            if changes:
                items.append(ItemChange(slug, name_of(row), CHANGED, changes))
    items += [ItemChange(slug, name_of(row), REMOVED, []) for slug, row in old.items() if slug not in new]
    return items


def _developments(edition: Edition) -> dict[str, Development]:
    rows = (
        edition.developments.select_related("domain", "edition")
        .prefetch_related("laws", "opgaven", "budget_lines")
        .order_by("domain__order", "order", "slug")
    )
    return {row.slug: row for row in rows}


# The euro effect --------------------------------------------------------------------------------------


def _amounts(cells) -> dict[int, Decimal]:
    amounts: dict[int, Decimal] = {}
    for cell in cells:
        amounts[cell.year] = amounts.get(cell.year, ZERO) + cell.amount
    return amounts


def _effect(key, label, years, old: dict, new: dict) -> Effect:
    return Effect(key, label, [YearEffect(y, old.get(y, ZERO), new.get(y, ZERO)) for y in years])


def diff_releases(old: Edition, new: Edition, profile: DiffProfile | Profile | None = None, years=None) -> ReleaseDiff:
    """Everything that differs from release `old` to release `new`, and its effect in euros.

    `profile`: the municipality to compute for (default: the reference municipality of `new`); `years`:
    consecutive years (default: four years from `new`'s first budget year). Both releases are computed for
    these years with every development starting in the first one."""
    if profile is None:
        profile = make_profile(new)
    elif isinstance(profile, Profile):
        profile = DiffProfile(profile, reference=profile == reference_profile(new))
    first = first_budget_year(new)
    years = tuple(years) if years else tuple(range(first, first + DEFAULT_HORIZON))
    old_budget = model_budget(old, profile.profile, years[0], len(years))
    new_budget = model_budget(new, profile.profile, years[0], len(years))
    old_result, new_result = old_budget.result, new_budget.result

    # Domains, matched by slug; one only in the old release still appears (after the new ones).
    domain_names = {d.slug: d.name for d in old.domains.all()} | {d.slug: d.name for d in new.domains.all()}
    order = [d.slug for d in new.domains.all()] + [d.slug for d in old.domains.all()]
    domain_order = list(dict.fromkeys(order))
    old_domains, new_domains = old_result.by("domain"), new_result.by("domain")
    by_domain = [
        _effect(slug, domain_names[slug], years, old_domains.get(slug, {}), new_domains.get(slug, {}))
        for slug in domain_order
    ]
    total = _effect("total", str(_("Totaal")), years, old_result.per_year(), new_result.per_year())

    old_devs, new_devs = _developments(old), _developments(new)
    line_fields = _line_fields()

    def line_effect(key, description) -> Effect:
        return _effect(
            key,
            description,
            years,
            _amounts(old_result.line_cells(key)),
            _amounts(new_result.line_cells(key)),
        )

    developments: list[DevelopmentChange] = []
    lines: list[LineChange] = []
    for slug in list(dict.fromkeys([*new_devs, *old_devs])):
        a, b = old_devs.get(slug), new_devs.get(slug)
        a_lines = {line.slug: line for line in a.budget_lines.all()} if a else {}
        b_lines = {line.slug: line for line in b.budget_lines.all()} if b else {}
        dev_lines = []
        for line_slug in list(dict.fromkeys([*b_lines, *a_lines])):
            la, lb = a_lines.get(line_slug), b_lines.get(line_slug)
            key = f"{slug}/{line_slug}"
            if la is None:
                change, changes = ADDED, []
            elif lb is None:
                change, changes = REMOVED, []
            else:
                changes = _compare(la, lb, line_fields, ("description", "provenance_text"))
                if not changes:
                    continue
                change = CHANGED
            description = (lb or la).description
            dev_lines.append(
                LineChange(key, slug, line_slug, description, change, changes, line_effect(key, description))
            )
        if a is None:
            change, changes = ADDED, []
        elif b is None:
            change, changes = REMOVED, []
        else:
            change, changes = CHANGED, _compare(a, b, DEVELOPMENT_FIELDS, DEVELOPMENT_TEXTS)
            if not changes and not dev_lines:
                continue
        row = b or a
        developments.append(DevelopmentChange(slug, row.title, change, row.domain.name, a, b, changes, dev_lines))
        lines += dev_lines

    laws = _items(
        Law.objects.filter(edition=old).order_by("in_force", "name"),
        Law.objects.filter(edition=new).order_by("in_force", "name"),
        LAW_FIELDS,
        LAW_TEXTS,
        lambda law: law.name,
    )
    opgaven = _items(
        Opgave.objects.filter(edition=old),
        Opgave.objects.filter(edition=new),
        OPGAVE_FIELDS,
        LAW_TEXTS,
        lambda opgave: opgave.name,
    )
    assumptions = _compare(old, new, ASSUMPTION_FIELDS)
    return ReleaseDiff(
        old=old,
        new=new,
        profile=profile,
        years=years,
        developments=developments,
        laws=laws,
        opgaven=opgaven,
        lines=lines,
        assumptions=assumptions,
        by_domain=by_domain,
        total=total,
    )
