"""Scenarios: a plan copied with everything that makes its budget (equal to the euro right after copying, also a
share in a collective provision), and two plans side by side per year and per domain with the figures of each plan's
own report. On the synthetic edition (the shared `plan` fixture)."""

from decimal import Decimal

import pytest

from modelgemeente.consultation.models import ProvisionJoin
from modelgemeente.consultation.services import provisions as provision_services
from modelgemeente.core.enums import LineOrigin, PlanStatus
from modelgemeente.plans import scenarios, services
from modelgemeente.plans.budget import plan_report
from modelgemeente.plans.changes import lines
from modelgemeente.plans.models import ChangeKind, Plan
from tests.consultation.test_provisions import loket_provision
from tests.factories import PlanFactory, development, load_published

pytestmark = pytest.mark.django_db


def url(plan, suffix=""):
    return f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/{suffix}"


def figures(plan):
    report = plan_report(plan)
    return [row.values for row in report.summary], report.fte.values, [row.values for row in report.by_domain]


def make_own(plan, editor):
    """Own figures of every kind: settings, a choice, a line adjustment and an own line."""
    services.save_plan_settings(
        plan, editor, plan.version, {"hours_per_fte": Decimal(32), "salary_overrides": {"10": "80000"}}
    )
    plan.refresh_from_db()
    services.save_choices(plan, editor, plan.version, {"energiedashboard": {"included": False}})
    plan.refresh_from_db()
    services.save_line_adjustments(
        plan,
        editor,
        plan.version,
        development(plan.edition, "digitaal-loket"),
        {"loket-bouwen": {"own": Decimal(50_000), "reason": "Offerte"}},
    )
    plan.refresh_from_db()
    services.add_extra_line(
        plan,
        editor,
        development(plan.edition, "digitaal-loket"),
        {
            "description": "Koppeling",
            "kind": "incidental",
            "category": "implementation",
            "amount": Decimal(12_000),
            "price_year": 2091,
            "hours_per_week": None,
            "salary_scale": None,
            "offset": 1,
            "spread": 2,
            "reason": "Wens",
        },
    )
    plan.refresh_from_db()


def test_a_copy_holds_everything_and_computes_the_same_to_the_euro(client, plan, editor, reader):
    make_own(plan, editor)
    client.force_login(reader)
    assert client.post(url(plan, "scenarios/"), {"version": plan.version, "name": "sober"}).status_code == 403
    client.force_login(editor)
    response = client.post(url(plan, "scenarios/"), {"version": plan.version, "name": "  sober "})
    copy = Plan.objects.get(scenario_of=plan)
    assert response.status_code == 302 and response["Location"] == copy.get_absolute_url()
    assert (copy.title, copy.scenario_name, copy.status, copy.version) == (
        "ICT-plan 2091 — scenario sober",
        "sober",
        PlanStatus.CONCEPT,
        1,
    )
    for name in scenarios.COPIED_FIELDS:
        assert getattr(copy, name) == getattr(plan, name), name
    assert copy.salary_overrides == {"10": "80000"} and copy.hours_per_fte == 32
    assert figures(copy) == figures(plan)
    assert plan.version == 5 and Plan.objects.get(pk=plan.pk).version == 5  # the source is not changed

    def rows(p, related, fields):
        return sorted(tuple(getattr(r, f) for f in fields) for r in getattr(p, related).all())

    assert rows(copy, "choices", scenarios.CHOICE_COPY) == rows(plan, "choices", scenarios.CHOICE_COPY)
    assert rows(copy, "adjustments", scenarios.ADJUSTMENT_COPY) == rows(plan, "adjustments", scenarios.ADJUSTMENT_COPY)
    assert rows(copy, "extra_lines", scenarios.EXTRA_COPY) == rows(plan, "extra_lines", scenarios.EXTRA_COPY)

    change = copy.changes.get()
    assert change.kind == ChangeKind.SCENARIO
    assert change.totals == plan.changes.get(version=plan.version).totals  # for the export's summary
    text = lines(change)
    assert "scenario van plan: ICT-plan 2091 (v5)" in text and "naam van het scenario: sober" in text
    page = client.get(url(copy)).content.decode()
    assert "scenario 'sober' van" in page and "plan-status-concept" in page
    listing = client.get(url(plan, "scenarios/")).content.decode()
    assert "ICT-plan 2091 — scenario sober" in listing and f"?met={copy.pk}" in listing

    # Refusals: the same name again, an empty or too long name, a stale version.
    for data, code, message in [
        ({"name": "Sober"}, 400, "al een scenario"),
        ({"name": " "}, 400, "Dit veld is verplicht"),
        ({"name": "x" * 81}, 400, "81"),
        ({"name": "a\u200bb"}, 400, "onzichtbare"),
        ({"name": "nieuw", "version": 1}, 409, "iemand anders"),
        ({"name": "nieuw", "version": "abc"}, 400, "versienummer"),
    ]:
        response = client.post(url(plan, "scenarios/"), {"version": plan.version} | data)
        assert response.status_code == code and message in response.content.decode(), data
    assert Plan.objects.count() == 2


def test_a_vastgesteld_plan_can_be_copied_and_the_copy_can_change(plan, editor):
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ADOPTED)
    plan.refresh_from_db()
    copy = scenarios.copy_as_scenario(plan, editor, "verder")
    services.save_choices(copy, editor, copy.version, {"energiedashboard": {"included": False}})
    copy.refresh_from_db()
    assert copy.version == 2 and copy.status == PlanStatus.CONCEPT
    second = scenarios.copy_as_scenario(copy, editor, "nog verder")
    assert second.title == "ICT-plan 2091 — scenario nog verder"


def test_a_copy_takes_part_in_the_provisions_its_source_joined(plan, editor):
    join = provision_services.join_provision(plan, loket_provision(), editor, plan.version)
    plan.refresh_from_db()
    copy = scenarios.copy_as_scenario(plan, editor, "gedeeld")
    assert figures(copy) == figures(plan)
    shared = copy.extra_lines.get(origin=LineOrigin.SHARED)
    copied = ProvisionJoin.objects.get(plan=copy)
    assert copied.extra_line_ids == [shared.pk] and copied.excluded_lines == join.excluded_lines
    # The copy leaves like any plan that joined, and gets the model lines back; the source keeps its share.
    provision_services.leave_provision(copied, editor, copy.version)
    assert not copy.extra_lines.exists() and plan.extra_lines.filter(origin=LineOrigin.SHARED).exists()


def test_sober_and_ambitieus_side_by_side(client, plan, editor, reader, outsider):
    sober = scenarios.copy_as_scenario(plan, editor, "sober")
    ambitieus = scenarios.copy_as_scenario(plan, editor, "ambitieus")
    services.save_choices(
        sober, editor, sober.version, {"energiedashboard": {"included": False}, "digitaal-loket": {"included": False}}
    )
    sober.refresh_from_db()
    comparison = scenarios.compare(sober, ambitieus)
    mine, theirs = plan_report(sober), plan_report(ambitieus)
    assert comparison.years == tuple(sober.years)
    by_key = {g.key: g for g in comparison.totals}
    for row in mine.summary:
        their_row = next(r for r in theirs.summary if r.key == row.key)
        group = by_key[row.key]
        assert group.rows[0].values == row.values and group.rows[1].values == their_row.values
        assert group.rows[2].values == {y: their_row.values[y] - row.values[y] for y in sober.years}
    assert by_key["fte"].rows[0].values == mine.fte.values and by_key["fte"].rows[1].values == theirs.fte.values
    assert by_key["total"].rows[2].total > 0  # ambitieus costs more than sober
    for group, row in zip(comparison.domains, mine.by_domain, strict=True):
        assert group.rows[0].values == row.values

    client.force_login(reader)
    page = client.get(url(sober, f"scenarios/vergelijking/?met={ambitieus.pk}"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Verschil (ambitieus − sober)" in html and 'id="compare-domains"' in html
    assert client.get(url(sober, "scenarios/vergelijking/")).status_code == 200  # the choice only

    other_org_plan = PlanFactory()  # another organisation: 404, as if it did not exist
    assert client.get(url(sober, f"scenarios/vergelijking/?met={other_org_plan.pk}")).status_code == 404
    for junk in ("abc", "0", "-3", "99999999999999999999", "1.5"):
        response = client.get(url(sober, f"scenarios/vergelijking/?met={junk}"))
        assert response.status_code == 400 and "Kies een plan uit de lijst" in response.content.decode(), junk
    response = client.get(url(sober, f"scenarios/vergelijking/?met={sober.pk}"))
    assert response.status_code == 400 and "dan dit plan zelf" in response.content.decode()
    client.force_login(outsider)
    assert client.get(url(sober, f"scenarios/vergelijking/?met={ambitieus.pk}")).status_code == 404


def test_a_plan_on_another_release_is_refused_with_the_reason(client, plan, editor, test_edition_copy):
    path = test_edition_copy / "developments" / "digitaal-loket.md"
    path.write_text(path.read_text(encoding="utf-8").replace("amount: 40000", "amount: 50000", 1), encoding="utf-8")
    second = load_published(test_edition_copy)
    moved = services.migrate_plan(plan, second, {}, editor, plan.version)
    client.force_login(editor)
    response = client.get(url(moved, f"scenarios/vergelijking/?met={plan.pk}"))
    assert response.status_code == 400
    assert "staat op release 2090.1 en dit plan op release 2090.2" in response.content.decode()
    assert plan.pk not in scenarios.partners(moved).values_list("pk", flat=True)
