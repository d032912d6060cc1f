"""Measurable ambitions: the service stores targets per year (and refuses what an ambition cannot have, saving
nothing), keeps the history, and progress compares each year's target with what was really measured.

Measurements and assessments are made as rows here (the synthetic product list of tests/data/products: own volumes,
so the indices are round numbers by hand)."""

from decimal import Decimal

import pytest

from modelgemeente.catalog.models import MaturityDimension
from modelgemeente.core.enums import AmbitionMetric
from modelgemeente.maturity.models import (
    Ambition,
    AmbitionTarget,
    Assessment,
    DimensionResult,
    MaturityChange,
    ProductMeasurement,
    ProductScore,
)
from modelgemeente.maturity.progress_chart import progress_chart, progress_rows
from modelgemeente.maturity.services import ambitions as services
from modelgemeente.maturity.services.history import StaleVersion
from modelgemeente.plans.budget import development_costs
from modelgemeente.plans.models import Priority
from tests.factories import PlanFactory, choice

pytestmark = pytest.mark.django_db

WEIGHTED = AmbitionMetric.WEIGHTED_INDEX
LEVEL = AmbitionMetric.MATURITY_LEVEL


def measure(org, year, scores):
    """A product measurement with own volumes: {product: (volume, level, offered login)}."""
    measurement = ProductMeasurement.objects.create(
        organisation=org, year=year, inhabitants=10_000, inhabitants_source="Test"
    )
    for product, (volume, level, offered) in scores.items():
        ProductScore.objects.create(
            measurement=measurement, product=product, volume=volume, level=level, offered_authentication=offered
        )
    return measurement


def assess(org, edition, year, levels):
    """An assessment with a stored level per dimension id."""
    assessment = Assessment.objects.create(organisation=org, year=year, edition=edition)
    for slug, level in levels.items():
        DimensionResult.objects.create(
            assessment=assessment, dimension=MaturityDimension.objects.get(edition=edition, slug=slug), level=level
        )
    return assessment


@pytest.fixture
def measured(org):
    """2027: verhuizing 600 × level 4, paspoort 400 × level 3: weighted (2400 + 1200) / 5000 = 72%, unweighted 70%;
    2028: both level 4: weighted 80%; verhuizing needs DigiD midden and offers it in 2027, offers DigiD basis in 2028."""
    measure(org, 2027, {"verhuizing": (600, 4, "digid-midden"), "paspoort": (400, 3, "")})
    measure(org, 2028, {"verhuizing": (600, 4, "digid-basis"), "paspoort": (400, 4, "")})


def create(org, editor, **values):
    defaults = {"title": "Gewogen index omhoog", "metric": WEIGHTED, "targets": {2027: Decimal(70), 2029: Decimal(85)}}
    return services.create_ambition(org, editor, **(defaults | values))


# Creating --------------------------------------------------------------------------------------------------


def test_an_ambition_stores_its_targets_per_year_and_its_history(org, editor, plan):
    ambition = create(org, editor, plan=plan, developments=["omgevingsdata", "digitaal-loket"], note="Uit coalitie")
    stored = Ambition.objects.get(pk=ambition.pk)
    assert stored.organisation == org and stored.plan == plan and stored.version == 1
    assert stored.developments == ["digitaal-loket", "omgevingsdata"]  # in the release's order
    assert dict(stored.targets.values_list("year", "value")) == {2027: Decimal("70.00"), 2029: Decimal("85.00")}
    change = MaturityChange.objects.get(subject="ambitie", subject_id=ambition.pk)
    assert change.user == editor and change.version == 1
    assert change.details[0]["action"] == "created"
    assert change.details[0]["values"]["targets"] == {"2027": "70", "2029": "85"}


def test_the_three_examples_of_the_issue(org, editor, plan, test_edition):
    create(org, editor, targets={2027: Decimal(70), 2029: Decimal(85)})
    create(org, editor, title="Dienstverlening op 4", metric=LEVEL, dimension="dienstverlening", targets={2028: 4})
    create(
        org, editor, title="Inlog op niveau", metric=AmbitionMetric.AUTHENTICATION_RIGHT, targets={2028: Decimal(100)}
    )
    assert sorted(AmbitionTarget.objects.values_list("year", "value")) == [
        (2027, Decimal("70.00")),
        (2028, Decimal("4.00")),
        (2028, Decimal("100.00")),
        (2029, Decimal("85.00")),
    ]
    assert Ambition.objects.get(metric=LEVEL).dimension == "dienstverlening"


def test_a_dimension_is_kept_only_for_the_maturity_metric(org, editor, test_edition):
    ambition = create(org, editor, dimension="dienstverlening")
    assert Ambition.objects.get(pk=ambition.pk).dimension == ""


JUNK = [
    ({"targets": {1999: 70}}, "targets", "2000"),
    ({"targets": {2101: 70}}, "targets", "2100"),
    ({"targets": {"2027": 70}}, "targets", "jaar"),
    ({"targets": {2027: Decimal("100.5")}}, "targets", "percentage"),
    ({"targets": {2027: -1}}, "targets", "percentage"),
    ({"targets": {2027: Decimal("70.125")}}, "targets", "twee decimalen"),
    ({"targets": {2027: "NaN"}}, "targets", "percentage"),
    ({"targets": {2027: 1.5}}, "targets", "percentage"),
    ({"targets": {}}, "targets", "ten minste één"),
    ({"metric": LEVEL, "dimension": "dienstverlening", "targets": {2028: 6}}, "targets", "1 tot en met 5"),
    ({"metric": LEVEL, "dimension": "dienstverlening", "targets": {2028: 0}}, "targets", "1 tot en met 5"),
    ({"metric": LEVEL, "targets": {2028: 4}}, "dimension", "dimensie"),
    ({"metric": LEVEL, "dimension": "bestaat-niet", "targets": {2028: 4}}, "dimension", "bestaat-niet"),
    ({"metric": "hoogste-index"}, "metric", "maatstaven"),
    ({"title": "   "}, "title", "titel"),
    ({"title": "x" * 201}, "title", "te lang"),
    ({"note": "x" * 4001}, "note", "te lang"),
    ({"developments": ["digitaal-loket"]}, "developments", "plan"),
    ({"developments": "digitaal-loket"}, "developments", "lijst"),
]


@pytest.mark.parametrize(("values", "field", "words"), JUNK)
def test_junk_is_refused_at_its_field_and_nothing_is_saved(org, editor, test_edition, values, field, words):
    with pytest.raises(services.AmbitionError) as refused:
        create(org, editor, **values)
    assert refused.value.field == field
    assert words in refused.value.message
    assert not Ambition.objects.exists() and not MaturityChange.objects.exists()


def test_developments_must_be_in_the_plans_release(org, editor, plan):
    with pytest.raises(services.AmbitionError) as refused:
        create(org, editor, plan=plan, developments=["digitaal-loket", "bestaat-niet"])
    assert refused.value.field == "developments" and "bestaat-niet" in refused.value.message
    assert not Ambition.objects.exists()


def test_a_plan_of_another_organisation_is_refused(org, other_org, editor, test_edition):
    foreign = PlanFactory(organisation=other_org)
    with pytest.raises(services.AmbitionError) as refused:
        create(org, editor, plan=foreign)
    assert refused.value.field == "plan" and "eigen organisatie" in refused.value.message
    assert not Ambition.objects.exists()


def test_a_superseded_plan_cannot_be_chosen_but_an_ambition_keeps_it(org, editor, plan):
    ambition = create(org, editor, plan=plan)
    newer = PlanFactory(organisation=org, supersedes=plan)
    plan.refresh_from_db()
    assert plan.is_superseded
    other = create(org, editor, title="Een andere", plan=None)
    with pytest.raises(services.AmbitionError) as refused:
        services.update_ambition(other, editor, other.version, plan=plan)
    assert refused.value.field == "plan" and "nieuwe versie" in refused.value.message
    # The ambition that has the old plan can still be changed, and moved to the newer version.
    services.update_ambition(ambition, editor, 1, note="Nog steeds")
    services.update_ambition(ambition, editor, 2, plan=newer)
    assert Ambition.objects.get(pk=ambition.pk).plan == newer
    assert services.newest_plan(plan) == newer and services.newest_plan(newer) == newer


# Changing and deleting ------------------------------------------------------------------------------------


def test_an_update_replaces_the_targets_and_records_what_changed(org, editor, plan):
    ambition = create(org, editor)
    services.update_ambition(
        ambition,
        editor,
        1,
        targets={2027: Decimal("72.5"), 2030: Decimal(90)},
        plan=plan,
        developments=["omgevingsdata"],
    )
    stored = Ambition.objects.get(pk=ambition.pk)
    assert stored.version == 2 and stored.plan == plan and stored.developments == ["omgevingsdata"]
    assert dict(stored.targets.values_list("year", "value")) == {2027: Decimal("72.50"), 2030: Decimal("90.00")}
    change = MaturityChange.objects.filter(subject_id=ambition.pk).first()
    assert change.version == 2
    assert {d["field"]: (d["old"], d["new"]) for d in change.details} == {
        "plan": (None, plan.pk),
        "developments": ([], ["omgevingsdata"]),
        "targets": ({"2027": "70", "2029": "85"}, {"2027": "72.5", "2030": "90"}),
    }


def test_an_update_without_changes_keeps_the_version(org, editor):
    ambition = create(org, editor)
    services.update_ambition(ambition, editor, 1, title="Gewogen index omhoog", targets={2027: 70, 2029: 85})
    assert Ambition.objects.get(pk=ambition.pk).version == 1
    assert MaturityChange.objects.count() == 1


def test_a_stale_version_is_refused_and_changes_nothing(org, editor, reader):
    ambition = create(org, editor)
    services.update_ambition(Ambition.objects.get(pk=ambition.pk), editor, 1, title="Eerst gewijzigd")
    with pytest.raises(StaleVersion) as stale:
        services.update_ambition(Ambition.objects.get(pk=ambition.pk), editor, 1, targets={2027: 50})
    assert stale.value.current_version == 2
    assert [c.summary for c in stale.value.changes] == ["Ambitie „Eerst gewijzigd” gewijzigd"]
    assert dict(AmbitionTarget.objects.values_list("year", "value")) == {2027: Decimal(70), 2029: Decimal(85)}
    with pytest.raises(StaleVersion):
        services.delete_ambition(Ambition.objects.get(pk=ambition.pk), editor, 1)
    assert Ambition.objects.filter(pk=ambition.pk).exists()


def test_deleting_removes_the_ambition_and_keeps_the_history(org, editor):
    ambition = create(org, editor)
    pk = ambition.pk
    services.delete_ambition(ambition, editor, 1)
    assert not Ambition.objects.exists() and not AmbitionTarget.objects.exists()
    change = MaturityChange.objects.filter(subject_id=pk).first()
    assert change.details[0]["action"] == "deleted" and change.version == 2
    assert change.details[0]["values"]["title"] == "Gewogen index omhoog"


# Progress ---------------------------------------------------------------------------------------------------


def test_progress_compares_each_years_target_with_the_measured_index(org, editor, measured):
    ambition = create(org, editor, targets={2027: Decimal(70), 2028: Decimal(85), 2029: Decimal(85)})
    assert services.progress(ambition) == [
        services.ProgressPoint(2027, Decimal(70), Decimal("72.0"), True),
        services.ProgressPoint(2028, Decimal(85), Decimal("80.0"), False),
        services.ProgressPoint(2029, Decimal(85), None, None),
    ]


def test_a_measured_year_without_a_target_is_shown_without_a_verdict(org, editor, measured):
    ambition = create(org, editor, metric=AmbitionMetric.UNWEIGHTED_INDEX, targets={2029: Decimal(80)})
    # unweighted: 2027 (4 + 3) / 10 = 70%, 2028 (4 + 4) / 10 = 80%
    assert services.progress(ambition) == [
        services.ProgressPoint(2027, None, Decimal("70.0"), None),
        services.ProgressPoint(2028, None, Decimal("80.0"), None),
        services.ProgressPoint(2029, Decimal(80), None, None),
    ]


def test_progress_of_the_login_share(org, editor, measured):
    ambition = create(org, editor, metric=AmbitionMetric.AUTHENTICATION_RIGHT, targets={2027: 100, 2028: 100})
    # Verhuizing needs DigiD midden: offered in 2027 (100%), DigiD basis in 2028 (0%); paspoort needs no login.
    assert [(p.year, p.actual, p.on_track) for p in services.progress(ambition)] == [
        (2027, Decimal("100.0"), True),
        (2028, Decimal("0.0"), False),
    ]


def test_progress_of_a_maturity_level_from_the_assessments(org, editor, test_edition):
    assess(org, test_edition, 2027, {"dienstverlening": 3, "data": 5})
    assess(org, test_edition, 2028, {"dienstverlening": 4})
    ambition = create(org, editor, metric=LEVEL, dimension="dienstverlening", targets={2027: 4, 2028: 4, 2029: 5})
    assert services.progress(ambition) == [
        services.ProgressPoint(2027, Decimal(4), Decimal(3), False),
        services.ProgressPoint(2028, Decimal(4), Decimal(4), True),
        services.ProgressPoint(2029, Decimal(5), None, None),
    ]


def test_an_unscored_dimension_is_not_measured(org, editor, test_edition):
    assess(org, test_edition, 2028, {"dienstverlening": None})
    ambition = create(org, editor, metric=LEVEL, dimension="dienstverlening", targets={2028: 4})
    assert services.progress(ambition) == [services.ProgressPoint(2028, Decimal(4), None, None)]


def test_another_organisations_measurements_do_not_count(org, other_org, editor):
    measure(other_org, 2027, {"verhuizing": (600, 5, "")})
    ambition = create(org, editor)
    assert all(p.actual is None for p in services.progress(ambition))


# The plan's developments ------------------------------------------------------------------------------------


def test_linked_developments_say_whether_they_count_and_what_they_cost_the_plan(org, editor, plan):
    left_out = choice(plan, "omgevingsdata")
    left_out.priority = Priority.WONT
    left_out.save()
    ambition = create(org, editor, plan=plan, developments=["digitaal-loket", "omgevingsdata"])
    linked = services.linked_developments(ambition)
    engine = development_costs(plan, ["digitaal-loket", "omgevingsdata"])
    assert [(d.slug, d.in_plan, d.counts) for d in linked] == [
        ("digitaal-loket", True, True),
        ("omgevingsdata", True, False),
    ]
    for d in linked:
        assert d.costs == engine[d.slug] and d.total == sum(engine[d.slug].values())
        assert d.total > 0 and list(d.costs) == list(plan.years)
    assert [d.title for d in linked] == ["Digitaal loket", "Omgevingsdata"]


def test_an_ambition_without_plan_has_no_linked_developments(org, editor):
    assert services.linked_developments(create(org, editor)) == []


# The chart --------------------------------------------------------------------------------------------------


def test_the_chart_shows_target_and_measured_value_per_year_on_a_percentage_axis(org, editor, measured):
    ambition = create(org, editor, targets={2027: Decimal(70), 2028: Decimal(85)})
    svg = str(progress_chart("c1", "Voortgang", WEIGHTED, services.progress(ambition)))
    assert svg.startswith('<svg class="chart" id="c1"') and 'role="img"' in svg
    assert '<title id="c1-title">Voortgang</title>' in svg
    for label in ("0%", "20%", "100%", "2027", "2028", "72%", "80%", "70%", "85%"):
        assert f">{label}</text>" in svg, label
    assert "Doel 2028: 85%" in svg and "Gemeten 2027: 72%" in svg
    assert "Gemeten waarde" in svg and "Doel (stippellijn" in svg  # the legend


def test_the_chart_of_a_level_runs_from_1_to_5(org, editor, test_edition):
    assess(org, test_edition, 2027, {"dienstverlening": 3})
    ambition = create(org, editor, metric=LEVEL, dimension="dienstverlening", targets={2028: 4})
    svg = str(progress_chart("c2", "Niveau", LEVEL, services.progress(ambition)))
    for label in ("1", "2", "3", "4", "5"):
        assert f'text-anchor="end" font-size="12" fill="#333">{label}</text>' in svg
    assert ">0%<" not in svg and "Niveau (1-5)" in svg


def test_the_table_rows_say_on_track_or_not_yet_measured(org, editor, measured):
    ambition = create(org, editor, targets={2027: Decimal(70), 2028: Decimal("85.5"), 2029: Decimal(85)})
    rows = progress_rows(WEIGHTED, services.progress(ambition))
    assert [(r.year, r.target, r.actual, r.status) for r in rows] == [
        (2027, "70%", "72%", "op koers"),
        (2028, "85,5%", "80%", "niet op koers"),
        (2029, "85%", "", "nog niet gemeten"),
    ]
