"""A plan's lines swapped for its share in a collective provision, and back (plans.services.swap_*_shared_lines)."""

from decimal import Decimal

import pytest

from modelgemeente.catalog.models import BudgetLine
from modelgemeente.core.enums import Category, LineKind, LineOrigin
from modelgemeente.plans import services
from modelgemeente.plans.budget import plan_export_report, plan_report
from modelgemeente.plans.changes import StaleVersion
from modelgemeente.plans.models import ChangeKind, ExtraLine


def loket_lines(plan):
    return list(
        BudgetLine.objects.filter(development__edition=plan.edition, development__slug="digitaal-loket").order_by(
            "slug"
        )
    )


def share_line(plan, amount=Decimal(3000)):
    development = plan.edition.developments.get(slug="digitaal-loket")
    return {
        "development": development,
        "description": "Deel in de gezamenlijke voorziening Loket",
        "kind": LineKind.STRUCTURAL,
        "category": Category.LICENCES,
        "amount": amount,
        "reason": "Verdeeld naar inwonertal over 4 deelnemers.",
    }


def loket_total(plan):
    return next(r for r in plan_report(plan).by_development if r.key == "digitaal-loket").total


def test_swapping_in_replaces_the_model_lines_by_the_share_and_back(plan, editor):
    before = loket_total(plan)
    lines = loket_lines(plan)
    added = services.swap_in_shared_lines(
        plan, editor, plan.version, lines, [share_line(plan)], "Gezamenlijke voorziening"
    )
    plan.refresh_from_db()
    # 3.000 a year in prices of 2091, indexed at the synthetic price index of 2%: 3.000 × (1 + 1,02 + 1,0404 + 1,061208)
    assert loket_total(plan) == Decimal("12364.824")
    assert plan.changes.latest("at").kind == ChangeKind.SHARED_JOINED
    report = plan_export_report(plan)
    shared = [row for row in report.lines if row.key.endswith(f"eigen-{added[0].pk}") or "Deel in" in row.description]
    assert shared and shared[0].provenance_type == "gezamenlijke voorziening"

    services.swap_out_shared_lines(plan, editor, plan.version, lines, [a.pk for a in added])
    plan.refresh_from_db()
    assert loket_total(plan) == before
    assert not plan.adjustments.exists() and not plan.extra_lines.exists()
    assert plan.changes.latest("at").kind == ChangeKind.SHARED_LEFT


def test_leaving_keeps_an_own_figure_the_user_had_and_lines_they_typed(plan, editor):
    lines = loket_lines(plan)
    development = lines[0].development
    services.save_line_adjustments(
        plan, editor, plan.version, development, {"loket-licenties": {"own": Decimal(7000), "reason": "Offerte."}}
    )
    plan.refresh_from_db()
    own = services.add_extra_line(
        plan,
        editor,
        development,
        {
            "description": "Eigen",
            "kind": "structural",
            "category": "other",
            "amount": Decimal(100),
            "reason": "Eigen regel.",
        },
    )
    plan.refresh_from_db()
    added = services.swap_in_shared_lines(plan, editor, plan.version, lines, [share_line(plan)], "Voorziening")
    plan.refresh_from_db()
    services.swap_out_shared_lines(plan, editor, plan.version, lines, [a.pk for a in added] + [own.pk])
    adjustment = plan.adjustments.get()
    assert (adjustment.excluded, adjustment.amount) == (False, Decimal(7000))
    assert list(plan.extra_lines.values_list("origin", flat=True)) == [LineOrigin.OWN]


def test_a_stale_version_changes_nothing(plan, editor):
    with pytest.raises(StaleVersion):
        services.swap_in_shared_lines(plan, editor, plan.version - 1 or 99, loket_lines(plan), [share_line(plan)], "x")
    assert not ExtraLine.objects.exists() and not plan.adjustments.exists()


def test_the_shared_line_changes_only_by_leaving(client, plan, editor):
    added = services.swap_in_shared_lines(plan, editor, plan.version, loket_lines(plan), [share_line(plan)], "x")
    plan.refresh_from_db()
    shared = added[0]
    with pytest.raises(services.SharedLineLocked):
        services.update_extra_line(plan, editor, shared, {"amount": Decimal(1)})
    with pytest.raises(services.SharedLineLocked):
        services.delete_extra_line(plan, editor, shared)
    client.force_login(editor)
    page = client.get(f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/ontwikkeling/digitaal-loket/")
    assert "gezamenlijke voorziening" in page.content.decode() and 'value="delete_extra"' not in page.content.decode()
    response = client.post(
        f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/ontwikkeling/digitaal-loket/",
        {"version": plan.version, "action": "delete_extra", "extra_id": shared.pk},
    )
    assert response.status_code == 403
    assert ExtraLine.objects.filter(pk=shared.pk, amount=Decimal(3000)).exists()
