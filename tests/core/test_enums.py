"""Enums and their labels are defined once (core/enums.py): the models' choices, the engine's values,
the exports' labels, the explanation words and the profile names all come from the same classes."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.text import capfirst

from modelgemeente.budget import engine
from modelgemeente.catalog.models import BudgetLine, Development
from modelgemeente.catalog.templatetags.nl_format import engine_words
from modelgemeente.core import enums
from modelgemeente.core.enums import CapacityType, Category, Driver, LineKind, Priority, ProvenanceType, Role
from modelgemeente.exports.report import build_report
from modelgemeente.plans import profile
from modelgemeente.plans.models import ExtraLine, Invitation, Membership, PlanDevelopment

SRC = Path(__file__).resolve().parents[2] / "src" / "modelgemeente"


def test_the_models_alias_the_one_enum_of_each_kind():
    assert BudgetLine.Kind is LineKind
    assert BudgetLine.Category is Category
    assert BudgetLine.Driver is Driver
    assert BudgetLine.ProvenanceType is ProvenanceType
    assert Development.CapacityType is PlanDevelopment.CapacityType is CapacityType


@pytest.mark.parametrize(
    "model, field, enum",
    [
        (BudgetLine, "kind", LineKind),
        (BudgetLine, "category", Category),
        (BudgetLine, "driver", Driver),
        (BudgetLine, "provenance_type", ProvenanceType),
        (ExtraLine, "kind", LineKind),
        (ExtraLine, "category", Category),
        (Development, "capacity_type", CapacityType),
        (PlanDevelopment, "capacity_type", CapacityType),
        (PlanDevelopment, "priority", Priority),
        (Membership, "role", Role),
        (Invitation, "role", Role),
    ],
)
def test_model_fields_take_their_choices_from_the_enum(model, field, enum):
    assert model._meta.get_field(field).choices == enum.choices


def test_line_kinds_and_drivers_are_the_values_the_engine_accepts():
    assert tuple(LineKind.values) == engine.KINDS
    assert tuple(Driver.values) == engine.DRIVERS
    assert tuple(d for d in Driver.values if d != Driver.FIXED) == engine.SCALING_DRIVERS
    # and the engine computes a line of every kind with every driver
    lines = tuple(
        engine.Line(
            key=f"d/{kind}-{driver}",
            development="d",
            domain="x",
            description="regel",
            kind=kind,
            category=Category.OTHER,
            driver=driver,
            exponent=Decimal(0) if driver == Driver.FIXED else Decimal(1),
            amount=Decimal(1000),
        )
        for kind in LineKind
        for driver in Driver
    )
    size = engine.Profile(100, 10, 2)
    assumptions = engine.Assumptions(2026, Decimal(36), {}, Decimal(0), Decimal(0))
    result = engine.compute(engine.Scenario(lines, size, size, {"d": 2026}, (2026,), assumptions))
    assert len(result.cells) == len(LineKind) * len(Driver)


def test_the_engines_dutch_driver_words_are_the_driver_labels_in_dutch():
    """The engine cannot import Django, so it keeps its Dutch words; they must equal the enum's labels."""
    with translation.override("nl"):
        assert {d: str(Driver(d).label) for d in engine.SCALING_DRIVERS} == engine.DRIVER_NL


@pytest.mark.parametrize("language", ["nl", "en"])
def test_explanation_words_and_profile_names_are_the_driver_labels(language):
    with translation.override(language):
        labels = {d: str(Driver(d).label) for d in engine.SCALING_DRIVERS}
        assert engine_words().drivers == labels
        assert {name: str(label) for name, label in profile.NAMES.items()} == labels
    if language == "en":
        assert labels["inhabitants"] == "residents"


def _report_with_every_category_and_kind():
    lines = tuple(
        engine.Line(
            key=f"d/{category}-{kind}",
            development="d",
            domain="x",
            description="regel",
            kind=kind,
            category=category,
            driver=Driver.FIXED,
            exponent=Decimal(0),
            amount=Decimal(100),
        )
        for category in Category
        for kind in LineKind
    )
    size = engine.Profile(100, 10, 2)
    assumptions = engine.Assumptions(2026, Decimal(36), {}, Decimal(0), Decimal(0))
    result = engine.compute(engine.Scenario(lines, size, size, {"d": 2026}, (2026,), assumptions))
    return build_report(
        result,
        title="t",
        subtitle="s",
        line_meta={},
        development_meta={"d": {"title": "D"}},
        domain_meta={"x": {"name": "X"}},
        salary=[],
        salary_source="",
        assumptions=[],
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_category_and_kind_has_its_enum_label_in_the_report(language):
    with translation.override(language):
        report = _report_with_every_category_and_kind()
        assert [row.key for row in report.by_category] == list(Category.values)
        assert [row.label for row in report.by_category] == [str(capfirst(c.label)) for c in Category]
        assert [row.key for row in report.summary] == [*LineKind.values, "total"]
        assert [row.label for row in report.summary[:2]] == [str(capfirst(k.label)) for k in LineKind]
        line = report.lines[0]
        assert (line.kind_label, line.category_label, line.driver_label) == (
            str(LineKind(line.kind).label),
            str(Category(line.category).label),
            str(Driver.FIXED.label),
        )
    if language == "nl":
        assert report.summary[0].label == "Incidenteel" and report.by_category[1].label == "Licenties en SaaS"
    else:
        assert report.summary[0].label == "One-off" and report.by_category[0].label == "Staff"


# The labels no module may spell out again: they belong to core/enums.py (migrations keep their copy).
SPELLED_ONCE = (LineKind, Category, CapacityType, Priority, Role)


def test_no_module_spells_out_an_enum_label_again():
    with translation.override("nl"):
        labels = {text for enum in SPELLED_ONCE for c in enum for text in (str(c.label), str(capfirst(c.label)))}
    labels.add(str(Driver.FIXED.label))
    found = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path == Path(enums.__file__):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in labels:
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {node.value!r}")
    assert found == []


def test_no_other_module_defines_these_enums():
    """One TextChoices per concept: a class of the same name elsewhere would be a second definition."""
    names = {"LineKind", "Category", "Driver", "ProvenanceType", "CapacityType", "Priority", "Role"}
    found = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path == Path(enums.__file__):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name in names:
                found.append(f"{path.relative_to(SRC)}:{node.lineno} class {node.name}")
    assert found == []
