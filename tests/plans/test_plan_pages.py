"""A plan's pages and its figures: creation, choices, overrides, P&C views, history.

On the synthetic edition with the shared `plan` fixture (12.500 inhabitants, 2091-2094, made through the form)."""

from decimal import Decimal

import pytest

from modelgemeente.budget.engine import Profile
from modelgemeente.catalog.budget_input import model_budget
from modelgemeente.plans.budget import plan_report

pytestmark = pytest.mark.django_db


def url(plan, suffix=""):
    return f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/{suffix}"


def test_new_plan_has_every_development_and_an_estimated_profile(plan, test_edition):
    assert plan.choices.count() == test_edition.developments.count() == 6
    # employees and departments in proportion to the reference municipality (50.000 inhabitants, 400
    # employees, 20 departments): 400 × 12.500 / 50.000 = 100 and 20 × 12.500 / 50.000 = 5
    assert (plan.inhabitants, plan.employees, plan.departments) == (12500, 100, 5)
    assert "schatting naar rato van de referentiegemeente" in plan.profile_provenance
    assert plan.years == (2091, 2092, 2093, 2094)
    assert plan.version == 1 and plan.changes.get().kind == "created"


def test_plan_with_everything_equals_the_model_scaled_to_its_profile(plan, test_edition):
    report = plan_report(plan)
    model = model_budget(test_edition, Profile(12500, 100, 5), first_year=2091).result
    assert report.grand_total.values == model.per_year()
    # by hand in tests/test_factories.py (test_a_factory_plan_computes_by_hand), money × price index + capacity
    # × wage index: 60.000 × 1,02 + 131.000 × 1,04; 46.000 × 1,0404 + 131.000 × 1,0816;
    # 28.000 × 1,061208 + 104.000 × 1,124864; 27.000 × 1,08243216 + 104.000 × 1,16985856
    assert report.grand_total.values == {
        2091: Decimal("197440"),
        2092: Decimal("189548"),
        2093: Decimal("146699.68"),
        2094: Decimal("150890.95856"),
    }


def test_every_page_of_the_plan_renders_for_an_editor(client, plan, editor):
    client.force_login(editor)
    for suffix in [
        "",
        "uitgangspunten/",
        "ontwikkelingen/",
        "ontwikkeling/energiedashboard/",
        "voorjaarsnota/",
        "begroting/",
        "vergelijking/",
        "historie/",
    ]:
        response = client.get(url(plan, suffix))
        assert response.status_code == 200, suffix
