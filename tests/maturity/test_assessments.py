"""The self-assessment service on the synthetic model (tests/data/editions/2090/maturity.yaml: dimensions
dienstverlening, informatieveiligheid and data, statements niveau-<L>-a/b for L = 2..5): the scoring rule from
answers to the stored level, targets, the history, the gap with the engine's costs, and adding to a plan."""

from decimal import Decimal

import pytest

from modelgemeente.catalog.models import MaturityStatement
from modelgemeente.core.enums import Priority
from modelgemeente.maturity.models import Assessment, MaturityChange
from modelgemeente.maturity.services.assessments import (
    AssessmentError,
    add_to_plan,
    gap,
    save_assessment,
    start_assessment,
)
from modelgemeente.maturity.services.history import StaleVersion
from modelgemeente.plans import services as plan_services
from modelgemeente.plans.budget import development_costs, plan_report
from modelgemeente.plans.changes import StaleVersion as PlanStaleVersion
from modelgemeente.plans.models import PlanChange

pytestmark = pytest.mark.django_db

NO, PARTLY, YES = 0, 1, 2


def statements(assessment, dimension):
    """{"niveau-2-a": pk, ...} of one dimension of the assessment's model."""
    rows = MaturityStatement.objects.filter(dimension__edition=assessment.edition, dimension__slug=dimension)
    return dict(rows.values_list("slug", "pk"))


def answers_for(assessment, dimension, by_level: dict[int, tuple[int, int]]) -> dict[int, int]:
    """Answers {statement pk: points} from {level: (points of statement a, points of statement b)}."""
    pks = statements(assessment, dimension)
    answers = {}
    for level, (a, b) in by_level.items():
        answers[pks[f"niveau-{level}-a"]] = a
        answers[pks[f"niveau-{level}-b"]] = b
    return answers


def level_of(assessment, dimension):
    return assessment.results.get(dimension__slug=dimension).level


def answer(assessment, user, dimension, by_level, **kwargs):
    assessment.refresh_from_db()
    return save_assessment(
        assessment, user, assessment.version, answers=answers_for(assessment, dimension, by_level), **kwargs
    )


@pytest.fixture
def assessment(test_edition, org, editor):
    return start_assessment(org, 2091, test_edition, editor)


# The scoring rule, through the service ------------------------------------------------------------------------

ALL = (2, 3, 4, 5)


@pytest.mark.parametrize(
    ("by_level", "expected"),
    [
        ({level: (YES, YES) for level in ALL}, 5),
        ({level: (NO, NO) for level in ALL}, 1),
        # 3 of 4 points (ja + deels) reaches a level; 2 of 4 does not
        ({2: (YES, PARTLY), 3: (PARTLY, YES), 4: (PARTLY, PARTLY), 5: (YES, YES)}, 3),
        # a level counts only when every level below is reached: 4 and 5 full, 3 missed -> 2
        ({2: (YES, YES), 3: (YES, NO), 4: (YES, YES), 5: (YES, YES)}, 2),
        ({2: (PARTLY, PARTLY), 3: (YES, YES), 4: (YES, YES), 5: (YES, YES)}, 1),
        ({2: (YES, YES), 3: (YES, YES), 4: (YES, PARTLY), 5: (PARTLY, NO)}, 4),
    ],
)
def test_the_answers_give_the_stored_level_by_the_scoring_rule(assessment, editor, by_level, expected):
    answer(assessment, editor, "dienstverlening", by_level)
    assert level_of(assessment, "dienstverlening") == expected
    assert level_of(assessment, "data") is None  # not answered


def test_a_dimension_has_no_level_until_every_statement_is_answered(assessment, editor):
    answer(assessment, editor, "data", {2: (YES, YES), 3: (YES, YES), 4: (YES, YES)})
    assert level_of(assessment, "data") is None
    answer(assessment, editor, "data", {5: (NO, NO)})
    assert level_of(assessment, "data") == 4


# Targets ------------------------------------------------------------------------------------------------------


def test_targets_are_4_by_default_and_carried_from_the_previous_year(test_edition, org, editor):
    first = start_assessment(org, 2090, test_edition, editor)
    assert {r.dimension.slug: r.target for r in first.results.select_related("dimension")} == {
        "dienstverlening": 4,
        "informatieveiligheid": 4,
        "data": 4,
    }
    security = first.results.get(dimension__slug="informatieveiligheid")
    save_assessment(first, editor, first.version, answers={}, targets={security.dimension_id: 5})
    second = start_assessment(org, 2091, test_edition, editor)
    assert {r.dimension.slug: r.target for r in second.results.select_related("dimension")} == {
        "dienstverlening": 4,
        "informatieveiligheid": 5,
        "data": 4,
    }


def test_one_assessment_per_year_and_only_on_a_published_model(test_edition, org, editor, assessment):
    with pytest.raises(AssessmentError, match="al een zelfevaluatie voor 2091"):
        start_assessment(org, 2091, test_edition, editor)
    with pytest.raises(AssessmentError, match="jaar van 2000"):
        start_assessment(org, 1999, test_edition, editor)
    assert Assessment.objects.filter(organisation=org).count() == 1


def test_a_release_without_a_maturity_model_is_refused(test_edition, org, editor):
    test_edition.maturity_dimensions.all().delete()
    with pytest.raises(AssessmentError, match="geen gepubliceerd volwassenheidsmodel"):
        start_assessment(org, 2092, test_edition, editor)
    assert not Assessment.objects.filter(organisation=org).exists()


# Saving: validation, history, versions ------------------------------------------------------------------------


def snapshot(assessment):
    assessment.refresh_from_db()
    return (
        assessment.version,
        sorted(assessment.answers.values_list("statement_id", "value")),
        sorted(assessment.results.values_list("dimension_id", "level", "target", "note")),
        MaturityChange.objects.count(),
    )


def test_bad_input_is_refused_in_dutch_and_changes_nothing(assessment, editor, other_org):
    answer(assessment, editor, "dienstverlening", {2: (YES, YES)})
    before = snapshot(assessment)
    statement = next(iter(statements(assessment, "data").values()))
    dimension = assessment.results.first().dimension_id
    other_release_statement = MaturityStatement.objects.exclude(dimension__edition=assessment.edition).first()
    foreign = [other_release_statement.pk] if other_release_statement else []
    cases = [
        ({"answers": {statement: 7}}, "nee, deels of ja"),
        ({"answers": {statement: True}}, "nee, deels of ja"),
        ({"answers": {999_999: 1, **dict.fromkeys(foreign, 1)}}, "horen niet bij het model"),
        ({"answers": {}, "targets": {dimension: 9}}, "van 1 tot en met 5"),
        ({"answers": {}, "targets": {999_999: 3}}, "dimensies horen niet bij"),
        ({"answers": {statement: YES}, "note": "x" * 4001}, "te lang"),
    ]
    for kwargs, message in cases:
        with pytest.raises(AssessmentError, match=message):
            save_assessment(assessment, editor, assessment.version, **kwargs)
    assert snapshot(assessment) == before


def test_a_save_records_the_facts_and_raises_the_version(assessment, editor):
    answer(assessment, editor, "dienstverlening", {level: (YES, YES) for level in ALL}, share_with_peers=False)
    change = MaturityChange.objects.filter(subject_id=assessment.pk).first()
    assert change.version == assessment.version == 2
    fields = [(d["object"]["kind"], d["field"]) for d in change.details]
    assert fields.count(("statement", "value")) == 8
    assert ("dimension", "level") in fields
    assert ("assessment", "share_with_peers") in fields
    level = next(d for d in change.details if d["field"] == "level")
    assert (level["old"], level["new"]) == (None, 5)
    assert "8 antwoorden" in change.summary


def test_saving_what_is_stored_changes_nothing(assessment, editor):
    answer(assessment, editor, "data", {2: (YES, NO)})
    before = snapshot(assessment)
    answer(assessment, editor, "data", {2: (YES, NO)})
    assert snapshot(assessment) == before


def test_a_stale_version_is_refused_with_the_other_changes(assessment, editor, admin_user):
    loaded = assessment.version
    answer(assessment, admin_user, "data", {2: (YES, YES)})
    before = snapshot(assessment)
    with pytest.raises(StaleVersion) as refused:
        save_assessment(assessment, editor, loaded, answers=answers_for(assessment, "data", {3: (NO, NO)}))
    assert [c.user for c in refused.value.changes] == [admin_user]
    assert snapshot(assessment) == before


# Gap and plan -------------------------------------------------------------------------------------------------


def leave_out(plan, user, slug):
    plan.refresh_from_db()
    plan_services.save_choices(plan, user, plan.version, {slug: {"included": False}})
    plan.refresh_from_db()


@pytest.fixture
def scored(assessment, editor):
    """dienstverlening 2 (target 4), informatieveiligheid 5, data 3 with target 3: only dienstverlening has a gap."""
    answer(assessment, editor, "dienstverlening", {2: (YES, PARTLY), 3: (NO, PARTLY), 4: (YES, YES), 5: (NO, NO)})
    answer(assessment, editor, "informatieveiligheid", {level: (YES, YES) for level in ALL})
    data = assessment.results.get(dimension__slug="data").dimension_id
    answer(assessment, editor, "data", {2: (YES, YES), 3: (YES, YES), 4: (NO, NO), 5: (NO, NO)}, targets={data: 3})
    assessment.refresh_from_db()
    return assessment


# digitaal-loket for the `plan` fixture (12.500 inhabitants, 2091-2094), by hand from tests/data/README.md:
# loket-bouwen 40.000 fixed over 2091-2092 (price index 2%/yr from 2090), loket-licenties 10.000 x 0,25 from the
# second year, loket-beheer 45.000 x 0,5 (wage index 4%/yr).
DIGITAAL_LOKET = {
    2091: Decimal("20000") * Decimal("1.02") + Decimal("22500") * Decimal("1.04"),
    2092: (Decimal("20000") + Decimal("2500")) * Decimal("1.0404") + Decimal("22500") * Decimal("1.0816"),
    2093: Decimal("2500") * Decimal("1.061208") + Decimal("22500") * Decimal("1.124864"),
    2094: Decimal("2500") * Decimal("1.08243216") + Decimal("22500") * Decimal("1.16985856"),
}


def test_the_gap_lists_the_developments_with_the_engines_cost_for_the_plan(scored, plan, editor):
    leave_out(plan, editor, "digitaal-loket")
    gaps = gap(scored, plan)
    assert [(g.dimension.slug, g.result.level, g.result.target) for g in gaps] == [("dienstverlening", 2, 4)]
    [loket] = gaps[0].developments
    assert (loket.slug, loket.in_plan, loket.in_release) == ("digitaal-loket", False, True)
    assert loket.costs == development_costs(plan, ["digitaal-loket"])["digitaal-loket"]
    assert {year: round(amount, 2) for year, amount in loket.costs.items()} == {
        year: round(amount, 2) for year, amount in DIGITAAL_LOKET.items()
    }
    assert round(loket.total, 2) == round(sum(DIGITAAL_LOKET.values()), 2)


def test_without_a_plan_the_gap_has_no_costs(scored):
    [dienstverlening] = gap(scored)
    assert [(d.slug, d.costs, d.total, d.in_plan) for d in dienstverlening.developments] == [
        ("digitaal-loket", {}, Decimal(0), False)
    ]


def test_add_to_plan_makes_the_developments_count(scored, plan, editor):
    leave_out(plan, editor, "digitaal-loket")
    choice = plan.choices.get(development__slug="digitaal-loket")
    choice.priority = Priority.WONT
    choice.save()
    cost = gap(scored, plan)[0].developments[0].total
    version = plan.version
    change = add_to_plan(scored, plan, editor, version, ["digitaal-loket"])
    plan.refresh_from_db()
    choice.refresh_from_db()
    assert plan.version == version + 1
    assert (choice.included, choice.priority) == (True, Priority.SHOULD)
    assert PlanChange.objects.filter(plan=plan, version=plan.version).get() == change
    assert {d["field"] for d in change.details} == {"included", "priority"}
    assert gap(scored, plan)[0].developments[0].in_plan is True
    counted = {row.key: row.total for row in plan_report(plan).by_development}
    assert round(counted["digitaal-loket"], 2) == round(cost, 2)
    noted = MaturityChange.objects.filter(subject_id=scored.pk).first()
    assert noted.details[0]["action"] == "added_to_plan"


def test_add_to_plan_refuses_a_stale_plan_another_organisation_and_unknown_developments(
    scored, plan, editor, other_org
):
    leave_out(plan, editor, "digitaal-loket")
    with pytest.raises(PlanStaleVersion):
        add_to_plan(scored, plan, editor, plan.version - 1, ["digitaal-loket"])
    with pytest.raises(AssessmentError, match="niet bij dit volwassenheidsmodel"):
        add_to_plan(scored, plan, editor, plan.version, ["klantcontact"])
    with pytest.raises(AssessmentError, match="ten minste één"):
        add_to_plan(scored, plan, editor, plan.version, [])
    plan.organisation = other_org
    with pytest.raises(AssessmentError, match="hoort niet bij uw organisatie"):
        add_to_plan(scored, plan, editor, plan.version, ["digitaal-loket"])
    with pytest.raises(AssessmentError, match="hoort niet bij uw organisatie"):
        gap(scored, plan)
    plan.refresh_from_db()
    assert plan.choices.get(development__slug="digitaal-loket").included is False
