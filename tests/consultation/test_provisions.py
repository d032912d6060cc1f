"""Collective provisions: pledges, the live figures (shares, cost alone, saving, go point) and plans that join and
leave (consultation/services/provisions.py, consultation/provision_figures.py).

The example of the issue: a regional DSO coupling (build € 100.000 written off in 5 years plus € 40.000 a year, so
€ 60.000 a year, divided by inhabitants) with Amsterdam (931.298 inhabitants), Deventer (103.405), Bunnik (16.108)
and Renswoude (5.753), CBS 1 January 2024. Shares by hand: 60.000 × inhabitants / 1.056.564.
"""

from decimal import ROUND_CEILING, Decimal

import pytest
from django.core.exceptions import PermissionDenied

from modelgemeente.budget.engine import Profile
from modelgemeente.catalog.budget_input import estimated_profile, model_report
from modelgemeente.consultation import provision_figures as pf
from modelgemeente.consultation.models import Pledge, Provision, ProvisionJoin, Region, RoleAssignment
from modelgemeente.consultation.services import provisions as services
from modelgemeente.consultation.services.common import ConsultationError, StaleVersion
from modelgemeente.core.enums import ConsultationRole, CostKey, LineOrigin, PledgeKind, ProvisionStatus, Role
from modelgemeente.plans.budget import plan_export_report, plan_report
from modelgemeente.plans.models import ChangeKind, Organisation
from tests.conftest import create_plan_through_the_form, member_of

pytestmark = pytest.mark.django_db

DSO_LINES = [
    "omgevingsloket/koppeling-dso-zaaksysteem",
    "omgevingsloket/licentie-koppelcomponent",
    "omgevingsloket/beheer-dso-aansluiting",
]
INHABITANTS = {"amsterdam": 931_298, "deventer": 103_405, "bunnik": 16_108, "renswoude": 5_753}
CODES = {"amsterdam": "GM0363", "deventer": "GM0150", "bunnik": "GM0312", "renswoude": "GM0339"}
TOTAL = sum(INHABITANTS.values())  # 1.056.564
YEARLY = Decimal(60_000)  # 100.000 / 5 + 40.000


def municipality(slug: str) -> Organisation:
    return Organisation.objects.create(
        name=f"Gemeente {slug.capitalize()}", slug=slug, municipality_codes=[CODES[slug]]
    )


def dso_provision(**values) -> Provision:
    fields = {
        "slug": "regionale-dso-koppeling",
        "name": "Regionale DSO-koppeling",
        "description": "Eén koppeling tussen het DSO en de zaaksystemen, samen gebouwd.",
        "owner": "Samenwerking Oost (test)",
        "status": ProvisionStatus.INTEREST,
        "build_cost": Decimal(100_000),
        "yearly_cost": Decimal(40_000),
        "write_off_years": 5,
        "cost_key": CostKey.INHABITANTS,
        "cost_note": "Schatting voor de test.",
        "replaces_developments": ["omgevingsloket"],
        "replaces_lines": DSO_LINES,
    }
    return Provision.objects.create(**(fields | values))


@pytest.fixture
def four(db):
    """The four municipalities, each with an editor."""
    orgs = {slug: municipality(slug) for slug in INHABITANTS}
    editors = {slug: member_of(org, Role.EDITOR, f"redacteur@{slug}.nl") for slug, org in orgs.items()}
    return orgs, editors


def pledge_all(provision, orgs, editors, amsterdam_limit=Decimal(56_000)):
    services.pledge(
        provision, orgs["amsterdam"], editors["amsterdam"], kind=PledgeKind.PLEDGE, max_yearly_share=amsterdam_limit
    )
    services.pledge(
        provision, orgs["deventer"], editors["deventer"], kind=PledgeKind.PLEDGE, max_yearly_share=Decimal(10_000)
    )
    services.pledge(
        provision,
        orgs["bunnik"],
        editors["bunnik"],
        kind=PledgeKind.PLEDGE,
        max_yearly_share=Decimal(1_000),
        note="Na besluit college.",
    )
    services.pledge(provision, orgs["renswoude"], editors["renswoude"], kind=PledgeKind.INTEREST)


def alone_from_report(report, keys) -> dict[int, Decimal]:
    """The engine's own report of the same lines, per year."""
    rows = [row for row in report.lines if row.key in set(keys)]
    assert len(rows) == len(keys)
    return {year: sum((row.amount_in(year) for row in rows), Decimal(0)) for year in report.years}


def average(per_year: dict) -> Decimal:
    return sum(per_year.values(), Decimal(0)) / len(per_year)


# The four-municipality example ----------------------------------------------------------------------------------


def test_four_municipalities_share_cost_alone_saving_and_go_point(edition, four, client):
    orgs, editors = four
    # Bunnik has a plan on the 2026 release: its cost alone comes from that plan, the others' from the model.
    plan = create_plan_through_the_form(client, orgs["bunnik"], editors["bunnik"], edition, 16_108, 2027)
    provision = dso_provision()
    pledge_all(provision, orgs, editors)
    coordinator = member_of(Organisation.objects.create(name="Beraad", slug="beraad"), Role.MEMBER, "c@beraad.nl")
    RoleAssignment.objects.create(user=coordinator, role=ConsultationRole.COORDINATOR)

    result = pf.figures(provision, coordinator)
    rows = {p.organisation.slug: p for p in result.shown}
    assert len(rows) == 4 and result.hidden_count == 0
    assert (result.interested_count, result.pledged_count) == (1, 3)

    # Every share by hand: 60.000 × inhabitants / 1.056.564 (to 10 decimals, as the engine rounds).
    for slug, inhabitants in INHABITANTS.items():
        expected = (YEARLY * inhabitants / TOTAL).quantize(Decimal("1e-10"))
        assert rows[slug].share.yearly == expected, slug
        assert rows[slug].inhabitants == inhabitants
    assert round(rows["amsterdam"].share.yearly, 2) == Decimal("52886.41")
    assert round(rows["deventer"].share.yearly, 2) == Decimal("5872.15")
    assert round(rows["bunnik"].share.yearly, 2) == Decimal("914.74")
    assert round(rows["renswoude"].share.yearly, 2) == Decimal("326.70")
    assert abs(sum(r.share.yearly for r in rows.values()) - YEARLY) < Decimal("1e-8")

    # Cost alone: the model of the 2026 release scaled to the inhabitants, for the three without a plan...
    for slug in ("amsterdam", "deventer", "renswoude"):
        inhabitants = INHABITANTS[slug]
        report = model_report(edition, Profile(inhabitants, *estimated_profile(edition, inhabitants)))
        alone = rows[slug].alone
        assert alone.plan is None and alone.estimated and alone.edition == edition
        assert alone.per_year == alone_from_report(report, DSO_LINES)
        assert alone.average == average(alone_from_report(report, DSO_LINES))
    # ... and Bunnik's own plan (its profile and years 2027-2030).
    bunnik = rows["bunnik"].alone
    assert bunnik.plan == plan and not bunnik.estimated and bunnik.years == (2027, 2028, 2029, 2030)
    assert bunnik.per_year == alone_from_report(plan_report(plan), DSO_LINES)

    # Saving = cost alone (yearly average) − yearly share; within the pledge when the share is at most the limit.
    for row in rows.values():
        assert row.saving == row.alone.average - row.share.yearly
        assert row.saving > 0
    assert [rows[s].within_pledge for s in ("amsterdam", "deventer", "bunnik", "renswoude")] == [True, True, True, None]

    # Go point: the smallest set of pledgers within every pledge. By hand, the total weight a pledger needs for its
    # share to fit: Amsterdam 60.000 × 931.298 / 56.000 = 997.819, Deventer 620.430, Bunnik 966.480; Amsterdam alone
    # (931.298) is not enough, Amsterdam and Deventer (1.034.703) are.
    assert result.go.reached and [p.organisation.slug for p in result.go.members] == ["amsterdam", "deventer"]
    assert result.totals["share"] == sum(r.share.yearly for r in rows.values())

    # Amsterdam lowers its limit to 50.000: no set works any more. Missing: with the three pledgers together
    # (1.050.811 inhabitants) Amsterdam pays 60.000 × 931.298 / 1.050.811 = 53.175 > 50.000; it would fit with
    # 60.000 × 931.298 / 50.000 = 1.117.557,6 inhabitants, so 66.747 more.
    services.pledge(
        provision, orgs["amsterdam"], editors["amsterdam"], kind=PledgeKind.PLEDGE, max_yearly_share=Decimal(50_000)
    )
    later = pf.figures(provision, coordinator, with_alone=False)
    assert not later.go.reached and later.go.size == 0
    assert [p.organisation.slug for p in later.go.missing.over_limit] == ["amsterdam"]
    needed = YEARLY * 931_298 / 50_000 - (931_298 + 103_405 + 16_108)
    assert later.go.missing.extra_weight == 66_747 == int(needed.to_integral_value(rounding=ROUND_CEILING))
    assert not {p.organisation.slug: p for p in later.shown}["amsterdam"].within_pledge


def test_equal_shares_and_no_pledges_yet(test_edition, four):
    orgs, editors = four
    provision = dso_provision(cost_key=CostKey.EQUAL, replaces_developments=["digitaal-loket"], replaces_lines=[])
    assert pf.figures(provision, editors["bunnik"]).go.missing.no_pledges
    for slug in ("bunnik", "renswoude", "deventer"):
        services.pledge(provision, orgs[slug], editors[slug], kind=PledgeKind.PLEDGE, max_yearly_share=Decimal(20_000))
    result = pf.figures(provision, editors["bunnik"], with_alone=False)
    assert {p.share.yearly for p in result.participants} == {Decimal(20_000)}  # 60.000 / 3
    assert result.go.size == 3  # one or two would pay 60.000 or 30.000, above 20.000


def test_a_development_listed_without_lines_is_replaced_whole(test_edition):
    provision = dso_provision(
        replaces_developments=["digitaal-loket", "klantcontact"], replaces_lines=["klantcontact/klantreis-advies"]
    )
    assert pf.replaced_keys(provision, test_edition) == [
        "digitaal-loket/loket-bouwen",
        "digitaal-loket/loket-licenties",
        "digitaal-loket/loket-beheer",
        "klantcontact/klantreis-advies",
    ]


# Visibility -----------------------------------------------------------------------------------------------------


def test_per_organisation_figures_only_for_the_region_the_organisation_and_coordinators(test_edition, four, outsider):
    orgs, editors = four
    provision = dso_provision(replaces_developments=["digitaal-loket"], replaces_lines=[])
    pledge_all(provision, orgs, editors)
    region = Region.objects.create(slug="utrecht", name="Utrecht", municipality_codes=["GM0312", "GM0339"])
    representative = member_of(Organisation.objects.create(name="Regio", slug="regio"), Role.MEMBER, "r@regio.nl")
    RoleAssignment.objects.create(user=representative, region=region, role=ConsultationRole.REPRESENTATIVE)

    def seen(user):
        return sorted(p.organisation.slug for p in pf.figures(provision, user, with_alone=False).shown)

    assert seen(editors["bunnik"]) == ["bunnik", "renswoude"]  # the same region
    assert seen(editors["amsterdam"]) == ["amsterdam"]  # itself only
    assert seen(representative) == ["bunnik", "renswoude"]
    assert seen(outsider) == []
    anonymous = pf.summary(provision)
    assert anonymous.shown == [] and anonymous.hidden_count == 4 and anonymous.go.size == 2
    assert anonymous.totals is None
    # The cost alone is only computed for what the viewer may see.
    assert all(p.alone is None for p in pf.figures(provision, outsider).participants)


# Pledges --------------------------------------------------------------------------------------------------------


def test_pledge_updates_and_withdraw(test_edition, four):
    orgs, editors = four
    provision = dso_provision()
    first = services.pledge(provision, orgs["bunnik"], editors["bunnik"], kind=PledgeKind.INTEREST)
    assert (first.version, first.max_yearly_share, first.created_by) == (1, None, editors["bunnik"])
    same = services.pledge(provision, orgs["bunnik"], editors["bunnik"], kind=PledgeKind.INTEREST)
    assert same.version == 1
    changed = services.pledge(
        provision, orgs["bunnik"], editors["bunnik"], kind=PledgeKind.PLEDGE, max_yearly_share=Decimal("1234.50")
    )
    assert (changed.pk, changed.version, changed.max_yearly_share) == (first.pk, 2, Decimal("1234.50"))
    services.withdraw_pledge(changed, editors["bunnik"])
    assert not Pledge.objects.exists()


@pytest.mark.parametrize(
    ("kind", "limit", "note", "message"),
    [
        (PledgeKind.PLEDGE, None, "", "hoogste deel per jaar in"),
        (PledgeKind.PLEDGE, Decimal(-5), "", "meer dan € 0"),
        (PledgeKind.PLEDGE, Decimal(0), "", "meer dan € 0"),
        (PledgeKind.PLEDGE, Decimal("1e15"), "", "meer dan € 0"),
        (PledgeKind.PLEDGE, "veel", "", "als bedrag"),
        (PledgeKind.PLEDGE, Decimal("10.001"), "", "hele centen"),
        (PledgeKind.INTEREST, None, "a\x00b", "NUL"),
        (PledgeKind.INTEREST, None, "x" * 4001, "te lang"),
        ("alles", None, "", "Kies belangstelling"),
    ],
)
def test_bad_pledges_are_refused_in_dutch_and_change_nothing(test_edition, four, kind, limit, note, message):
    orgs, editors = four
    provision = dso_provision()
    with pytest.raises(ConsultationError, match=message):
        services.pledge(provision, orgs["bunnik"], editors["bunnik"], kind=kind, max_yearly_share=limit, note=note)
    assert not Pledge.objects.exists()


def test_only_editors_of_the_organisation_pledge_and_not_for_an_ended_provision(test_edition, four, reader, org):
    orgs, editors = four
    provision = dso_provision()
    with pytest.raises(PermissionDenied):
        services.pledge(provision, orgs["bunnik"], editors["deventer"], kind=PledgeKind.INTEREST)
    with pytest.raises(PermissionDenied):
        services.pledge(provision, org, reader, kind=PledgeKind.INTEREST)
    provision.status = ProvisionStatus.ENDED
    provision.save()
    with pytest.raises(ConsultationError, match="beëindigd"):
        services.pledge(provision, orgs["bunnik"], editors["bunnik"], kind=PledgeKind.INTEREST)
    assert not Pledge.objects.exists()


def test_an_organisation_without_inhabitants_cannot_pledge_for_an_inhabitants_key(test_edition, outsider, other_org):
    with pytest.raises(ConsultationError, match="inwonertal"):
        services.pledge(dso_provision(), other_org, outsider, kind=PledgeKind.INTEREST)
    assert services.pledge(
        dso_provision(slug="gelijk", cost_key=CostKey.EQUAL), other_org, outsider, kind="belangstelling"
    )


# A plan joins and leaves ----------------------------------------------------------------------------------------


def loket_provision():
    """Replaces the licences and the management of the synthetic edition's digital counter; building stays local."""
    return dso_provision(
        slug="gedeeld-loket",
        name="Gedeeld loket",
        replaces_developments=["digitaal-loket"],
        replaces_lines=["digitaal-loket/loket-licenties", "digitaal-loket/loket-beheer"],
    )


def test_a_plan_before_and_after_joining_and_leaving_restores_it_exactly(plan, editor, four):
    orgs, editors = four
    provision = loket_provision()
    pledge_all(provision, orgs, editors)
    before = plan_report(plan).grand_total.values
    share = pf.share_if_joined(provision, plan.organisation)  # Gemeente Voorbeeld: Aa en Hunze, 25.845 inhabitants
    assert share.yearly == (YEARLY * 25_845 / (TOTAL + 25_845)).quantize(Decimal("1e-10"))

    join = services.join_provision(plan, provision, editor, plan.version)
    plan.refresh_from_db()
    assert join.yearly_share == share.yearly.quantize(Decimal("0.01"))
    assert sorted(join.excluded_lines) == ["digitaal-loket/loket-beheer", "digitaal-loket/loket-licenties"]
    change = plan.changes.latest("at")
    assert change.kind == ChangeKind.SHARED_JOINED
    excluded = plan.adjustments.filter(excluded=True)
    assert {a.reason for a in excluded} == {"vervangen door gezamenlijke voorziening Gedeeld loket"}
    shared = plan.extra_lines.get()
    assert (shared.origin, shared.kind, shared.development.slug, shared.amount) == (
        LineOrigin.SHARED,
        "structural",
        "digitaal-loket",
        join.yearly_share,
    )
    assert "Kostenmodel" in shared.reason and "naar inwonertal" in shared.reason

    # After: the totals differ by the shared line minus the replaced lines, year by year.
    after_report = plan_report(plan)
    effect = pf.join_effect(join)
    assert effect.before == before and effect.after == after_report.grand_total.values
    replaced_before = alone_from_report(plan_report(plan, pf.without_joins(plan)), join.excluded_lines)
    shared_row = next(r for r in after_report.lines if r.key.endswith(f"eigen-{shared.pk}"))
    for year in plan.years:
        assert effect.difference[year] == shared_row.amount_in(year) - replaced_before[year]
        assert effect.replaced[year] == replaced_before[year]
    assert shared_row.amount_in(plan.start_year) == join.yearly_share  # the first year is not indexed yet
    assert shared_row.provenance_type == "gezamenlijke voorziening"
    assert any(r.provenance_type == "gezamenlijke voorziening" for r in plan_export_report(plan).lines)

    # The plan's organisation now takes part (next to the four) and its cost alone ignores its own swap.
    result = pf.figures(provision, editor)
    mine = next(p for p in result.shown if p.organisation == plan.organisation)
    assert mine.pledge is None and mine.alone.per_year == replaced_before

    services.leave_provision(join, editor, plan.version)
    plan.refresh_from_db()
    assert plan_report(plan).grand_total.values == before
    assert not plan.adjustments.exists() and not plan.extra_lines.exists() and not ProvisionJoin.objects.exists()
    assert plan.changes.latest("at").kind == ChangeKind.SHARED_LEFT


def test_joining_keeps_a_line_the_plan_had_left_out(plan, editor):
    from modelgemeente.plans import services as plan_services
    from tests.factories import development

    plan_services.save_line_adjustments(
        plan,
        editor,
        plan.version,
        development(plan.edition, "digitaal-loket"),
        {"loket-licenties": {"excluded": True, "reason": "Hebben we al."}},
    )
    plan.refresh_from_db()
    join = services.join_provision(plan, loket_provision(), editor, plan.version)
    assert join.excluded_lines == ["digitaal-loket/loket-beheer"]
    plan.refresh_from_db()
    services.leave_provision(join, editor, plan.version)
    kept = plan.adjustments.get()
    assert (kept.excluded, kept.reason) == (True, "Hebben we al.")


def test_join_refusals(plan, editor, reader, four):
    provision = loket_provision()
    with pytest.raises(StaleVersion):
        services.join_provision(plan, provision, editor, plan.version - 1)
    with pytest.raises(PermissionDenied):
        services.join_provision(plan, provision, reader, plan.version)
    other = dso_provision()  # replaces lines of the real release only
    with pytest.raises(ConsultationError, match="bevat geen van de regels"):
        services.join_provision(plan, other, editor, plan.version)
    plan.choices.filter(development__slug="digitaal-loket").update(included=False)
    with pytest.raises(ConsultationError, match="neemt geen van de vervangen ontwikkelingen op"):
        services.join_provision(plan, provision, editor, plan.version)
    assert not ProvisionJoin.objects.exists() and not plan.extra_lines.exists() and not plan.adjustments.exists()
    plan.choices.update(included=True)
    services.join_provision(plan, provision, editor, plan.version)
    plan.refresh_from_db()
    with pytest.raises(ConsultationError, match="al aangesloten"):
        services.join_provision(plan, provision, editor, plan.version)
    assert ProvisionJoin.objects.count() == 1 and plan.extra_lines.count() == 1
