"""Loading changed files never changes a plan (issue 9, "a plan never loses work").

A plan is pinned to a published release, and a published release never changes: loading files writes
only the year's concept (catalog/loader.py). So whatever the files change (an amount, a line, a
development, the edition's assumptions), the published release and every plan on it keep exactly their
rows and their euro totals; the change waits in the concept until the editors publish it. Loading files
equal to the published release loads nothing, an archived year takes nothing, and the foreign keys from
plan data to catalogue rows (PROTECT) remain a safety net that refuses a load instead of crashing.

On a writable copy of the synthetic edition (tests/data/editions/2090), with plans from tests/factories.py.
"""

import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from modelgemeente.catalog.budget_input import model_budget
from modelgemeente.catalog.content_files import ContentErrors
from modelgemeente.catalog.loader import NEW_RELEASE_HINT, load_edition
from modelgemeente.catalog.models import BudgetLine, Development, Domain, Edition, EditionStatus, Law, Opgave
from modelgemeente.catalog.services import publish_release
from modelgemeente.plans.budget import PlanInput, plan_result
from modelgemeente.plans.models import ExtraLine, LineAdjustment, Plan, PlanChange, PlanDevelopment
from tests.catalog.test_loader import line_number, replace_in
from tests.factories import (
    ExtraLineFactory,
    LineAdjustmentFactory,
    OrganisationFactory,
    PlanFactory,
    development,
    line,
    load_published,
)

pytestmark = pytest.mark.django_db

ENERGY = "energiedashboard.md"


def make_plan(edition, org, user, title="Digitale agenda 2027"):
    """A plan as plans/plan_views.py creates it: a choice for every development of the edition."""
    return PlanFactory(edition=edition, organisation=org, created_by=user, title=title)


def with_own_figures(plan):
    """An own amount, an excluded line and an own extra line, all under 'energiedashboard'."""
    edition = plan.edition
    LineAdjustmentFactory(
        plan=plan,
        budget_line=line(edition, "energiedashboard/dashboard-bouwen"),
        amount=Decimal("7500"),
        price_year=2091,
    )
    LineAdjustmentFactory(
        plan=plan, budget_line=line(edition, "energiedashboard/dashboard-licenties"), excluded=True, amount=None
    )
    ExtraLineFactory(plan=plan, development=development(edition, "energiedashboard"))
    return plan


@pytest.fixture
def release(test_edition_copy, db):
    """The synthetic edition, loaded from a writable copy of its files and published as release 2090.1."""
    return load_published(test_edition_copy)


@pytest.fixture
def plan(release, org, editor):
    """A plan on release 2090.1 with own figures under 'energiedashboard'."""
    return with_own_figures(make_plan(release, org, editor))


def plan_rows():
    """Every plan row a load could disturb."""
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


def release_rows(edition):
    """Every row of one release (or concept) that a plan computes with or a page shows."""
    lines = BudgetLine.objects.filter(development__edition=edition).order_by("pk")
    return {
        "edition": list(
            Edition.objects.filter(pk=edition.pk).values_list(
                "year",
                "number",
                "status",
                "content_hash",
                "loaded_at",
                "published_on",
                "release_notes",
                "reference_inhabitants",
                "hours_per_fte",
                "wage_index_percent",
                "price_index_percent",
            )
        ),
        "domains": list(edition.domains.order_by("pk").values_list("pk", "slug", "name")),
        "opgaven": list(edition.opgaven.order_by("pk").values_list("pk", "slug", "name")),
        "laws": list(edition.laws.order_by("pk").values_list("pk", "slug", "status")),
        "developments": list(
            edition.developments.order_by("pk").values_list("pk", "slug", "title", "summary", "body_markdown")
        ),
        "lines": list(
            lines.values_list(
                "pk", "slug", "description", "amount", "hours_per_week", "salary_scale", "kind", "category", "driver"
            )
        ),
    }


def catalogue():
    """Row counts of the whole catalogue and every edition row."""
    return {
        "counts": [m.objects.count() for m in (Edition, Domain, Opgave, Law, Development, BudgetLine)],
        "editions": list(Edition.objects.order_by("pk").values_list("pk", "year", "number", "content_hash")),
    }


def plan_totals(plan) -> dict[int, Decimal]:
    """The plan's budget per year, in euros, as its pages and exports compute it."""
    plan = Plan.objects.get(pk=plan.pk)
    return plan_result(PlanInput.load(plan)).per_year()


def model_totals(edition) -> dict[int, Decimal]:
    """The model municipality's budget per year of a release, as the catalogue's budget page computes it."""
    return model_budget(Edition.objects.get(pk=edition.pk)).result.per_year()


class Unchanged:
    """Records the published release, the plans and their totals; `check()` proves none of it changed."""

    def __init__(self, release, *plans):
        self.release, self.plans = release, plans
        self.rows, self.release_rows = plan_rows(), release_rows(release)
        self.totals = [plan_totals(p) for p in plans]
        self.model = model_totals(release)

    def check(self):
        assert plan_rows() == self.rows
        assert release_rows(self.release) == self.release_rows
        assert [plan_totals(p) for p in self.plans] == self.totals
        assert model_totals(self.release) == self.model
        for plan in self.plans:
            assert Plan.objects.get(pk=plan.pk).edition_id == self.release.pk


def loaded_concept(folder, release):
    """Load the folder; it goes into a new concept of the release's year, next to the release."""
    result = load_edition(folder)
    assert result.same_as is None
    assert result.created and result.changed
    concept = result.edition
    assert concept.pk != release.pk
    assert concept.year == release.year and concept.number is None and not concept.is_published
    assert concept.status == EditionStatus.CONCEPT
    assert result.published == release
    assert Edition.objects.filter(year=release.year).count() == 2
    return concept


def remove_line(path, line_id, next_id):
    text = path.read_text(encoding="utf-8")
    start, end = text.index(f"  - id: {line_id}\n"), text.index(f"  - id: {next_id}\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")


def remove_development(folder, slug):
    (folder / "developments" / f"{slug}.md").unlink()
    for other in folder.glob("developments/*.md"):  # drop references to the removed file
        other.write_text(re.sub(rf"\b{slug},? ?", "", other.read_text()).replace(", ]", "]"))


def the_totals_are_euros(plan):
    """A sanity check that the totals compared are real figures, not empty."""
    totals = plan_totals(plan)
    assert list(totals) == [2091, 2092, 2093, 2094]
    assert all(amount > 0 for amount in totals.values())


# Changed files go into a concept; the release and its plans keep their figures ----------------------


def test_changing_an_amount_makes_a_concept_and_the_plan_keeps_its_totals(plan, release, test_edition_copy):
    the_totals_are_euros(plan)
    unchanged = Unchanged(release, plan)
    replace_in(test_edition_copy / "developments" / ENERGY, "amount: 5000", "amount: 6000")
    concept = loaded_concept(test_edition_copy, release)
    unchanged.check()
    assert line(release, "energiedashboard/dashboard-bouwen").amount == Decimal("5000")
    assert line(concept, "energiedashboard/dashboard-bouwen").amount == Decimal("6000")
    # The concept computes with the new figure: € 1.000 more in the first year of the model, nothing else.
    before, after = model_totals(release), model_totals(concept)
    assert after[2090] - before[2090] == Decimal("1000")
    assert {year: after[year] - before[year] for year in (2091, 2092, 2093)} == {2091: 0, 2092: 0, 2093: 0}


def test_removing_a_line_a_plan_adjusted_leaves_the_plan_and_its_line_alone(plan, release, test_edition_copy):
    unchanged = Unchanged(release, plan)
    remove_line(test_edition_copy / "developments" / ENERGY, "dashboard-bouwen", "dashboard-licenties")
    concept = loaded_concept(test_edition_copy, release)
    unchanged.check()
    assert not BudgetLine.objects.filter(development__edition=concept, slug="dashboard-bouwen").exists()
    adjusted = plan.adjustments.get(amount=Decimal("7500")).budget_line
    assert adjusted.slug == "dashboard-bouwen" and adjusted.development.edition == release


def test_removing_a_development_a_plan_uses_leaves_the_plan_alone(plan, release, test_edition_copy):
    assert plan.choices.filter(development__slug="archief-op-orde", included=True).exists()
    unchanged = Unchanged(release, plan)
    remove_development(test_edition_copy, "archief-op-orde")
    concept = loaded_concept(test_edition_copy, release)
    unchanged.check()
    assert not concept.developments.filter(slug="archief-op-orde").exists()
    assert release.developments.filter(slug="archief-op-orde").exists()
    assert concept.developments.count() == 5 and release.developments.count() == 6


def test_changing_the_edition_assumptions_leaves_the_release_and_the_plan_alone(plan, release, test_edition_copy):
    unchanged = Unchanged(release, plan)
    path = test_edition_copy / "edition.yaml"
    replace_in(path, "percent_per_year: 2.0", "percent_per_year: 3.5")
    replace_in(path, "  inhabitants: 50000", "  inhabitants: 60000")
    replace_in(path, "hours_per_fte: 36", "hours_per_fte: 38")
    concept = loaded_concept(test_edition_copy, release)
    unchanged.check()
    assert (concept.price_index_percent, concept.reference_inhabitants, concept.hours_per_fte) == (
        Decimal("3.5"),
        60000,
        Decimal("38"),
    )
    release.refresh_from_db()
    assert (release.price_index_percent, release.reference_inhabitants, release.hours_per_fte) == (
        Decimal("2"),
        50000,
        Decimal("36"),
    )
    assert model_totals(concept) != model_totals(release)


def test_text_changes_and_a_new_development_go_into_the_concept_only(plan, release, test_edition_copy):
    unchanged = Unchanged(release, plan)
    path = test_edition_copy / "developments" / ENERGY
    replace_in(path, "title: Energiedashboard", "title: Energiedashboard zichtbaar")
    replace_in(path, "description: Dashboard bouwen", "description: Dashboard ontwikkelen")
    replace_in(test_edition_copy / "edition.yaml", "  name: Testgemeente\n", "  name: De Testgemeente\n")
    (test_edition_copy / "developments" / "warmtenetten.md").write_text(
        path.read_text(encoding="utf-8").replace("id: energiedashboard\n", "id: warmtenetten\n"), encoding="utf-8"
    )
    concept = loaded_concept(test_edition_copy, release)
    unchanged.check()
    assert concept.developments.get(slug="energiedashboard").title == "Energiedashboard zichtbaar"
    assert concept.developments.filter(slug="warmtenetten").exists()
    assert concept.reference_name == "De Testgemeente"
    assert release.developments.get(slug="energiedashboard").title == "Energiedashboard"
    assert not release.developments.filter(slug="warmtenetten").exists()


def test_loading_again_updates_the_same_concept_and_still_not_the_release(plan, release, test_edition_copy):
    unchanged = Unchanged(release, plan)
    path = test_edition_copy / "developments" / ENERGY
    replace_in(path, "amount: 5000", "amount: 6000")
    concept = loaded_concept(test_edition_copy, release)
    replace_in(path, "amount: 6000", "amount: 6500")
    result = load_edition(test_edition_copy)
    assert result.edition.pk == concept.pk and not result.created and result.changed
    assert line(concept, "energiedashboard/dashboard-bouwen").amount == Decimal("6500")
    assert Edition.objects.filter(year=2090).count() == 2
    unchanged.check()


def test_every_plan_on_the_release_keeps_its_totals(plan, release, test_edition_copy):
    others = [make_plan(release, OrganisationFactory(name=f"Gemeente {i}"), None, title=f"Plan {i}") for i in range(3)]
    unchanged = Unchanged(release, plan, *others)
    replace_in(test_edition_copy / "developments" / ENERGY, "amount: 5000", "amount: 6000")
    remove_development(test_edition_copy, "archief-op-orde")
    loaded_concept(test_edition_copy, release)
    unchanged.check()


def test_the_plan_page_still_shows_the_release_it_is_pinned_to(plan, release, test_edition_copy, client, editor):
    replace_in(test_edition_copy / "developments" / ENERGY, "amount: 5000", "amount: 6000")
    loaded_concept(test_edition_copy, release)
    client.force_login(editor)
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    assert "2090.1" in response.content.decode()


# Identical files, and an archived year --------------------------------------------------------------


def test_loading_files_equal_to_the_release_loads_nothing(plan, release, test_edition_copy):
    unchanged, before = Unchanged(release, plan), catalogue()
    result = load_edition(test_edition_copy)
    assert result.same_as == release and result.edition == release
    assert not result.created and not result.changed
    assert (result.developments, result.budget_lines) == (6, 16)
    assert not Edition.objects.concepts().exists()
    assert catalogue() == before
    unchanged.check()


def test_an_archived_year_refuses_new_files_and_says_what_to_do(plan, release, test_edition_copy):
    archived = publish_release(2090, EditionStatus.ARCHIVED, notes="Editie 2090 gaat naar het archief.")
    assert archived.number == 2 and archived.status == EditionStatus.ARCHIVED
    assert not Edition.objects.concepts().exists()
    replace_in(test_edition_copy / "developments" / ENERGY, "amount: 5000", "amount: 6000")
    unchanged, before = Unchanged(release, plan), (catalogue(), release_rows(archived))
    with pytest.raises(ContentErrors) as exc:
        load_edition(test_edition_copy)
    [error] = exc.value.errors
    assert error.file.endswith("edition.yaml") and error.field == "year"
    assert error.line == line_number(test_edition_copy / "edition.yaml", "year:")
    assert "editie 2090 is gearchiveerd (release 2090.2) en krijgt geen nieuwe inhoud meer" in error.message
    assert "zet wijzigingen in de editie van een volgend jaar" in error.message
    assert (catalogue(), release_rows(archived)) == before
    unchanged.check()


def test_an_archived_year_refuses_identical_files_too(release, test_edition_copy):
    publish_release(2090, EditionStatus.ARCHIVED, notes="Archief.")
    before = catalogue()
    with pytest.raises(ContentErrors, match="gearchiveerd"):
        load_edition(test_edition_copy)
    assert catalogue() == before


# The safety net: PROTECT from plan data to catalogue rows ---------------------------------------------


@pytest.fixture
def plan_on_concept(release, test_edition_copy, org, editor):
    """A plan forced onto a concept, as no service would make it (create_plan only takes a published
    release): the factory builds it straight on the concept's rows."""
    replace_in(test_edition_copy / "developments" / ENERGY, "amount: 5000", "amount: 6000")
    concept = loaded_concept(test_edition_copy, release)
    return with_own_figures(make_plan(concept, org, editor, title="Plan op het concept"))


def refused(folder) -> ContentErrors:
    """The load is refused and neither the plans nor any release or concept changed."""
    editions = list(Edition.objects.order_by("pk"))
    plans_before, catalogue_before = plan_rows(), catalogue()
    rows_before = [release_rows(e) for e in editions]
    with pytest.raises(ContentErrors) as exc:
        load_edition(folder)
    assert plan_rows() == plans_before
    assert catalogue() == catalogue_before
    assert [release_rows(e) for e in editions] == rows_before
    return exc.value


def test_removing_a_concept_line_a_plan_row_points_at_is_refused_not_crashed_on(plan_on_concept, test_edition_copy):
    path = test_edition_copy / "developments" / ENERGY
    remove_line(path, "dashboard-bouwen", "dashboard-licenties")
    [error] = refused(test_edition_copy).errors
    assert error.file.endswith(ENERGY) and error.field == "id"
    assert "begrotingsregel 'dashboard-bouwen' kan niet worden verwijderd" in error.message
    assert "aanpassingen van regels" in error.message
    assert error.message.endswith(NEW_RELEASE_HINT)


def test_removing_a_concept_development_a_plan_uses_is_refused_not_crashed_on(plan_on_concept, test_edition_copy):
    remove_development(test_edition_copy, "archief-op-orde")
    [error] = refused(test_edition_copy).errors
    assert error.file.endswith("archief-op-orde.md") and error.field == "id"
    assert "ontwikkeling 'archief-op-orde' kan niet worden verwijderd" in error.message
    assert "keuzes voor ontwikkelingen" in error.message


def test_the_command_prints_the_refusal_and_changes_nothing(plan_on_concept, test_edition_copy, capsys):
    remove_line(test_edition_copy / "developments" / ENERGY, "dashboard-bouwen", "dashboard-licenties")
    before, rows = catalogue(), plan_rows()
    with pytest.raises(CommandError, match="Editie niet geladen: 1 fout.*De database is niet gewijzigd"):
        call_command("load_edition", str(test_edition_copy))
    err = capsys.readouterr().err
    assert f"developments/{ENERGY}" in err
    assert "begrotingsregel 'dashboard-bouwen' kan niet worden verwijderd" in err and NEW_RELEASE_HINT in err
    assert catalogue() == before and plan_rows() == rows


def test_without_plan_rows_on_the_concept_lines_and_developments_can_be_removed(release, test_edition_copy):
    path = test_edition_copy / "developments" / ENERGY
    replace_in(path, "amount: 5000", "amount: 6000")
    concept = loaded_concept(test_edition_copy, release)
    remove_line(path, "dashboard-bouwen", "dashboard-licenties")
    replace_in(path, "amount: 3000", "amount: 3500")
    remove_development(test_edition_copy, "archief-op-orde")
    load_edition(test_edition_copy)
    dev = concept.developments.get(slug="energiedashboard")
    assert not dev.budget_lines.filter(slug="dashboard-bouwen").exists()
    assert dev.budget_lines.get(slug="dashboard-licenties").amount == Decimal("3500")
    assert not concept.developments.filter(slug="archief-op-orde").exists()
    assert release.developments.filter(slug="archief-op-orde").exists()


# What the load_edition command says ----------------------------------------------------------------


def test_the_command_says_a_new_year_is_a_concept_for_the_editors(test_edition_copy, db, capsys):
    call_command("load_edition", str(test_edition_copy))
    out = capsys.readouterr().out
    assert "Concept 2090 nieuw geladen: 3 domeinen, 6 ontwikkelingen, 16 begrotingsregels" in out
    assert "Het concept is alleen zichtbaar voor de redactie" in out
    assert "/editie/2090/releases/" in out and "publish_release 2090 inhoud_vastgesteld" in out
    assert Edition.objects.get(year=2090).number is None


def test_the_command_says_the_published_release_stays_unchanged(plan, release, test_edition_copy, capsys):
    unchanged = Unchanged(release, plan)
    replace_in(test_edition_copy / "developments" / ENERGY, "amount: 5000", "amount: 6000")
    call_command("load_edition", str(test_edition_copy))
    out = capsys.readouterr().out
    assert "Concept 2090 nieuw geladen" in out
    assert "De gepubliceerde release 2090.1 blijft ongewijzigd" in out
    assert "correctie (met reden) of als de volgende status" in out
    call_command("load_edition", str(test_edition_copy))
    assert "Concept 2090 ongewijzigd" in capsys.readouterr().out
    unchanged.check()


def test_the_command_says_files_equal_to_the_release_are_not_loaded(plan, release, test_edition_copy, capsys):
    before = catalogue()
    call_command("load_edition", str(test_edition_copy))
    out = capsys.readouterr().out
    assert "de bestanden zijn gelijk aan de gepubliceerde release 2090.1; er is niets geladen" in out
    assert catalogue() == before


def test_the_command_refuses_an_archived_year(release, test_edition_copy, capsys):
    publish_release(2090, EditionStatus.ARCHIVED, notes="Archief.")
    with pytest.raises(CommandError, match="De database is niet gewijzigd"):
        call_command("load_edition", str(test_edition_copy))
    assert "editie 2090 is gearchiveerd" in capsys.readouterr().err
