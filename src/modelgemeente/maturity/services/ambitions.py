"""Measurable ambitions (docs/maturity-method.md, part 3): an organisation's target per year for one metric, linked to
a plan and to the developments of that plan that should get it there, and its progress against what was measured.

Creating, changing and deleting go through here, in a transaction, with a MaturityChange; the rules for a target
(`year_error`, `value_error`) are shared with the forms, so the page and the API refuse the same input with the same
Dutch message.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from modelgemeente.catalog.models import Edition, MaturityDimension
from modelgemeente.core.enums import AmbitionMetric
from modelgemeente.plans.budget import development_costs
from modelgemeente.plans.models import TEXT_LIMIT, Plan

from .. import readings
from ..models import Ambition, AmbitionTarget
from .history import StaleVersion, changes_of, save_versioned

__all__ = [
    "AmbitionError",
    "StaleVersion",
    "ProgressPoint",
    "LinkedDevelopment",
    "create_ambition",
    "update_ambition",
    "delete_ambition",
    "progress",
    "linked_developments",
    "newest_plan",
    "values_of",
    "year_error",
    "value_error",
    "value_range",
    "is_percentage",
    "dimension_choices",
    "dimension_name",
    "describe_metric",
    "measured_how",
]

MIN_YEAR, MAX_YEAR = 2000, 2100
TITLE_LIMIT = 200
VALUE_DECIMALS = 2  # AmbitionTarget.value: two decimals
SHOWN = Decimal("0.1")  # a measured percentage is shown, and compared, with one decimal
FIELDS = ("title", "metric", "dimension", "plan", "developments", "note", "targets")


class AmbitionError(Exception):
    """Input the service refuses, with a Dutch message; `field` names the input it is about ("" for the whole)."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ProgressPoint:
    year: int
    target: Decimal | None  # the ambition's target for the year, if it has one
    actual: Decimal | None  # the measured value (a percentage with one decimal, or the level), if measured
    on_track: bool | None  # actual >= target; None when the year lacks a target or a measured value


@dataclass(frozen=True)
class LinkedDevelopment:
    """A development the ambition relies on, as its plan has it."""

    slug: str
    title: str
    in_plan: bool  # the plan's release has the development
    counts: bool  # it counts in the plan's budget (included, not won't-have)
    costs: dict[int, Decimal]  # engine cost for the plan per year, as if it counted
    total: Decimal


# The rules of a target ------------------------------------------------------------------------------------


def is_percentage(metric: str) -> bool:
    return metric != AmbitionMetric.MATURITY_LEVEL


def value_range(metric: str) -> tuple[Decimal, Decimal]:
    """The values a target of this metric can have: a percentage 0-100, or a maturity level 1-5."""
    return (Decimal(0), Decimal(100)) if is_percentage(metric) else (Decimal(1), Decimal(5))


def year_error(year) -> str | None:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        return _("Vul een jaar in van %(min)s tot en met %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
    return None


def value_error(metric: str, value) -> str | None:
    """The Dutch message for a target value this metric cannot have, else None."""
    low, high = value_range(metric)
    if is_percentage(metric):
        message = _("Vul een percentage in van 0 tot en met 100, met ten hoogste twee decimalen.")
    else:
        message = _("Vul een niveau in van 1 tot en met 5, met ten hoogste twee decimalen.")
    number = _decimal(value)
    if number is None or not low <= number <= high or -number.as_tuple().exponent > VALUE_DECIMALS:
        return message
    return None


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, str, Decimal)):
        return None
    try:
        number = Decimal(str(value).strip())
        # (a number of more digits than the context holds, 1E+30, cannot be made canonical: no target either)
        return _canonical(number) if number.is_finite() else None
    except InvalidOperation:
        return None


def _canonical(number: Decimal) -> Decimal:
    """Without trailing zeros and never in exponent notation: 70, 72.5."""
    number = number.normalize()
    return number.quantize(Decimal(1)) if number.as_tuple().exponent > 0 else number


# Validation -----------------------------------------------------------------------------------------------


def _validated(organisation, values: dict, current: Ambition | None) -> dict:
    """The values as stored, or AmbitionError for the first thing that is wrong."""
    if not isinstance(values["title"], str) or not isinstance(values["note"] or "", str):
        raise AmbitionError(_("Titel en toelichting zijn tekst."), "title")
    title = " ".join(values["title"].split())
    if not title:
        raise AmbitionError(_("Geef de ambitie een titel."), "title")
    if len(title) > TITLE_LIMIT:
        raise AmbitionError(_("De titel is te lang: ten hoogste %(n)s tekens.") % {"n": TITLE_LIMIT}, "title")
    metric = values["metric"]
    if metric not in AmbitionMetric.values:
        raise AmbitionError(_("Kies een van de maatstaven."), "metric")
    note = (values["note"] or "").strip()
    if len(note) > TEXT_LIMIT:
        raise AmbitionError(_("De toelichting is te lang: ten hoogste %(n)s tekens.") % {"n": TEXT_LIMIT}, "note")
    plan = _valid_plan(organisation, values["plan"], current)
    return {
        "title": title,
        "metric": metric,
        "dimension": _valid_dimension(metric, values["dimension"]),
        "plan": plan,
        "developments": _valid_developments(plan, values["developments"]),
        "note": note,
        "targets": _valid_targets(metric, values["targets"]),
    }


def _valid_dimension(metric: str, dimension) -> str:
    if metric != AmbitionMetric.MATURITY_LEVEL:
        return ""
    dimension = dimension.strip() if isinstance(dimension, str) else ""
    if not dimension:
        raise AmbitionError(_("Kies de dimensie waarvan het volwassenheidsniveau het doel is."), "dimension")
    if not MaturityDimension.objects.filter(slug=dimension).exists():
        raise AmbitionError(
            _("Dimensie '%(id)s' staat in geen enkel volwassenheidsmodel.") % {"id": dimension[:80]}, "dimension"
        )
    return dimension


def _valid_plan(organisation, plan, current: Ambition | None) -> Plan | None:
    if plan is None:
        return None
    if not isinstance(plan, Plan) or plan.organisation_id != organisation.pk:
        raise AmbitionError(_("Kies een plan van uw eigen organisatie."), "plan")
    unchanged = current is not None and current.plan_id == plan.pk
    if plan.is_superseded and not unchanged:
        raise AmbitionError(
            _("Dit plan is vervangen door een versie op een nieuwere release; kies de nieuwe versie."), "plan"
        )
    return plan


def _valid_developments(plan: Plan | None, developments) -> list[str]:
    if developments is None:
        developments = ()
    if not isinstance(developments, (list, tuple, set, frozenset)):
        raise AmbitionError(_("Geef de ontwikkelingen als een lijst van ids."), "developments")
    slugs = []
    for slug in developments:
        slug = str(slug).strip()
        if slug and slug not in slugs:
            slugs.append(slug)
    if not slugs:
        return []
    if plan is None:
        raise AmbitionError(_("Kies eerst het plan waarin de ontwikkelingen staan."), "developments")
    known = list(plan.edition.developments.order_by("domain__order", "order", "slug").values_list("slug", flat=True))
    unknown = [s for s in slugs if s not in known]
    if unknown:
        raise AmbitionError(
            _("Deze ontwikkelingen staan niet in het plan: %(ids)s.") % {"ids": ", ".join(s[:80] for s in unknown)},
            "developments",
        )
    return [s for s in known if s in slugs]  # in the release's order


def _valid_targets(metric: str, targets) -> dict[int, Decimal]:
    if not isinstance(targets, dict) or not targets:
        raise AmbitionError(_("Geef ten minste één jaar met een doelwaarde."), "targets")
    valid = {}
    for year, value in targets.items():
        if message := year_error(year):
            raise AmbitionError(message, "targets")
        if message := value_error(metric, value):
            raise AmbitionError(_("Doel voor %(year)s: %(message)s") % {"year": year, "message": message}, "targets")
        valid[year] = _decimal(value)
    return dict(sorted(valid.items()))


# Changes ----------------------------------------------------------------------------------------------------


def values_of(ambition: Ambition) -> dict:
    """The ambition's values as the service takes them (the plan as an object, the targets as {year: value})."""
    return {
        "title": ambition.title,
        "metric": ambition.metric,
        "dimension": ambition.dimension,
        "plan": ambition.plan,
        "developments": list(ambition.developments),
        "note": ambition.note,
        "targets": _targets_of(ambition),
    }


def _facts(values: dict) -> dict:
    """Values as JSON-safe facts for the history."""
    plan, targets = values["plan"], values["targets"]
    return values | {
        "plan": plan.pk if plan is not None else None,
        "targets": {str(year): f"{value:f}" for year, value in sorted(targets.items())},
    }


def _targets_of(ambition: Ambition) -> dict[int, Decimal]:
    return {t.year: _canonical(t.value) for t in ambition.targets.all()}


def _store(ambition: Ambition, values: dict) -> None:
    for name in ("title", "metric", "dimension", "plan", "developments", "note"):
        setattr(ambition, name, values[name])


def _apply(ambition: Ambition, targets: dict[int, Decimal]):
    def apply():
        ambition.save()
        ambition.targets.exclude(year__in=list(targets)).delete()
        for year, value in targets.items():
            AmbitionTarget.objects.update_or_create(ambition=ambition, year=year, defaults={"value": value})

    return apply


def create_ambition(
    organisation, user, *, title, metric, dimension="", plan=None, developments=(), note="", targets
) -> Ambition:
    """A new ambition of `organisation` with its targets {year: value}; AmbitionError for input it cannot have."""
    given = dict(zip(FIELDS, (title, metric, dimension, plan, developments, note, targets), strict=True))
    values = _validated(organisation, given, None)
    ambition = Ambition(
        organisation=organisation, created_by=user if getattr(user, "is_authenticated", False) else None
    )
    _store(ambition, values)
    summary = _("Ambitie „%(title)s” aangemaakt") % {"title": ambition.title}
    details = [{"action": "created", "values": _facts(values)}]
    save_versioned(ambition, None, user, summary, details, _apply(ambition, values["targets"]))
    return ambition


_UNCHANGED = object()


def update_ambition(
    ambition: Ambition,
    user,
    expected_version: int,
    *,
    title=_UNCHANGED,
    metric=_UNCHANGED,
    dimension=_UNCHANGED,
    plan=_UNCHANGED,
    developments=_UNCHANGED,
    note=_UNCHANGED,
    targets=_UNCHANGED,
) -> Ambition:
    """Change the given fields (a field left out stays as it is; `targets` replaces all targets). StaleVersion when
    someone saved since `expected_version`; AmbitionError for input it cannot have. Nothing changed: nothing saved."""
    given = dict(zip(FIELDS, (title, metric, dimension, plan, developments, note, targets), strict=True))
    current = values_of(ambition)
    values = _validated(
        ambition.organisation,
        {name: current[name] if value is _UNCHANGED else value for name, value in given.items()},
        ambition,
    )
    before, after = _facts(current), _facts(values)
    details = [
        {"field": name, "old": before[name], "new": after[name]} for name in FIELDS if before[name] != after[name]
    ]
    _store(ambition, values)
    if not details:
        _refuse_if_stale(ambition, expected_version)
        return ambition
    summary = _("Ambitie „%(title)s” gewijzigd") % {"title": ambition.title}
    save_versioned(ambition, expected_version, user, summary, details, _apply(ambition, values["targets"]))
    return ambition


def _refuse_if_stale(ambition: Ambition, expected_version: int) -> None:
    saved = Ambition.objects.filter(pk=ambition.pk).values_list("version", flat=True).first() or 0
    if saved != expected_version:
        raise StaleVersion(saved, changes_of(ambition).filter(version__gt=expected_version))


def delete_ambition(ambition: Ambition, user, expected_version: int) -> None:
    """Delete the ambition and its targets; the history keeps a record with its last values."""
    facts = _facts(values_of(ambition))
    summary = _("Ambitie „%(title)s” verwijderd") % {"title": ambition.title}
    pk = ambition.pk

    def apply():
        ambition.delete()
        ambition.pk = pk  # the history record names the deleted ambition

    save_versioned(ambition, expected_version, user, summary, [{"action": "deleted", "values": facts}], apply)


# Reading ----------------------------------------------------------------------------------------------------


def _on_track(target: Decimal | None, actual: Decimal | None) -> bool | None:
    if target is None or actual is None:
        return None
    return actual >= target


def _shown(metric: str, value: Decimal | None) -> Decimal | None:
    if value is None or not is_percentage(metric):
        return value
    return value.quantize(SHOWN, rounding=ROUND_HALF_UP)


def progress(ambition: Ambition) -> list[ProgressPoint]:
    """Per year with a target or a measured value (oldest first): the target, the measured value (readings.
    actual_values; a percentage rounded to one decimal, as shown) and whether it reaches the target."""
    targets = _targets_of(ambition)
    measured = readings.actual_values(ambition.organisation, ambition.metric, ambition.dimension)
    points = []
    for year in sorted(set(targets) | set(measured)):
        actual = _shown(ambition.metric, measured.get(year))
        points.append(ProgressPoint(year, targets.get(year), actual, _on_track(targets.get(year), actual)))
    return points


def linked_developments(ambition: Ambition, plan: Plan | None = None) -> list[LinkedDevelopment]:
    """The developments the ambition relies on, in `plan` (default: its own plan): whether they count there and
    what each costs the plan per year (the budget engine, as if it counted)."""
    plan = plan or ambition.plan
    if plan is None or not ambition.developments:
        return []
    choices = {
        c.development.slug: c
        for c in plan.choices.select_related("development").filter(development__slug__in=ambition.developments)
    }
    costs = development_costs(plan, ambition.developments)
    linked = []
    for slug in ambition.developments:
        choice = choices.get(slug)
        per_year = costs.get(slug, {})
        linked.append(
            LinkedDevelopment(
                slug=slug,
                title=choice.development.title if choice else slug,
                in_plan=choice is not None,
                counts=bool(choice and choice.counts),
                costs=per_year,
                total=sum(per_year.values(), Decimal(0)),
            )
        )
    return linked


def newest_plan(plan: Plan) -> Plan:
    """The version of `plan` that replaced it (following every move to another release), or the plan itself."""
    seen = {plan.pk}
    while (successor := Plan.objects.filter(supersedes_id=plan.pk).first()) is not None and successor.pk not in seen:
        seen.add(successor.pk)
        plan = successor
    return plan


def dimension_choices() -> list[tuple[str, str]]:
    """(id, name) of the dimensions of the newest published release that has a maturity model."""
    edition = Edition.objects.published().filter(maturity_dimensions__isnull=False).order_by("-year", "-number").first()
    if edition is None:
        return []
    return list(MaturityDimension.objects.filter(edition=edition).values_list("slug", "name"))


def dimension_name(slug: str) -> str:
    """The name of a dimension by its id: from the newest release that has it (the id if none has)."""
    found = (
        MaturityDimension.objects.filter(slug=slug)
        .order_by("-edition__year", "-edition__number")
        .values_list("name", flat=True)
        .first()
    )
    return found or slug


def describe_metric(ambition: Ambition) -> str:
    """The metric as a reader sees it: 'gewogen digitaliseringsindex (%)', 'volwassenheidsniveau van
    Dienstverlening (1-5)'."""
    if ambition.metric == AmbitionMetric.MATURITY_LEVEL:
        return _("volwassenheidsniveau van %(dimension)s (1-5)") % {"dimension": dimension_name(ambition.dimension)}
    return str(AmbitionMetric(ambition.metric).label)


def measured_how(metric: str) -> str:
    """Where the measured value of a metric comes from (docs/maturity-method.md, part 3)."""
    return {
        AmbitionMetric.WEIGHTED_INDEX: _(
            "Gewogen digitaliseringsindex: Σ(aantal × digitaal niveau) / Σ(aantal × 5) over de beoordeelde producten "
            "van de meting productdigitalisering van dat jaar; een product zonder eigen aantal telt met de schatting "
            "uit de productlijst."
        ),
        AmbitionMetric.UNWEIGHTED_INDEX: _(
            "Ongewogen digitaliseringsindex: het gemiddelde digitale niveau van de beoordeelde producten gedeeld door "
            "5, zoals de gepubliceerde metingen rekenen; elk product telt even zwaar."
        ),
        AmbitionMetric.MATURITY_LEVEL: _(
            "Volwassenheidsniveau (1-5) van de dimensie in de zelfevaluatie van dat jaar, volgens de scoringsregel "
            "van het volwassenheidsmodel; zolang een stelling onbeantwoord is, is er geen niveau."
        ),
        AmbitionMetric.AUTHENTICATION_RIGHT: _(
            "Inlog op niveau: van de beoordeelde producten die inlog nodig hebben het aandeel dat online is (niveau 2 "
            "of hoger) met het juiste inlogmiddel, ten minste op het nodige betrouwbaarheidsniveau."
        ),
    }[AmbitionMetric(metric)]
