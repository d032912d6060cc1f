"""Reloading an edition never touches plan data (issue 9, "a plan never loses work").

A plan computes with the developments, budget lines and assumptions of its
edition. Reloading that edition may change text, but a file set that would
remove, add or change what a plan computes with is refused with file, line,
field, old and new value and the plans concerned, and nothing is written.

On a writable copy of the synthetic edition (tests/data/editions/2090), with plans from tests/factories.py.
"""

import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from modelgemeente.catalog import loader
from modelgemeente.catalog.content_files import ContentErrors
from modelgemeente.catalog.loader import load_edition
from modelgemeente.catalog.models import BudgetLine, Development, Domain, Edition, Law, Opgave
from modelgemeente.plans.models import ExtraLine, LineAdjustment, Plan, PlanChange, PlanDevelopment
from tests.catalog.test_loader import line_number, replace_in
from tests.factories import ExtraLineFactory, LineAdjustmentFactory, OrganisationFactory, PlanFactory, development, line

pytestmark = pytest.mark.django_db

ENERGY = "energiedashboard.md"


def make_plan(edition, org, user, title="Digitale agenda 2027"):
    """A plan as plans/plan_views.py creates it: a choice for every development of the edition."""
    return PlanFactory(edition=edition, organisation=org, created_by=user, title=title)


@pytest.fixture
def loaded(test_edition_copy, db):
    """The edition loaded from a writable copy of its files."""
    return load_edition(test_edition_copy).edition


@pytest.fixture
def plan(loaded, org, editor):
    """A plan with an own amount, an excluded line and an own extra line, all under 'energiedashboard'."""
    plan = make_plan(loaded, org, editor)
    LineAdjustmentFactory(
        plan=plan,
        budget_line=line(loaded, "energiedashboard/dashboard-bouwen"),
        amount=Decimal("7500"),
        price_year=2091,
    )
    LineAdjustmentFactory(
        plan=plan, budget_line=line(loaded, "energiedashboard/dashboard-licenties"), excluded=True, amount=None
    )
    ExtraLineFactory(plan=plan, development=development(loaded, "energiedashboard"))
    return plan


def plan_rows():
    """Every plan row a reload could disturb."""
    return {
        "plans": list(Plan.objects.order_by("pk").values_list("pk", "edition_id", "title", "version", "updated_at")),
        "choices": list(
            PlanDevelopment.objects.order_by("pk").values_list(
                "pk", "plan_id", "development_id", "included", "priority", "start_year", "motivation"
            )
        ),
        "adjustments": list(
            LineAdjustment.objects.order_by("pk").values_list(
                "pk", "plan_id", "budget_line_id", "excluded", "amount", "reason"
            )
        ),
        "extra_lines": list(ExtraLine.objects.order_by("pk").values_list("pk", "plan_id", "development_id", "amount")),
        "changes": list(PlanChange.objects.order_by("pk").values_list("pk", "version")),
    }


def catalogue():
    """Row counts and the rows plans compute with."""
    return {
        "counts": [m.objects.count() for m in (Edition, Domain, Opgave, Law, Development, BudgetLine)],
        "edition": list(Edition.objects.values_list("year", "content_hash", "loaded_at", "price_index_percent")),
        "developments": list(Development.objects.order_by("pk").values_list("pk", "slug", "summary", "source_file")),
        "lines": list(
            BudgetLine.objects.order_by("pk").values_list(
                "pk", "slug", "amount", "hours_per_week", "kind", "category", "provenance_text"
            )
        ),
    }


def refused(folder) -> ContentErrors:
    """The load is refused and neither the plans nor the catalogue changed."""
    plans_before, catalogue_before = plan_rows(), catalogue()
    with pytest.raises(ContentErrors) as exc:
        load_edition(folder)
    assert plan_rows() == plans_before
    assert catalogue() == catalogue_before
    return exc.value


def only_error(errors: ContentErrors, file_name, field):
    matching = [e for e in errors.errors if e.file.endswith(file_name) and e.field == field]
    assert len(matching) == 1, [str(e) for e in errors.errors]
    return matching[0]


def remove_line(path, line_id, next_id):
    text = path.read_text(encoding="utf-8")
    start, end = text.index(f"  - id: {line_id}\n"), text.index(f"  - id: {next_id}\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")


def remove_development(folder, slug):
    (folder / "developments" / f"{slug}.md").unlink()
    for other in folder.glob("developments/*.md"):  # drop references to the removed file
        other.write_text(re.sub(rf"\b{slug},? ?", "", other.read_text()).replace(", ]", "]"))


PLAN_NAMED = "gebruikt door plan 'Digitale agenda 2027' van Gemeente Voorbeeld"
HINT = "Een correctie hoort in een nieuwe editie."


# (a) a line a plan adjusted is removed -------------------------------------------


def test_removing_a_line_a_plan_adjusted_is_refused(plan, test_edition_copy):
    path = test_edition_copy / "developments" / ENERGY
    remove_line(path, "dashboard-bouwen", "dashboard-licenties")
    errors = refused(test_edition_copy)
    error = only_error(errors, ENERGY, "budget_lines")
    assert error.line == line_number(path, "budget_lines:")
    assert "begrotingsregel 'dashboard-bouwen' is verwijderd" in error.message
    assert PLAN_NAMED in error.message and error.message.endswith(HINT)
    assert f"developments/{ENERGY}:{error.line}: budget_lines: begrotingsregel" in str(error)
    assert len(errors.errors) == 1  # the lines after it only moved up: their figures did not change


# (b) text changes are accepted ---------------------------------------------------


def test_text_changes_are_accepted_and_leave_the_plan_alone(plan, test_edition_copy):
    path = test_edition_copy / "developments" / ENERGY
    replace_in(path, "bron 'Testbron dashboard'", "bron 'Testbron dashboard' (bezocht april 2090)")
    replace_in(
        path, "een dashboard voor de energietransitie", "een dashboard met de netbeheerder voor de energietransitie"
    )
    replace_in(path, "title: Energiedashboard", "title: Energiedashboard zichtbaar")
    replace_in(path, "description: Dashboard bouwen", "description: Dashboard ontwikkelen")
    replace_in(test_edition_copy / "edition.yaml", "  name: Testgemeente\n", "  name: De Testgemeente\n")
    before, counts = plan_rows(), catalogue()["counts"]
    result = load_edition(test_edition_copy)
    assert result.changed
    dev = Development.objects.get(edition=plan.edition, slug="energiedashboard")
    assert "een dashboard met de netbeheerder voor de energietransitie" in dev.summary
    assert dev.title == "Energiedashboard zichtbaar"
    row = dev.budget_lines.get(slug="dashboard-bouwen")
    assert "(bezocht april 2090)" in row.provenance_text and row.description == "Dashboard ontwikkelen"
    assert Edition.objects.get(year=2090).reference_name == "De Testgemeente"
    assert plan_rows() == before
    assert catalogue()["counts"] == counts


def test_a_new_development_is_accepted(plan, test_edition_copy):
    source = (test_edition_copy / "developments" / ENERGY).read_text(encoding="utf-8")
    (test_edition_copy / "developments" / "warmtenetten.md").write_text(
        source.replace("id: energiedashboard\n", "id: warmtenetten\n"), encoding="utf-8"
    )
    before = plan_rows()
    load_edition(test_edition_copy)
    assert Development.objects.filter(edition=plan.edition, slug="warmtenetten").exists()
    assert plan_rows() == before


# (c) a budget figure changes ----------------------------------------------------------


def test_changing_an_amount_is_refused(plan, test_edition_copy):
    path = test_edition_copy / "developments" / ENERGY
    replace_in(path, "amount: 5000", "amount: 6000")
    error = only_error(refused(test_edition_copy), ENERGY, "budget_lines[0].amount")
    assert error.line == line_number(path, "amount: 6000")
    assert "begrotingsregel 'dashboard-bouwen' gewijzigd van 5000 naar 6000" in error.message
    assert PLAN_NAMED in error.message


def test_changing_figures_of_a_line_without_own_figures_is_refused_too(plan, test_edition_copy):
    """Every line of a used development is part of the plan's figures, adjusted or not."""
    path = test_edition_copy / "developments" / ENERGY
    replace_in(path, "hours_per_week: 4", "hours_per_week: 6")
    replace_in(path, "category: licences", "category: hosting")
    errors = refused(test_edition_copy)
    hours = only_error(errors, ENERGY, "budget_lines[2].hours_per_week")
    assert "van 4 naar 6" in hours.message and hours.line == line_number(path, "hours_per_week: 6")
    category = only_error(errors, ENERGY, "budget_lines[1].category")
    assert "van licences naar hosting" in category.message


def test_switching_a_line_from_money_to_capacity_names_both_fields(plan, test_edition_copy):
    path = test_edition_copy / "developments" / ENERGY
    replace_in(path, "    amount: 5000\n", "    hours_per_week: 2\n    salary_scale: 8\n")
    errors = refused(test_edition_copy)
    assert "van 5000 naar (leeg)" in only_error(errors, ENERGY, "budget_lines[0].amount").message
    assert "van (leeg) naar 2" in only_error(errors, ENERGY, "budget_lines[0].hours_per_week").message
    assert "van (leeg) naar 8" in only_error(errors, ENERGY, "budget_lines[0].salary_scale").message


def test_the_same_figure_written_differently_is_no_change(plan, test_edition_copy):
    replace_in(test_edition_copy / "developments" / ENERGY, "amount: 5000", "amount: 5000.00")
    before = plan_rows()
    load_edition(test_edition_copy)
    assert plan_rows() == before


def test_adding_a_line_to_a_used_development_is_refused(plan, test_edition_copy):
    path = test_edition_copy / "developments" / ENERGY
    replace_in(
        path,
        "  - id: dashboard-licenties\n",
        "  - id: extra-opleiding\n    description: Opleiding dashboardgebruikers\n"
        "    kind: incidental\n    category: training\n    amount: 2000\n    driver: fixed\n    exponent: 0\n"
        '    provenance:\n      type: estimate\n      text: "Aanname redactie: twee dagdelen training."\n'
        "  - id: dashboard-licenties\n",
    )
    error = only_error(refused(test_edition_copy), ENERGY, "budget_lines[1]")
    assert error.line == line_number(path, "- id: extra-opleiding")
    assert "nieuwe begrotingsregel 'extra-opleiding'" in error.message and PLAN_NAMED in error.message


def test_changing_the_edition_assumptions_is_refused(plan, test_edition_copy):
    path = test_edition_copy / "edition.yaml"
    replace_in(path, "percent_per_year: 2.0", "percent_per_year: 3.5")
    replace_in(path, "  inhabitants: 50000", "  inhabitants: 60000")
    replace_in(path, "hours_per_fte: 36", "hours_per_fte: 38")
    errors = refused(test_edition_copy)
    price = only_error(errors, "edition.yaml", "indices.price.percent_per_year")
    assert price.line == line_number(path, "percent_per_year: 3.5")
    assert "uitgangspunt gewijzigd van 2 naar 3.5" in price.message and PLAN_NAMED in price.message
    assert "van 50000 naar 60000" in only_error(errors, "edition.yaml", "reference_municipality.inhabitants").message
    assert "van 36 naar 38" in only_error(errors, "edition.yaml", "hours_per_fte").message


# (d) a development file is removed ------------------------------------------------------


def test_removing_a_used_development_is_refused(plan, test_edition_copy):
    remove_development(test_edition_copy, "archief-op-orde")
    error = only_error(refused(test_edition_copy), "archief-op-orde.md", "id")
    assert "ontwikkeling 'archief-op-orde' is verwijderd" in error.message
    assert PLAN_NAMED in error.message and error.message.endswith(HINT)


def test_many_plans_are_counted_after_the_first_few(plan, test_edition_copy, editor):
    for i in range(4):
        make_plan(plan.edition, OrganisationFactory(name=f"Gemeente {i}"), editor, title=f"Plan {i}")
    replace_in(test_edition_copy / "developments" / ENERGY, "amount: 5000", "amount: 6000")
    error = only_error(refused(test_edition_copy), ENERGY, "budget_lines[0].amount")
    assert (
        "gebruikt door plan 'Digitale agenda 2027' van Gemeente Voorbeeld, plan 'Plan 0' van Gemeente 0, "
        "plan 'Plan 1' van Gemeente 1 en 2 andere" in error.message
    )


def test_the_check_takes_a_few_queries_not_one_per_line(plan, test_edition_copy, django_assert_max_num_queries):
    replace_in(test_edition_copy / "developments" / ENERGY, "amount: 5000", "amount: 6000")
    from modelgemeente.catalog.content_files import read_edition

    content = read_edition(test_edition_copy)
    with django_assert_max_num_queries(8):
        errors = loader._plan_conflicts(plan.edition, content)
    assert len(errors) == 1


# (e) without plans the same changes load as before ------------------------------------


def test_without_plans_lines_and_developments_can_still_be_removed(loaded, test_edition_copy):
    remove_line(test_edition_copy / "developments" / ENERGY, "dashboard-bouwen", "dashboard-licenties")
    replace_in(test_edition_copy / "developments" / ENERGY, "amount: 3000", "amount: 3500")
    remove_development(test_edition_copy, "archief-op-orde")
    load_edition(test_edition_copy)
    dev = Development.objects.get(edition=loaded, slug="energiedashboard")
    assert not dev.budget_lines.filter(slug="dashboard-bouwen").exists()
    assert dev.budget_lines.get(slug="dashboard-licenties").amount == Decimal("3500")
    assert not Development.objects.filter(slug="archief-op-orde").exists()


# The safety net and the command ----------------------------------------------------------


def test_a_protected_row_that_escapes_the_check_is_refused_not_crashed_on(plan, test_edition_copy, monkeypatch):
    """Should the check miss a use (say a plan created at the same moment), PROTECT still holds, as an error."""
    monkeypatch.setattr(loader, "_plan_conflicts", lambda edition, content: [])
    remove_line(test_edition_copy / "developments" / ENERGY, "dashboard-bouwen", "dashboard-licenties")
    error = only_error(refused(test_edition_copy), ENERGY, "id")
    assert "begrotingsregel 'dashboard-bouwen' kan niet worden verwijderd" in error.message
    assert "aanpassingen van regels" in error.message


def test_command_prints_the_refusal_and_changes_nothing(plan, test_edition_copy, capsys):
    path = test_edition_copy / "developments" / ENERGY
    remove_line(path, "dashboard-bouwen", "dashboard-licenties")
    before, counts = plan_rows(), catalogue()
    with pytest.raises(CommandError, match="Editie niet geladen: 1 fout.*De database is niet gewijzigd"):
        call_command("load_edition", str(test_edition_copy))
    err = capsys.readouterr().err
    assert (
        f"developments/{ENERGY}:{line_number(path, 'budget_lines:')}: budget_lines: "
        "begrotingsregel 'dashboard-bouwen' is verwijderd" in err
    )
    assert PLAN_NAMED in err and HINT in err
    assert plan_rows() == before and catalogue() == counts
