"""The history stores facts (object, field, old, new) and shows them in the reader's language; the
migration reads the Dutch lines of older records back into facts, and keeps what it cannot read.

On the synthetic edition with the shared `plan` fixture (12.500 inhabitants, 2091-2094)."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from modelgemeente.catalog.models import Development
from modelgemeente.plans import services
from modelgemeente.plans.changes import StaleVersion, headline, lines
from modelgemeente.plans.models import ExtraLine, PlanChange

from ..factories import line as budget_line
from .test_editing import DASHBOARD, url

pytestmark = pytest.mark.django_db

migration = importlib.import_module("modelgemeente.plans.migrations.0005_change_details_as_facts")


def beheer_line(plan):
    """energiedashboard's capacity line: 4 h a week at scale 10."""
    return budget_line(plan.edition, f"{DASHBOARD}/dashboard-beheer")


# Services write facts ------------------------------------------------------------------------------


def test_saving_choices_records_facts_and_refuses_a_stale_version(plan, editor):
    change = services.save_choices(
        plan, editor, plan.version, {DASHBOARD: {"start_year": 2093, "motivation": "Na de website"}}
    )
    development = Development.objects.get(edition=plan.edition, slug=DASHBOARD)
    obj = {"kind": "development", "key": DASHBOARD, "label": development.title}
    assert change.kind == "choices" and change.version == 2
    assert change.details == [
        {"object": obj, "field": "start_year", "old": 2091, "new": 2093},
        {"object": obj, "field": "motivation", "old": "", "new": "Na de website"},
    ]
    with pytest.raises(StaleVersion):
        services.save_choices(plan, editor, 1, {DASHBOARD: {"start_year": 2092}})
    assert services.save_choices(plan, editor, 2, {DASHBOARD: {"start_year": 2093}}) is None  # no change


def test_line_adjustments_and_own_lines_record_facts(plan, editor):
    line = beheer_line(plan)
    change = services.save_line_adjustments(
        plan, editor, plan.version, line.development, {line.slug: {"own": Decimal("16.5"), "reason": "Halve rol"}}
    )
    obj = {
        "kind": "budget_line",
        "key": f"{DASHBOARD}/{line.slug}",
        "label": line.description,
        "within": line.development.title,
    }
    assert change.details == [
        {"object": obj, "field": "hours_per_week", "old": None, "new": "16.5"},
        {"object": obj, "field": "reason", "old": "", "new": "Halve rol"},
    ]
    values = {
        "description": "Klantpanel",
        "kind": "structural",
        "category": "advice",
        "amount": Decimal("2400.00"),
        "price_year": 2091,
        "hours_per_week": None,
        "salary_scale": None,
        "offset": 0,
        "spread": 1,
        "reason": "Vier sessies per jaar",
    }
    extra = services.add_extra_line(plan, editor, line.development, values)
    added = plan.changes.first()
    assert added.kind == "extra_added" and added.details[0]["object"]["key"] == extra.pk
    assert added.details[0]["values"]["amount"] == "2400"
    snapshot = {name: added.details[0]["values"][name] for name in services.EXTRA_FIELDS}
    with pytest.raises(services.ExtraLineChanged):
        services.update_extra_line(plan, editor, extra, {"amount": Decimal(3000)}, expected=snapshot | {"amount": "1"})
    services.update_extra_line(plan, editor, extra, {"amount": Decimal(3000)}, expected=snapshot)
    services.delete_extra_line(plan, editor, ExtraLine.objects.get(pk=extra.pk))
    deleted = plan.changes.first()
    assert deleted.kind == "extra_deleted" and deleted.details[0]["values"]["amount"] == "3000"
    assert lines(deleted) == [f"{line.development.title}: Klantpanel"]


# Rendered in the reader's language ----------------------------------------------------------------


def test_history_page_in_dutch_and_in_english(client, plan, editor):
    services.save_choices(plan, editor, plan.version, {DASHBOARD: {"start_year": 2093, "included": False}})
    services.save_plan_settings(plan, editor, 2, {"inhabitants": 31000, "salary_overrides": {"10": "90000"}})
    client.force_login(editor)
    dutch = client.get(url(plan, "historie/")).content.decode()
    assert "Keuzes voor ontwikkelingen gewijzigd" in dutch
    assert "startjaar: 2091 → 2093" in dutch and "opnemen in plan: ja → nee" in dutch
    assert "inwoners: 12.500 → 31.000" in dutch and "schaal 10: €\u00a090.000" in dutch
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url(plan, "historie/")).content.decode()
    assert "Choices for developments changed" in english
    assert "start year: 2091 → 2093" in english and "include in plan: yes → no" in english
    assert "Plan created" in english and "startjaar" not in english


def test_rendering_follows_the_active_language(plan, editor):
    line = beheer_line(plan)
    change = services.save_line_adjustments(
        plan, editor, plan.version, line.development, {line.slug: {"own": Decimal("16.5"), "reason": "Halve rol"}}
    )
    prefix = f"{line.development.title}, {line.description}"
    with translation.override("nl"):
        assert lines(change) == [
            f"{prefix}, eigen uren per week: (leeg) → 16,5",
            f"{prefix}, reden: (leeg) → Halve rol",
        ]
        assert headline(change) == f"Regels van {line.development.title} aangepast"
    with translation.override("en"):
        assert lines(change)[0] == f"{prefix}, own hours per week: (empty) → 16,5"
        assert headline(change) == f"Lines of {line.development.title} adjusted"


# The migration of old records --------------------------------------------------------------------


def old_change(plan, version, summary, details):
    return PlanChange.objects.create(plan=plan, version=version, summary=summary, details=details)


def test_migration_reads_old_lines_into_facts_and_keeps_what_it_cannot_read(plan, editor):
    development = Development.objects.get(edition=plan.edition, slug=DASHBOARD)
    title, line = development.title, beheer_line(plan)
    extra = ExtraLine.objects.create(
        plan=plan, development=development, description="Klantpanel", kind="structural", category="advice",
        amount=Decimal(3000), price_year=2091, reason="Vier sessies",
    )  # fmt: skip
    PlanChange.objects.filter(plan=plan).delete()
    old = [
        ("Plan aangemaakt", [f"Editie {plan.edition.title}, 12.500 inwoners, 2091-2094"]),
        (
            "Keuzes voor ontwikkelingen gewijzigd",
            [
                f"{title}, startjaar: 2091 → 2093",
                f"{title}, opnemen in plan: ja → nee",
                f"{title}, prioriteit: should have → must have",
                f"{title}, motivering: (leeg) → Eerst A → dan B",  # two arrows: not readable for sure
            ],
        ),
        (
            "Uitgangspunten gewijzigd",
            ["inwoners: 12.500 → 31.000", "eigen kosten per fte per schaal: {} → {'10': '90000'}"],
        ),
        (
            f"Regels van {title} aangepast",
            [f"{title}, {line.description}: model → eigen 16,5 uur per week (reden: Halve rol, rest in team)"],
        ),
        ("Eigen regel toegevoegd", [f"{title}: Klantpanel (structureel) – Vier sessies"]),
        ("Eigen regel gewijzigd: Klantpanel", [f"{title}, Klantpanel, bedrag (euro): 2.400 → 3.000"]),
        ("Eigen regel verwijderd", [f"{title}: Oud panel"]),
        ("Iets uit een oudere versie", ["vrije tekst die niemand kan lezen"]),
    ]
    for version, (summary, details) in enumerate(old, start=1):
        old_change(plan, version, summary, details)

    migration.convert(apps, None)

    changes = list(plan.changes.order_by("version"))
    # Nothing lost: one record per old line, two for the line adjustment (its figure and its reason).
    assert [len(c.details) for c in changes] == [1, 4, 2, 2, 1, 1, 1, 1]
    assert [c.summary for c in changes] == [summary for summary, _details in old]  # kept as it was
    assert [c.kind for c in changes] == [
        "created", "choices", "settings", "lines", "extra_added", "extra_changed", "extra_deleted", "",
    ]  # fmt: skip
    created, choices, settings_, adjusted, added, edited, deleted, unknown = changes
    assert created.details[0]["values"] == {
        "edition": plan.edition.title,
        "inhabitants": 12500,
        "start_year": 2091,
        "horizon": 4,
    }
    obj = {"kind": "development", "key": DASHBOARD, "label": title}
    assert choices.details[:3] == [
        {"object": obj, "field": "start_year", "old": 2091, "new": 2093},
        {"object": obj, "field": "included", "old": True, "new": False},
        {"object": obj, "field": "priority", "old": "should", "new": "must"},
    ]
    assert choices.details[3] == {"text": f"{title}, motivering: (leeg) → Eerst A → dan B"}
    assert settings_.details == [
        {"object": {"kind": "plan"}, "field": "inhabitants", "old": 12500, "new": 31000},
        {"object": {"kind": "plan"}, "field": "salary_overrides", "old": {}, "new": {"10": "90000"}},
    ]
    line_obj = {"kind": "budget_line", "key": f"{DASHBOARD}/{line.slug}", "label": line.description, "within": title}
    assert adjusted.details == [
        {"object": line_obj, "field": "hours_per_week", "old": None, "new": "16.5"},
        {"object": line_obj, "field": "reason", "new": "Halve rol, rest in team"},  # the old reason was never written
    ]
    extra_obj = {"kind": "extra_line", "key": extra.pk, "label": "Klantpanel", "within": title}
    assert added.details == [
        {
            "object": extra_obj,
            "action": "added",
            "values": {"description": "Klantpanel", "kind": "structural", "reason": "Vier sessies"},
        }
    ]
    assert edited.details == [{"object": extra_obj, "field": "amount", "old": "2400", "new": "3000"}]
    assert deleted.details[0]["action"] == "deleted" and deleted.details[0]["object"]["label"] == "Oud panel"
    assert unknown.details == [{"text": "vrije tekst die niemand kan lezen"}]

    # Rendered in Dutch, every old line reads as it did (the reason of a line adjustment apart).
    with translation.override("nl"):
        rendered = [text for change in changes for text in lines(change)]
        assert [headline(c) for c in changes] == [summary for summary, _details in old]
    for summary, details in old:
        for text in details:
            if summary.startswith("Regels van") or text.startswith("eigen kosten"):
                continue  # shown in the new, clearer form below
            assert text in rendered, text
    assert "eigen kosten per fte per schaal: (leeg) → schaal 10: €\u00a090.000" in rendered
    assert f"{title}, {line.description}, eigen uren per week: (leeg) → 16,5" in rendered
    assert f"{title}, {line.description}, reden: Halve rol, rest in team" in rendered

    # Running it again changes nothing.
    before = [c.details for c in changes]
    migration.convert(apps, None)
    assert [c.details for c in plan.changes.order_by("version")] == before
