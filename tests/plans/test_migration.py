"""Moving a plan to another release (issue 13, part 4): the preview, migrate_plan, the page, read-only old plans.

The second release is the synthetic edition (tests/data/editions/2090) with, in a copy of its folder:
digitaal-loket/loket-bouwen € 40.000 → € 50.000 and loket-licenties removed; klantcontact/klantreis-advies
9 → 12 hours; informatiebeveiliging/scanners € 12.000 → € 15.000; archief-op-orde removed; a new
development `nieuw-dashboard` in domain ruimte. Published as release 2090.2.
"""

import re
from decimal import Decimal

import pytest

from modelgemeente.catalog.models import Edition
from modelgemeente.plans import migration, services
from modelgemeente.plans.budget import PlanInput, plan_result
from modelgemeente.plans.changes import StaleVersion, SupersededPlan
from modelgemeente.plans.models import ChangeKind, ExtraLine, LineAdjustment, Plan, Priority

from ..factories import ExtraLineFactory, LineAdjustmentFactory, choice, line, load_published

URL = "/organisaties/{org}/plannen/{pk}/naar-release/"


def edit(folder, name, old, new):
    path = folder / "developments" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def second_release(test_edition, test_edition_copy) -> Edition:
    folder = test_edition_copy
    edit(folder, "digitaal-loket.md", "amount: 40000", "amount: 50000")
    text = (folder / "developments" / "digitaal-loket.md").read_text(encoding="utf-8")
    start = text.index("  - id: loket-licenties")
    end = text.index("  - id: loket-beheer")
    (folder / "developments" / "digitaal-loket.md").write_text(text[:start] + text[end:], encoding="utf-8")
    edit(folder, "klantcontact.md", "hours_per_week: 9", "hours_per_week: 12")
    edit(folder, "informatiebeveiliging.md", "amount: 12000", "amount: 15000")
    (folder / "developments" / "archief-op-orde.md").unlink()
    new = (folder / "developments" / "energiedashboard.md").read_text(encoding="utf-8")
    new = new.replace("id: energiedashboard", "id: nieuw-dashboard", 1).replace(
        "title: Energiedashboard", "title: Nieuw dashboard", 1
    )
    new = new.replace("order: 2", "order: 3", 1).replace("related: [omgevingsdata]", "related: []", 1)
    (folder / "developments" / "nieuw-dashboard.md").write_text(new, encoding="utf-8")
    release = load_published(folder)
    assert release.release_id == "2090.2"
    return release


@pytest.fixture
def own_plan(plan, editor):
    """The plan with every kind of own figure."""
    edition = plan.edition
    Plan.objects.filter(pk=plan.pk).update(
        hours_per_fte=Decimal("38"),
        wage_index_percent=Decimal("3.5"),
        price_index_percent=Decimal("1.5"),
        salary_overrides={"10": "95000"},
        assumptions_note="Eigen cao-afspraken.",
    )
    plan.refresh_from_db()
    own = {
        "loket-bouwen": LineAdjustmentFactory(
            plan=plan, budget_line=line(edition, "digitaal-loket/loket-bouwen"), amount=Decimal("44000")
        ),
        "loket-licenties": LineAdjustmentFactory(
            plan=plan,
            budget_line=line(edition, "digitaal-loket/loket-licenties"),
            amount=Decimal("7000"),
            price_year=2092,
            reason="Contract met de leverancier.",
        ),
        "klantreis-advies": LineAdjustmentFactory(
            plan=plan,
            budget_line=line(edition, "klantcontact/klantreis-advies"),
            amount=None,
            hours_per_week=Decimal("6"),
            reason="Minder advies nodig.",
        ),
        "security-officer": LineAdjustmentFactory(
            plan=plan,
            budget_line=line(edition, "informatiebeveiliging/security-officer"),
            amount=None,
            hours_per_week=Decimal("18"),
            reason="Gedeelde functionaris.",
        ),
        "scanners": LineAdjustmentFactory(
            plan=plan,
            budget_line=line(edition, "informatiebeveiliging/scanners"),
            amount=None,
            excluded=True,
            reason="Hebben we al.",
        ),
        "archief-diversen": LineAdjustmentFactory(
            plan=plan,
            budget_line=line(edition, "archief-op-orde/archief-diversen"),
            amount=None,
            excluded=True,
            reason="Niet nodig.",
        ),
        "archief-migratie": LineAdjustmentFactory(
            plan=plan,
            budget_line=line(edition, "archief-op-orde/archief-migratie"),
            amount=Decimal("20000"),
            reason="Offerte archiefmigratie.",
        ),
    }
    extras = {
        "warmte": ExtraLineFactory(plan=plan),
        "archief": ExtraLineFactory(
            plan=plan,
            development=edition.developments.get(slug="archief-op-orde"),
            description="Scannen bouwdossiers",
            amount=Decimal("9000"),
            reason="Eigen wens.",
        ),
    }
    choices = [
        ("omgevingsdata", {"included": False}),
        ("klantcontact", {"priority": Priority.MUST}),
        ("energiedashboard", {"start_year": 2093, "motivation": "Pas na de warmtevisie."}),
        ("digitaal-loket", {"motivation": "Coalitieakkoord."}),
        ("archief-op-orde", {"motivation": "Archiefinspectie eist het."}),
    ]
    for slug, values in choices:
        row = choice(plan, slug)
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
    plan.refresh_from_db()
    return plan, own, extras


EXPLICIT = {
    "adj:klantcontact/klantreis-advies": "model",
    "adj:archief-op-orde/archief-migratie": "drop",
}


def totals(plan):
    return plan_result(PlanInput.load(plan)).per_year()


def test_preview_lists_every_own_item_with_defaults_that_keep(own_plan, second_release):
    plan, own, extras = own_plan
    result = migration.preview(plan, second_release)
    items = {item.key: item for item in result.items}
    assert result.errors == []
    assert items["adj:digitaal-loket/loket-bouwen"].status == migration.DECIDE
    assert items["adj:digitaal-loket/loket-bouwen"].decision == migration.KEEP
    assert "40.000" in items["adj:digitaal-loket/loket-bouwen"].old_model
    assert "50.000" in items["adj:digitaal-loket/loket-bouwen"].new_model
    assert "44.000" in items["adj:digitaal-loket/loket-bouwen"].mine
    assert items["adj:klantcontact/klantreis-advies"].status == migration.DECIDE
    assert items["adj:informatiebeveiliging/scanners"].status == migration.DECIDE
    assert [v for v, _ in items["adj:informatiebeveiliging/scanners"].options] == ["keep", "model"]
    assert items["adj:informatiebeveiliging/security-officer"].status == migration.KEPT
    assert items["adj:digitaal-loket/loket-licenties"].status == migration.ORPHANED
    assert items["adj:digitaal-loket/loket-licenties"].under == "digitaal-loket"
    assert items["adj:archief-op-orde/archief-migratie"].status == migration.ORPHANED
    assert items["adj:archief-op-orde/archief-migratie"].under == "informatiebeveiliging"  # first of domain basis
    assert items["adj:archief-op-orde/archief-diversen"].status == migration.LAPSES
    assert items[f"extra:{extras['warmte'].pk}"].status == migration.KEPT
    assert items[f"extra:{extras['archief'].pk}"].status == migration.ORPHANED
    assert items["choice:archief-op-orde"].status == migration.ORPHANED
    assert items["choice:archief-op-orde"].decision == migration.NOTE
    assert items["choice:klantcontact"].status == migration.KEPT
    # ruimte: omgevingsdata left out, energiedashboard in: half included, so the new one is included.
    assert items["new:nieuw-dashboard"].decision == migration.INCLUDE
    # No default drops anything.
    assert not result.dropped
    assert result.before == totals(plan)


def test_migrate_keeps_every_own_figure_or_drops_it_by_explicit_choice(own_plan, second_release, editor):
    plan, own, extras = own_plan
    before_totals = totals(plan)
    old_rows = (
        list(plan.choices.values_list("development__slug", "included", "priority", "start_year", "motivation")),
        list(plan.adjustments.values_list("budget_line__slug", "excluded", "amount", "hours_per_week", "reason")),
        list(plan.extra_lines.values_list("development__slug", "description", "amount", "reason")),
    )
    decisions = EXPLICIT | {f"under:extra:{extras['archief'].pk}": "omgevingsdata"}
    preview = migration.preview(plan, second_release, decisions)
    assert preview.errors == []

    new = services.migrate_plan(plan, second_release, decisions, editor, plan.version)

    assert new.edition == second_release and new.supersedes == plan and new.version == plan.version + 1
    assert (new.organisation, new.title, new.inhabitants, new.employees, new.start_year, new.horizon) == (
        plan.organisation,
        plan.title,
        plan.inhabitants,
        plan.employees,
        plan.start_year,
        plan.horizon,
    )
    # Own assumptions.
    assert new.hours_per_fte == Decimal("38")
    assert new.wage_index_percent == Decimal("3.5") and new.price_index_percent == Decimal("1.5")
    assert new.salary_overrides == {"10": "95000"}
    assert new.assumptions_note.startswith("Eigen cao-afspraken.")
    assert "Archief op orde" in new.assumptions_note or "archief" in new.assumptions_note.lower()
    assert "Archiefinspectie eist het." in new.assumptions_note  # motivation of a removed development

    # Every own figure of the old plan, one by one: present in the new plan, or explicitly dropped.
    adjustments = {a.budget_line.slug: a for a in new.adjustments.select_related("budget_line__development")}
    new_extras = {e.description: e for e in new.extra_lines.select_related("development")}
    dropped = set()
    for name, adjustment in own.items():
        key = f"adj:{adjustment.budget_line.development.slug}/{adjustment.budget_line.slug}"
        if EXPLICIT.get(key) in ("model", "drop"):
            dropped.add(name)
            assert name not in adjustments
            assert not any(e.description == adjustment.budget_line.description for e in new_extras.values())
            continue
        if name in adjustments:
            kept = adjustments[name]
            assert kept.budget_line.development.edition == second_release
            assert (kept.excluded, kept.amount, kept.hours_per_week, kept.reason, kept.price_year) == (
                adjustment.excluded,
                adjustment.amount,
                adjustment.hours_per_week,
                adjustment.reason,
                adjustment.price_year,
            )
        elif adjustment.budget_line.description in new_extras:
            converted = new_extras[adjustment.budget_line.description]
            assert (converted.amount, converted.reason, converted.price_year) == (
                adjustment.amount,
                adjustment.reason,
                adjustment.price_year,
            )
            assert converted.development.slug == "digitaal-loket"
        else:
            # Only an exclusion of a line that no longer exists may lapse: there is nothing left to exclude.
            assert adjustment.excluded and adjustment.amount is None and adjustment.hours_per_week is None
            assert name == "archief-diversen"
    assert dropped == {"klantreis-advies", "archief-migratie"}
    for extra in extras.values():
        copy = new_extras[extra.description]
        assert (copy.amount, copy.kind, copy.category, copy.reason, copy.offset, copy.spread) == (
            extra.amount,
            extra.kind,
            extra.category,
            extra.reason,
            extra.offset,
            extra.spread,
        )
        assert copy.development.edition == second_release
    assert new_extras["Scannen bouwdossiers"].development.slug == "omgevingsdata"
    assert new_extras["Koppeling met de warmtemonitor"].development.slug == "energiedashboard"
    # Choices: carried by slug with the user's fields; the new development included; the removed one gone.
    new_choices = {c.development.slug: c for c in new.choices.select_related("development")}
    assert set(new_choices) == set(second_release.developments.values_list("slug", flat=True))
    for slug, included, priority, start_year, motivation in old_rows[0]:
        if slug == "archief-op-orde":
            continue
        c = new_choices[slug]
        assert (c.included, c.priority, c.start_year, c.motivation) == (included, priority, start_year, motivation)
    assert new_choices["nieuw-dashboard"].included
    # Totals after = the new plan's budget, from the engine.
    assert preview.after == {y: totals(new).get(y, Decimal(0)) for y in new.years}
    # History of the new plan.
    change = new.changes.get()
    assert change.kind == ChangeKind.MIGRATED and change.version == new.version
    outcomes = {(d["object"]["kind"], str(d["object"].get("key"))): d.get("outcome") for d in change.details}
    assert outcomes[("budget_line", "klantcontact/klantreis-advies")] == "model"
    assert outcomes[("budget_line", "archief-op-orde/archief-migratie")] == "dropped"
    assert outcomes[("budget_line", "digitaal-loket/loket-licenties")] == "converted"
    assert outcomes[("development", "archief-op-orde")] == "noted"

    # The old plan: unchanged, readable, read-only.
    plan.refresh_from_db()
    assert plan.is_superseded and plan.superseded_by == new
    assert totals(plan) == before_totals
    assert (
        list(plan.choices.values_list("development__slug", "included", "priority", "start_year", "motivation")),
        list(plan.adjustments.values_list("budget_line__slug", "excluded", "amount", "hours_per_week", "reason")),
        list(plan.extra_lines.values_list("development__slug", "description", "amount", "reason")),
    ) == old_rows
    with pytest.raises(SupersededPlan, match="vervangen door een versie op release 2090.2"):
        services.save_choices(plan, editor, plan.version, {"klantcontact": {"included": False}})
    with pytest.raises(SupersededPlan):
        services.add_extra_line(plan, editor, choice(plan, "klantcontact").development, {"description": "x"})
    with pytest.raises(SupersededPlan):
        services.migrate_plan(plan, second_release, {}, editor, plan.version)


def test_old_plan_pages_exports_and_refusals(client, own_plan, second_release, editor, org):
    plan, _own, _extras = own_plan
    new = services.migrate_plan(plan, second_release, {}, editor, plan.version)
    client.force_login(editor)
    page = client.get(plan.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Deze versie is vervangen door" in text and "release 2090.2" in text
    assert "Overzetten naar een andere release" not in text
    for fmt in ("xlsx", "csv"):
        download = client.get(f"{plan.get_absolute_url()}plan.{fmt}")
        assert download.status_code == 200 and len(download.content) > 100
    new_page = client.get(new.get_absolute_url()).content.decode()
    assert "eerdere versie op release 2090.1" in new_page
    # Editing the old plan through its pages: refused with the Dutch message, nothing saved.
    version = plan.version
    response = client.post(
        f"{plan.get_absolute_url()}uitgangspunten/", {"title": "Anders", "version": version}, follow=True
    )
    assert "kan niet meer worden gewijzigd" in response.content.decode()
    response = client.get(f"{plan.get_absolute_url()}ontwikkelingen/", follow=True)
    assert "kan niet meer worden gewijzigd" in response.content.decode()
    plan.refresh_from_db()
    assert plan.version == version and plan.title != "Anders"
    # The organisation's list: the current plan, with a link to the earlier version.
    org_page = client.get(f"/organisaties/{org.slug}/").content.decode()
    assert f'href="{new.get_absolute_url()}"' in org_page
    assert "eerdere versie" in org_page


def test_page_preview_and_confirm(client, own_plan, second_release, editor):
    plan, _own, extras = own_plan
    url = URL.format(org=plan.organisation.slug, pk=plan.pk)
    client.force_login(editor)
    assert "Overzetten naar een andere release" in client.get(plan.get_absolute_url()).content.decode()
    page = client.get(url)  # the newest release is preselected
    assert page.status_code == 200
    text = page.content.decode()
    assert "Loket bouwen" in text or "loket-bouwen" in text
    assert 'value="confirm"' in text
    assert 'name="k.adj:digitaal-loket/loket-bouwen"' in text
    data = {
        "naar": "2090.2",
        "version": plan.version,
        "action": "confirm",
        "k.adj:klantcontact/klantreis-advies": "model",
        f"k.under:extra:{extras['archief'].pk}": "omgevingsdata",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    new = Plan.objects.get(supersedes=plan)
    assert response.url == new.get_absolute_url()
    assert not new.adjustments.filter(budget_line__slug="klantreis-advies").exists()
    assert new.extra_lines.get(description="Scannen bouwdossiers").development.slug == "omgevingsdata"


def test_page_permissions(client, own_plan, second_release, reader, outsider):
    plan, _own, _extras = own_plan
    url = URL.format(org=plan.organisation.slug, pk=plan.pk)
    assert client.get(url + "?naar=2090.2").status_code == 403  # anonymous: log in
    client.force_login(outsider)
    assert client.get(url + "?naar=2090.2").status_code == 404
    client.force_login(reader)
    page = client.get(url + "?naar=2090.2")
    assert page.status_code == 200 and 'value="confirm"' not in page.content.decode()
    response = client.post(url, {"naar": "2090.2", "version": plan.version, "action": "confirm"})
    assert response.status_code == 403
    assert not Plan.objects.filter(supersedes=plan).exists()


def test_page_junk_input(client, own_plan, second_release, editor):
    plan, _own, _extras = own_plan
    url = URL.format(org=plan.organisation.slug, pk=plan.pk)
    client.force_login(editor)
    for query in ("?naar=junk", "?naar=2090.9", "?naar=2090.1", "?naar=" + "9" * 500):
        response = client.get(url + query)
        assert response.status_code == 400, query
        assert "Er is niets gewijzigd" in response.content.decode()
    base = {"naar": "2090.2", "version": plan.version, "action": "confirm"}
    for extra in (
        {"k.adj:digitaal-loket/loket-bouwen": "weg"},
        {"k.onbekend": "keep"},
        {"k.under:adj:digitaal-loket/loket-licenties": "bestaat-niet"},
        {"version": "abc"},
    ):
        response = client.post(url, base | extra)
        assert response.status_code == 400, extra
        assert re.search("Ongeldige keuze|Onbekende keuze|Kies een ontwikkeling|versie", response.content.decode())
    response = client.post(url, base | {"version": plan.version - 1 if plan.version > 1 else 99})
    assert response.status_code == 409
    assert "iemand anders" in response.content.decode()
    assert not Plan.objects.filter(supersedes=plan).exists()


def test_concept_target_preview_for_editors_only_never_confirmed(own_plan, second_release, editor, test_edition_copy):
    plan, _own, _extras = own_plan
    from modelgemeente.catalog.services import load_edition

    edit(test_edition_copy, "klantcontact.md", "hours_per_week: 12", "hours_per_week: 10")
    concept = load_edition(test_edition_copy).edition
    assert not concept.is_published
    with pytest.raises(services.MigrationRefused, match="concept"):
        services.migrate_plan(plan, concept, {}, editor, plan.version)
    with pytest.raises(services.MigrationRefused, match="staat al op release"):
        services.migrate_plan(plan, plan.edition, {}, editor, plan.version)
    with pytest.raises(StaleVersion):
        services.migrate_plan(plan, second_release, {}, editor, plan.version + 5)
    assert migration.preview(plan, concept).errors == []


def test_converted_own_figure_costs_the_same(own_plan, second_release, editor):
    """An own figure whose line is removed, kept as own line under the same development, adds the same
    money in every year as before (same kind, planning, figure and price year; own figures are not scaled)."""
    plan, own, _extras = own_plan
    new = services.migrate_plan(plan, second_release, {}, editor, plan.version)
    before = plan_result(PlanInput.load(plan))
    after = plan_result(PlanInput.load(new))
    converted = new.extra_lines.get(description=own["loket-licenties"].budget_line.description)
    key = f"digitaal-loket/eigen-{converted.pk}"
    for year in plan.years:
        assert after.total(year, key=key) == before.total(year, key="digitaal-loket/loket-licenties")


def test_history_and_new_plan_is_editable(client, own_plan, second_release, editor):
    plan, _own, _extras = own_plan
    new = services.migrate_plan(plan, second_release, {}, editor, plan.version)
    client.force_login(editor)
    history = client.get(f"{new.get_absolute_url()}historie/").content.decode()
    assert "Overgezet naar release 2090.2" in history
    services.save_choices(new, editor, new.version, {"klantcontact": {"included": False}})
    assert LineAdjustment.objects.filter(plan=new).exists() and ExtraLine.objects.filter(plan=new).exists()


def test_an_own_amount_on_a_line_that_now_counts_hours_becomes_an_own_line(
    plan, editor, test_edition, test_edition_copy
):
    """loket-bouwen switches from € 40.000 to 10 hours a week at scale 10: an own amount cannot stay on
    it. Kept (the default), it becomes an own line with the same money and the model line is left out,
    so the plan counts the own figure once and not the new hours; taking the model drops it by choice."""
    own = LineAdjustmentFactory(
        plan=plan, budget_line=line(test_edition, "digitaal-loket/loket-bouwen"), amount=Decimal("44000")
    )
    edit(
        test_edition_copy, "digitaal-loket.md", "    amount: 40000\n", "    hours_per_week: 10\n    salary_scale: 10\n"
    )
    target = load_published(test_edition_copy)
    plan.refresh_from_db()
    item = next(i for i in migration.preview(plan, target).items if i.key == "adj:digitaal-loket/loket-bouwen")
    assert item.status == migration.DECIDE and item.converts and item.default == migration.KEEP
    model = migration.preview(plan, target, {item.key: migration.MODEL})
    assert not model.extra_lines and not model.adjustments  # taking the model drops the figure, by choice

    new = services.migrate_plan(plan, target, {}, editor, plan.version)
    own_line = new.extra_lines.get(description="Loket bouwen")
    assert (own_line.amount, own_line.kind, own_line.spread) == (own.amount, "incidental", 2)
    assert new.adjustments.get(budget_line__slug="loket-bouwen").excluded
    before, after = plan_result(PlanInput.load(plan)), plan_result(PlanInput.load(new))
    for year in plan.years:
        key = f"digitaal-loket/eigen-{own_line.pk}"
        assert after.total(year, key=key) == before.total(year, key="digitaal-loket/loket-bouwen")
        assert after.total(year, key="digitaal-loket/loket-bouwen") == 0
