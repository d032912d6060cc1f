"""CONTENT TESTS: the real editions in content/editions/*, not the code.

Every other unit and view test runs on the synthetic edition in tests/data/, so an editor who changes the
content can only break the tests in this directory (and the browser, LibreOffice and end-to-end tests,
which show the real edition). A failure here means: the content (or reference data) changed; check
whether that was meant, and update the seed figure below in the same change.

- every edition loads with the loader, ids are unique, every budget line has a provenance type and text;
- the seed facts of the 2026 edition are exact: the reference municipality, the three figures taken from
  the Modelgemeente source, the shipped salary table, and the model's totals per year.
"""

from collections import Counter
from decimal import Decimal

import pytest
import yaml

from modelgemeente.budget.engine import Assumptions, Line, Profile, Scenario, compute
from modelgemeente.budget.money import round_euro
from modelgemeente.budget.salary import derive_scale_costs
from modelgemeente.catalog.budget_input import model_budget, model_report
from modelgemeente.catalog.content_files import read_edition
from modelgemeente.catalog.loader import load_edition
from modelgemeente.catalog.models import BudgetLine

from ..conftest import REPO

EDITIONS = sorted(path for path in (REPO / "content" / "editions").iterdir() if (path / "edition.yaml").is_file())


def test_there_is_at_least_one_edition():
    assert [path.name for path in EDITIONS][:1] == ["2026"]


# Every edition ----------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", EDITIONS, ids=lambda path: path.name)
def test_edition_loads_with_the_loader(folder, db):
    result = load_edition(folder)
    assert result.edition.year == int(folder.name)
    assert result.edition.developments.count() == len(list((folder / "developments").rglob("*.md")))


@pytest.mark.parametrize("folder", EDITIONS, ids=lambda path: path.name)
def test_ids_are_unique(folder):
    content = read_edition(folder)
    for kind in ("domains", "opgaven", "laws"):
        ids = Counter(item["id"] for item in content.data[kind])
        assert not [i for i, n in ids.items() if n > 1], kind
    developments = Counter(dev.data["id"] for dev in content.developments)
    assert not [i for i, n in developments.items() if n > 1]
    for dev in content.developments:
        lines = Counter(line["id"] for line in dev.data["budget_lines"])
        assert not [i for i, n in lines.items() if n > 1], dev.data["id"]
        assert dev.file.endswith(f"/{dev.data['id']}.md"), "by convention the file is named after the id"


@pytest.mark.parametrize("folder", EDITIONS, ids=lambda path: path.name)
def test_every_budget_line_has_a_provenance_type_and_text(folder):
    for dev in read_edition(folder).developments:
        for line in dev.data["budget_lines"]:
            where = f"{dev.file}: {line['id']}"
            assert line["provenance"]["type"] in ("source", "estimate"), where
            text = line["provenance"]["text"].strip()
            assert len(text) > 40, where
            if line["provenance"]["type"] == "estimate":
                # docs/content-format.md, "Honesty of figures"
                assert text.startswith("Aanname redactie"), where


@pytest.mark.parametrize("folder", EDITIONS, ids=lambda path: path.name)
def test_every_development_has_text_and_lines(folder, db):
    edition = load_edition(folder).edition
    for dev in edition.developments.all():
        assert dev.budget_lines.exists(), dev.slug
        assert len(dev.body_markdown.split()) >= 200, dev.slug
        assert "<h2>Gevolgen voor de informatievoorziening</h2>" in dev.body_html, dev.slug


# The seed facts of the 2026 edition ----------------------------------------------------------------


@pytest.fixture
def edition_2026(edition):
    return edition


def test_2026_reference_municipality_domains_and_size(edition_2026):
    edition = edition_2026
    assert edition.year == 2026 and edition.base_price_year == 2026
    assert (edition.reference_inhabitants, edition.reference_employees, edition.reference_departments) == (
        100_000,
        1_000,
        40,
    )
    assert edition.hours_per_fte == 36 and edition.salary_table == "cao-gemeenten-2026"
    assert (edition.wage_index_percent, edition.price_index_percent) == (Decimal(3), Decimal("2.5"))
    assert set(edition.domains.values_list("slug", flat=True)) == {
        "algemeen",
        "bedrijfsvoering",
        "dienstverlening",
        "fysiek",
        "oov",
        "sociaal",
    }
    assert edition.developments.count() >= 37


def test_2026_the_three_seed_figures_are_exact_and_marked_as_source(edition_2026):
    lines = BudgetLine.objects.filter(development__edition=edition_2026)
    dashboard = lines.get(development__slug="energietransitie", description__icontains="dashboard", kind="incidental")
    assert dashboard.amount == Decimal("5000") and dashboard.provenance_type == "source"
    training = lines.get(
        development__slug="klantreizen-en-klanttevredenheid", category="training", provenance_type="source"
    )
    assert training.amount == Decimal("3000") and training.kind == "incidental"
    coordinator = lines.get(
        development__slug="klantreizen-en-klanttevredenheid", salary_scale=10, provenance_type="source"
    )
    assert coordinator.hours_per_week == Decimal("16") and coordinator.kind == "structural"
    assert lines.filter(provenance_type="source").count() == 3


def test_2026_every_other_figure_is_an_editorial_estimate(edition_2026):
    estimates = BudgetLine.objects.filter(development__edition=edition_2026, provenance_type="estimate")
    assert estimates.count() >= 60


def test_2026_salary_table_scale_10_and_the_seed_coordinator():
    """The shipped salary table (docs/budget-method.md): scale 10 costs € 101.741 per FTE per year, so the
    seed coordinator of 16 hours a week costs € 45.218 in 2026 and 3% more in 2027."""
    table = yaml.safe_load((REPO / "data/salary/cao-gemeenten-2026.yaml").read_text())
    costs = {s: c.annual_cost for s, c in derive_scale_costs(table).items()}
    # Scale 10 maximum 1 July 2020: 4,450 a month; increases in order:
    monthly = Decimal(4450) * Decimal("1.024") + 240
    monthly = monthly * Decimal("1.02") * Decimal("1.0475") * Decimal("1.0125") * Decimal("1.067") + 35
    annual = monthly * 12 * Decimal("1.1705") * Decimal("1.30")
    assert costs[10] == annual
    assert round_euro(annual) == Decimal(101_741)
    a = Assumptions(2026, Decimal(36), costs, Decimal(3), Decimal("2.5"))
    line = Line(
        "d/c",
        "d",
        "dienstverlening",
        "capaciteit",
        "structural",
        "personnel",
        "fixed",
        Decimal(0),
        hours_per_week=Decimal(16),
        salary_scale=10,
    )
    reference = Profile(100_000, 1_000, 40)
    result = compute(Scenario((line,), reference, reference, {"d": 2026}, (2026, 2027), a))
    y2026, y2027 = result.line_cells("d/c")
    assert y2026.amount == (Decimal(16) / 36 * annual).quantize(Decimal("1e-10"))  # € 45.218
    assert round_euro(y2026.amount) == Decimal(45_218)
    assert abs(y2027.amount - y2026.amount * Decimal("1.03")) < Decimal("1e-9")  # wage index
    assert y2026.fte == Decimal(16) / 36
    assert "16 uur/week ÷ 36 uur/fte × €\xa0101.741 per fte (schaal 10)" in y2026.explanation
    assert y2026.explanation.endswith("= €\xa045.218 per jaar in 2026")
    assert "loonindex (1 + 3%)^1" in y2027.explanation


def test_2026_model_totals_per_year_to_the_euro(edition_2026):
    """The model municipality's ICT budget, every development starting in 2026 (the budget page and its
    downloads). A change here changes what every user of the edition sees: only through a new edition."""
    result = model_budget(edition_2026).result
    assert {year: round_euro(amount) for year, amount in result.per_year().items()} == {
        2026: Decimal(3_061_542),
        2027: Decimal(2_948_390),
        2028: Decimal(2_063_730),
        2029: Decimal(1_971_038),
    }
    by_development = {row.key: round_euro(row.total) for row in model_report(edition_2026).by_development}
    assert by_development["klantreizen-en-klanttevredenheid"] == Decimal(338_503)
    assert by_development["energietransitie"] == Decimal(64_752)
