"""The maturity self-assessment: start one for a year, save answers and targets, the gap to the targets with the
developments that close it (costed by the budget engine for a plan), and adding those developments to a plan.

The scoring rule (docs/maturity-method.md) lives in measures.py and is applied through readings.computed_levels;
the stored level of every dimension is recomputed on each save. Every change writes a MaturityChange whose
`details` are facts, in the format of the plan history (plans/changes.py):

    {"object": {"kind": "statement", "key": "<dimension>/<statement>", "label": "<text>", "within": "<dimension>"},
     "field": "value", "old": 0, "new": 2}

with kind "statement" (field value), "dimension" (level, target, note) or "assessment" (share_with_peers, note;
action "created" with its values when started, "added_to_plan" when developments went into a plan).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modelgemeente.catalog.models import Edition, MaturityDimension, MaturityStatement
from modelgemeente.core.enums import MATURITY_TARGET, AnswerValue, MaturityLevel, Priority
from modelgemeente.plans import services as plan_services
from modelgemeente.plans.budget import development_costs
from modelgemeente.plans.models import TEXT_LIMIT, Plan, PlanChange

from .. import readings
from ..models import Answer, Assessment, DimensionResult
from .history import save_versioned

# The years an assessment can be about.
MIN_YEAR, MAX_YEAR = 2000, 2100


class AssessmentError(Exception):
    """Input the assessment cannot take; the message is Dutch and says what to do. Nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Starting -----------------------------------------------------------------------------------------------------


def releases_with_model():
    """Published releases that have a maturity model, newest first: the ones an assessment can use."""
    return (
        Edition.objects.published()
        .filter(pk__in=MaturityDimension.objects.values("edition"))
        .order_by("-year", "-number")
    )


def previous_assessment(organisation, year: int) -> Assessment | None:
    """The organisation's most recent assessment before `year`."""
    return organisation.maturity_assessments.filter(year__lt=year).order_by("-year").first()


def start_assessment(organisation, year: int, edition: Edition, user) -> Assessment:
    """A new assessment of `year` on the maturity model of `edition`, with a result per dimension whose target is
    the one of the same dimension in the previous assessment, else 4 (gemanaged)."""
    _check_start(organisation, year, edition)
    dimensions = list(edition.maturity_dimensions.all())
    carried = _previous_targets(organisation, year)
    targets = {d.slug: carried.get(d.slug, int(MATURITY_TARGET)) for d in dimensions}
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                organisation=organisation, year=year, edition=edition, created_by=user
            )
            details = [
                {
                    "object": {"kind": "assessment"},
                    "action": "created",
                    "values": {"year": year, "release": edition.release_id, "targets": targets},
                }
            ]
            save_versioned(
                assessment,
                None,
                user,
                _("Zelfevaluatie %(year)s gestart op %(release)s") % {"year": year, "release": edition.release_label},
                details,
                lambda: DimensionResult.objects.bulk_create(
                    DimensionResult(assessment=assessment, dimension=d, target=targets[d.slug]) for d in dimensions
                ),
            )
    except IntegrityError:  # started by someone else at the same moment
        raise AssessmentError(_already(year)) from None
    return assessment


def _already(year) -> str:
    return _("Er is al een zelfevaluatie voor %(year)s; open die om verder te gaan.") % {"year": year}


def _check_start(organisation, year, edition) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise AssessmentError(
            _("Kies een jaar van %(first)s tot en met %(last)s.") % {"first": MIN_YEAR, "last": MAX_YEAR}
        )
    if not edition.is_published or not edition.maturity_dimensions.exists():
        raise AssessmentError(
            _("%(release)s heeft geen gepubliceerd volwassenheidsmodel; kies een andere release.")
            % {"release": edition.release_label.capitalize()}
        )
    if organisation.maturity_assessments.filter(year=year).exists():
        raise AssessmentError(_already(year))


def _previous_targets(organisation, year) -> dict[str, int]:
    previous = previous_assessment(organisation, year)
    if previous is None:
        return {}
    return {slug: result.target for slug, result in readings.results_by_slug(previous).items()}


# Saving -------------------------------------------------------------------------------------------------------


def save_assessment(
    assessment: Assessment,
    user,
    expected_version: int,
    *,
    answers: dict[int, int],
    targets: dict[int, int] | None = None,
    share_with_peers: bool | None = None,
    note: str | None = None,
    notes: dict[int, str] | None = None,
) -> Assessment:
    """Store answers ({statement pk: 0 nee, 1 deels, 2 ja}), targets ({dimension pk: 1-5}), the sharing choice, the
    assessment's note and the notes per dimension ({dimension pk: text}); then recompute the level of every
    dimension by the scoring rule. Anything not given stays as it is. Raises AssessmentError on input of another
    release or out of range, history.StaleVersion when someone else saved since `expected_version`. Saving
    what is already stored changes nothing (the version stays)."""
    results = {r.dimension_id: r for r in assessment.results.select_related("dimension")}
    statements = _statements(assessment, answers)
    _check_values(results, answers, targets or {}, notes or {}, note)
    stored = {a.statement_id: a for a in assessment.answers.all()}
    new_answers = {pk: value for pk, value in answers.items() if getattr(stored.get(pk), "value", None) != value}
    merged = {pk: a.value for pk, a in stored.items()} | new_answers
    levels = readings.computed_levels(assessment, merged)
    details = [_answer_fact(statements[pk], stored.get(pk), value) for pk, value in new_answers.items()]
    changed_results = _result_changes(results, levels, targets or {}, notes or {}, details)
    assessment_values = _assessment_changes(assessment, share_with_peers, note, details)
    if not details:
        return assessment

    def apply():
        _store_answers(assessment, stored, new_answers)
        DimensionResult.objects.bulk_update(changed_results, ["level", "target", "note"])
        for name, value in assessment_values.items():
            setattr(assessment, name, value)
        assessment.save(update_fields=["version", "updated_at", *assessment_values])

    save_versioned(assessment, expected_version, user, _summary(assessment, details), details, apply)
    return assessment


def _statements(assessment, answers) -> dict[int, MaturityStatement]:
    statements = {
        s.pk: s
        for s in MaturityStatement.objects.filter(dimension__edition=assessment.edition).select_related("dimension")
    }
    unknown = [pk for pk in answers if pk not in statements]
    if unknown:
        raise AssessmentError(
            _("Een of meer stellingen horen niet bij het model van deze zelfevaluatie; er is niets opgeslagen.")
        )
    return statements


def _check_values(results, answers, targets, notes, note) -> None:
    if any(isinstance(value, bool) or value not in AnswerValue.values for value in answers.values()):
        raise AssessmentError(_("Beantwoord elke stelling met nee, deels of ja; er is niets opgeslagen."))
    if any(pk not in results for pk in [*targets, *notes]):
        raise AssessmentError(
            _("Een of meer dimensies horen niet bij het model van deze zelfevaluatie; er is niets opgeslagen.")
        )
    if any(isinstance(value, bool) or value not in MaturityLevel.values for value in targets.values()):
        raise AssessmentError(_("Kies als doelniveau een niveau van 1 tot en met 5; er is niets opgeslagen."))
    if any(len(text) > TEXT_LIMIT for text in [*notes.values(), note or ""]):
        raise AssessmentError(
            _("Een toelichting is te lang: ten hoogste %(n)s tekens; er is niets opgeslagen.") % {"n": TEXT_LIMIT}
        )


def _answer_fact(statement, stored, value) -> dict:
    dimension = statement.dimension
    return {
        "object": {
            "kind": "statement",
            "key": f"{dimension.slug}/{statement.slug}",
            "label": statement.text,
            "within": dimension.name,
        },
        "field": "value",
        "old": stored.value if stored is not None else None,
        "new": value,
    }


def _result_changes(results, levels, targets, notes, details) -> list[DimensionResult]:
    """Set the new level, target and note on each result; returns the changed ones (facts added to details)."""
    changed = []
    for pk, result in results.items():
        new = {
            "level": levels.get(pk),
            "target": targets.get(pk, result.target),
            "note": notes[pk].strip() if pk in notes else result.note,
        }
        facts = [
            {"object": dimension_object(result.dimension), "field": name, "old": getattr(result, name), "new": value}
            for name, value in new.items()
            if getattr(result, name) != value
        ]
        if facts:
            for name, value in new.items():
                setattr(result, name, value)
            details += facts
            changed.append(result)
    return changed


def dimension_object(dimension: MaturityDimension) -> dict:
    return {"kind": "dimension", "key": dimension.slug, "label": dimension.name}


def _assessment_changes(assessment, share_with_peers, note, details) -> dict:
    """The assessment's own fields that change, {name: new value} (facts added to details)."""
    new = {}
    if share_with_peers is not None:
        new["share_with_peers"] = bool(share_with_peers)
    if note is not None:
        new["note"] = note.strip()
    changed = {name: value for name, value in new.items() if getattr(assessment, name) != value}
    details += [
        {"object": {"kind": "assessment"}, "field": name, "old": getattr(assessment, name), "new": value}
        for name, value in changed.items()
    ]
    return changed


def _store_answers(assessment, stored, new_answers) -> None:
    for pk, value in new_answers.items():
        if pk in stored:
            stored[pk].value = value
        else:
            stored[pk] = Answer(assessment=assessment, statement_id=pk, value=value)
    Answer.objects.bulk_create(
        [stored[pk] for pk in new_answers if stored[pk].pk is None],
    )
    Answer.objects.bulk_update([stored[pk] for pk in new_answers if stored[pk].pk is not None], ["value"])


def _summary(assessment, details) -> str:
    answered = sum(1 for d in details if d["object"]["kind"] == "statement")
    return ngettext(
        "Zelfevaluatie %(year)s opgeslagen (%(n)s antwoord gewijzigd)",
        "Zelfevaluatie %(year)s opgeslagen (%(n)s antwoorden gewijzigd)",
        answered,
    ) % {"year": assessment.year, "n": answered}


# From gap to plan ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GapDevelopment:
    slug: str
    title: str
    in_plan: bool  # counts in the plan's budget
    costs: dict[int, Decimal] = field(default_factory=dict)  # the engine's cost for the plan per year
    total: Decimal = Decimal(0)
    in_release: bool = True  # False: the plan's release has no development with this id
    note: str = ""

    def amount_in(self, year: int) -> Decimal:
        return self.costs.get(year, Decimal(0))


@dataclass(frozen=True)
class Gap:
    dimension: MaturityDimension
    result: DimensionResult
    developments: list[GapDevelopment]

    @property
    def target_descriptor(self) -> str:
        return self.dimension.descriptor(self.result.target)


def gap(assessment: Assessment, plan: Plan | None = None) -> list[Gap]:
    """The dimensions whose level is below their target, each with the developments of the model that raise it:
    with a plan, matched by id in the plan's release, whether the plan counts them and what they cost the plan
    (budget engine, as if counted). A dimension not yet fully answered has no level and so no gap."""
    if plan is not None:
        _check_plan(assessment, plan)
    results = [
        r
        for r in assessment.results.select_related("dimension").prefetch_related("dimension__developments")
        if r.level is not None and r.level < r.target
    ]
    slugs = {d.slug for r in results for d in r.dimension.developments.all()}
    choices, costs = _plan_facts(plan, slugs)
    return [
        Gap(r.dimension, r, [_gap_development(d, plan, choices, costs) for d in r.dimension.developments.all()])
        for r in results
    ]


def _check_plan(assessment, plan) -> None:
    if plan.organisation_id != assessment.organisation_id:
        raise AssessmentError(_("Dit plan hoort niet bij uw organisatie."))


def _plan_facts(plan, slugs):
    if plan is None:
        return {}, {}
    choices = {c.development.slug: c for c in plan.choices.select_related("development") if c.development.slug in slugs}
    return choices, development_costs(plan, choices)


def _gap_development(development, plan, choices, costs) -> GapDevelopment:
    if plan is None:
        return GapDevelopment(development.slug, development.title, False)
    choice = choices.get(development.slug)
    if choice is None:
        return GapDevelopment(
            development.slug,
            development.title,
            False,
            in_release=False,
            note=_("Deze ontwikkeling staat niet in %(release)s van het plan; er is geen bedrag.")
            % {"release": plan.edition.release_label},
        )
    per_year = costs.get(development.slug, {})
    return GapDevelopment(
        development.slug, choice.development.title, choice.counts, per_year, sum(per_year.values(), Decimal(0))
    )


def add_to_plan(
    assessment: Assessment, plan: Plan, user, expected_plan_version: int, slugs: list[str]
) -> PlanChange | None:
    """Include these developments of the assessment's model in the plan (priority should have where it was won't
    have), through the plan's own service: its version check (plans.changes.StaleVersion), its read-only rule for a
    superseded plan (SupersededPlan) and its history. Also noted in the assessment's history. Returns the plan
    change, None when all of them already counted."""
    _check_plan(assessment, plan)
    slugs = list(dict.fromkeys(slugs))
    if not slugs:
        raise AssessmentError(_("Kies ten minste één ontwikkeling om op te nemen."))
    choices = {c.development.slug: c for c in plan.choices.select_related("development")}
    allowed = set(
        MaturityDimension.objects.filter(edition=assessment.edition).values_list("developments__slug", flat=True)
    )
    if any(slug not in allowed or slug not in choices for slug in slugs):
        raise AssessmentError(
            _("Een of meer ontwikkelingen horen niet bij dit volwassenheidsmodel of staan niet in het plan.")
        )
    rows = {slug: _counting_values(choices[slug]) for slug in slugs}
    with transaction.atomic():
        change = plan_services.save_choices(plan, user, expected_plan_version, rows)
        if change is not None:
            _note_in_history(assessment, plan, user, [s for s in slugs if not choices[s].counts], choices)
    return change


def _counting_values(choice) -> dict:
    values = {"included": True}
    if choice.priority == Priority.WONT:
        values["priority"] = Priority.SHOULD
    return values


def _note_in_history(assessment, plan, user, slugs, choices) -> None:
    details = [
        {
            "object": {"kind": "assessment"},
            "action": "added_to_plan",
            "values": {
                "plan": plan.pk,
                "plan_title": plan.title,
                "developments": [choices[s].development.title for s in slugs],
            },
        }
    ]
    summary = _("Ontwikkelingen uit de kloof opgenomen in plan „%(plan)s”") % {"plan": plan.title}
    save_versioned(assessment, None, user, summary, details, lambda: None)
