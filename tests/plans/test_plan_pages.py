"""A plan's pages and its figures: creation, choices, overrides, P&C views, history."""

import pytest

from modelgemeente.budget.engine import Profile
from modelgemeente.catalog.budget_input import model_budget
from modelgemeente.plans.budget import plan_report

pytestmark = pytest.mark.django_db


def url(plan, suffix=""):
    return f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/{suffix}"


def test_new_plan_has_every_development_and_an_estimated_profile(plan, edition):
    assert plan.choices.count() == edition.developments.count() == 37
    assert (plan.inhabitants, plan.employees, plan.departments) == (30000, 300, 12)
    assert "schatting naar rato van de referentiegemeente" in plan.profile_provenance
    assert plan.years == (2027, 2028, 2029, 2030)
    assert plan.version == 1 and plan.changes.get().kind == "created"


def test_plan_with_everything_equals_the_model_scaled_to_its_profile(plan, edition):
    report = plan_report(plan)
    model = model_budget(edition, Profile(30000, 300, 12), first_year=2027).result
    assert report.grand_total.values == model.per_year()
    assert report.grand_total.values[2027] > 0


def test_every_page_of_the_plan_renders_for_an_editor(client, plan, editor):
    client.force_login(editor)
    for suffix in [
        "",
        "uitgangspunten/",
        "ontwikkelingen/",
        "ontwikkeling/klantreizen-en-klanttevredenheid/",
        "voorjaarsnota/",
        "begroting/",
        "vergelijking/",
        "historie/",
    ]:
        response = client.get(url(plan, suffix))
        assert response.status_code == 200, suffix
