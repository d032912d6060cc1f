"""/api/v1/provisions and /api/v1/plans/{id}/provisions: the public catalogue, the figures per organisation only for
those the rules allow, pledges per role, a plan that joins and leaves with If-Match, and junk as problem+json.

The example: a shared energy dashboard replacing the development `energiedashboard` of the synthetic edition 2090
(build € 100.000 written off in 5 years plus € 40.000 a year: € 60.000 a year, by inhabitants). Utrecht pledges up to
€ 25.000 a year, Rotterdam up to € 40.000, Amersfoort is interested. Inhabitants (CBS 1 January 2024): Utrecht
374.238, Amersfoort 161.852, Rotterdam 670.610."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from modelgemeente.consultation import provision_figures as pf
from modelgemeente.consultation.models import Pledge, Provision, ProvisionJoin
from modelgemeente.consultation.services import provisions as service
from modelgemeente.core.enums import CostKey, PledgeKind, ProvisionStatus, TokenScope
from modelgemeente.plans.models import ExtraLine, LineAdjustment, PlanChange
from tests.consultation.world import INHABITANTS, build_world
from tests.factories import PlanFactory

from .test_consultation_api import API, etag_of, fingerprint, junk_sweep, refused_text, tokens
from .test_plans_api import assert_problem, call, token_for

pytestmark = pytest.mark.django_db

YEARLY = Decimal(60_000)
TABLES = [Pledge, ProvisionJoin, ExtraLine, LineAdjustment, PlanChange]


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def dashboard(test_edition) -> Provision:
    return Provision.objects.create(
        slug="gedeeld-energiedashboard",
        name="Gedeeld energiedashboard",
        description="Eén dashboard voor alle deelnemers.",
        owner="Samenwerking (test)",
        status=ProvisionStatus.INTEREST,
        is_example=True,
        build_cost=Decimal(100_000),
        yearly_cost=Decimal(40_000),
        write_off_years=5,
        cost_key=CostKey.INHABITANTS,
        cost_note="Schatting voor de test.",
        replaces_developments=["energiedashboard"],
        replaces_lines=[],
    )


def cents(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"


def pledge_three(world, provision):
    service.pledge(provision, world.utrecht, world.editor_utrecht, kind=PledgeKind.PLEDGE, max_yearly_share=25_000)
    service.pledge(provision, world.rotterdam, world.editor_rotterdam, kind=PledgeKind.PLEDGE, max_yearly_share=40_000)
    service.pledge(provision, world.amersfoort, world.editor_amersfoort, kind=PledgeKind.INTEREST)


def test_the_catalogue_is_public_with_counts_and_the_go_point(client, world, dashboard):
    pledge_three(world, dashboard)
    response = client.get(f"{API}/provisions")
    assert response.status_code == 200
    [row] = response.json()["_embedded"]["provisions"]
    assert (row["slug"], row["isExample"], row["status"]) == ("gedeeld-energiedashboard", True, "belangstelling")
    assert row["costModel"] == {
        "buildCost": "100000.00",
        "writeOffYears": 5,
        "yearlyCost": "40000.00",
        "yearlyTotal": "60000.00",
        "costKey": "inwoners",
        "costKeyLabel": "naar inwonertal",
        "costNote": "Schatting voor de test.",
    }
    assert row["replaces"] == {"developments": ["energiedashboard"], "lines": []}
    assert (row["interestedCount"], row["pledgedCount"], row["joinedPlanCount"]) == (1, 2, 0)
    assert row["goPoint"] == {"reached": True, "size": 2}
    assert client.get(f"{API}/provisions?status=idee").json()["totalCount"] == 0
    for junk in ("status=x", "status=%00", "page=0"):
        assert_problem(client.get(f"{API}/provisions?{junk}"), 400)


def test_figures_per_organisation_only_for_those_who_may_see_them(client, world, dashboard):
    pledge_three(world, dashboard)
    anonymous = client.get(f"{API}/provisions/gedeeld-energiedashboard").json()
    assert anonymous["participants"] == [] and anonymous["hiddenParticipants"] == 3
    assert anonymous["goPoint"]["members"] == [] and anonymous["goPoint"]["hiddenMembers"] == 2
    assert anonymous["totals"] is None and anonymous["prospects"] == []
    assert [d["development"] for d in anonymous["replaced"]] == ["energiedashboard"]
    assert [line["key"] for line in anonymous["replaced"][0]["lines"]] == [
        "energiedashboard/dashboard-bouwen",
        "energiedashboard/dashboard-licenties",
        "energiedashboard/dashboard-beheer",
    ]
    assert "CBS" in anonymous["inhabitantsSource"]

    def seen(user):
        body = call(client, "get", f"{API}/provisions/gedeeld-energiedashboard", token_for(user)).json()
        return [p["organisation"]["slug"] for p in body["participants"]], body["hiddenParticipants"]

    assert seen(world.editor_rotterdam) == (["rotterdam"], 2)
    assert seen(world.admin_amsterdam) == (["utrecht"], 2)  # Utrecht is in Regio Noordvleugel too
    assert seen(world.rep_utrecht) == (["amersfoort", "utrecht"], 1)
    assert seen(world.reader_utrecht) == (["amersfoort", "utrecht"], 1)
    assert seen(world.coordinator) == (["amersfoort", "rotterdam", "utrecht"], 0)
    assert_problem(client.get(f"{API}/provisions/bestaat-niet"), 404)


def test_shares_cost_alone_saving_and_go_point_from_the_engine(client, world, dashboard):
    PlanFactory(organisation=world.utrecht, created_by=world.editor_utrecht)
    pledge_three(world, dashboard)
    body = call(client, "get", f"{API}/provisions/gedeeld-energiedashboard", token_for(world.coordinator)).json()
    rows = {p["organisation"]["slug"]: p for p in body["participants"]}
    total = INHABITANTS["GM0344"] + INHABITANTS["GM0307"] + INHABITANTS["GM0599"]
    for slug, code in (("utrecht", "GM0344"), ("amersfoort", "GM0307"), ("rotterdam", "GM0599")):
        assert rows[slug]["share"]["yearly"] == cents(YEARLY * INHABITANTS[code] / total), slug
        assert rows[slug]["inhabitants"] == INHABITANTS[code]
    assert rows["utrecht"]["share"]["percentage"] == str(
        (Decimal(INHABITANTS["GM0344"]) * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    )
    assert (rows["utrecht"]["kind"], rows["utrecht"]["maxYearlyShare"]) == ("toezegging", "25000.00")
    assert (rows["amersfoort"]["kind"], rows["amersfoort"]["maxYearlyShare"]) == ("belangstelling", None)
    assert rows["utrecht"]["withinPledge"] is True and rows["amersfoort"]["withinPledge"] is None

    # The cost alone and saving are the reading's (provision_figures, from the engine), to the cent.
    reading = {p.organisation.slug: p for p in pf.figures(dashboard, world.coordinator).participants}
    for slug, row in rows.items():
        alone = reading[slug].alone
        assert row["costAlone"]["average"] == cents(alone.average), slug
        assert row["costAlone"]["perYear"] == [
            {"year": y, "amount": cents(v)} for y, v in sorted(alone.per_year.items())
        ]
        assert row["saving"] == cents(reading[slug].saving), slug
    assert rows["utrecht"]["costAlone"]["basis"] == "plan" and rows["utrecht"]["costAlone"]["estimated"] is False
    assert rows["rotterdam"]["costAlone"]["basis"] == "model" and rows["rotterdam"]["costAlone"]["estimated"] is True
    assert [y["year"] for y in rows["utrecht"]["costAlone"]["perYear"]] == [2091, 2092, 2093, 2094]

    go = body["goPoint"]
    assert (go["reached"], go["size"], go["hiddenMembers"], go["missing"]) == (True, 2, 0, None)
    assert [m["slug"] for m in go["members"]] == ["rotterdam", "utrecht"]
    assert [p["inGoPoint"] for p in body["participants"]] == [False, True, True]
    assert body["totals"]["share"] == "60000.00"


def test_the_go_point_says_what_is_missing(client, world, dashboard):
    service.pledge(dashboard, world.utrecht, world.editor_utrecht, kind=PledgeKind.PLEDGE, max_yearly_share=20_000)
    body = call(client, "get", f"{API}/provisions/gedeeld-energiedashboard", token_for(world.coordinator)).json()
    missing = body["goPoint"]["missing"]
    assert body["goPoint"]["reached"] is False
    assert [o["slug"] for o in missing["overLimit"]] == ["utrecht"]
    # 60.000 × 374.238 / 20.000 = 1.122.714 inhabitants needed in all: 748.476 more.
    assert missing["extraWeight"] == 748_476 and missing["noPledges"] is False
    hidden = client.get(f"{API}/provisions/gedeeld-energiedashboard").json()["goPoint"]["missing"]
    assert hidden["overLimit"] == [] and hidden["extraWeight"] == 748_476


def test_pledging_per_role(client, world, dashboard):
    keys = tokens(world)
    path = f"{API}/provisions/gedeeld-energiedashboard/pledges"
    pledge = {"kind": "toezegging", "maxYearlyShare": "25000.00", "note": "Na besluit college."}
    before = fingerprint(*TABLES)
    assert_problem(call(client, "put", f"{path}/utrecht", None, pledge), 401)
    assert_problem(call(client, "put", f"{path}/utrecht", keys["reader_utrecht"], pledge), 403)
    assert_problem(
        call(client, "put", f"{path}/utrecht", token_for(world.editor_utrecht, TokenScope.READ), pledge), 403
    )
    for name in ("editor_amersfoort", "rep_utrecht", "coordinator"):
        assert_problem(call(client, "put", f"{path}/utrecht", keys[name], pledge), 404)
    no_limit = call(client, "put", f"{path}/utrecht", keys["editor_utrecht"], {"kind": "toezegging"})
    assert_problem(no_limit, 400)
    assert "hoogste deel" in no_limit.json()["invalidParams"][0]["reason"]
    assert_problem(
        call(client, "put", f"{API}/provisions/onbekend/pledges/utrecht", keys["editor_utrecht"], pledge), 404
    )
    assert_problem(call(client, "delete", f"{path}/utrecht", keys["editor_utrecht"]), 404)
    assert fingerprint(*TABLES) == before

    made = call(client, "put", f"{path}/utrecht", keys["editor_utrecht"], pledge)
    assert made.status_code == 201, made.content
    assert made.json() | {"updatedAt": None, "_links": None} == {
        "provision": "gedeeld-energiedashboard",
        "organisation": {"slug": "utrecht", "name": "Gemeente Utrecht"},
        "kind": "toezegging",
        "kindLabel": "voorwaardelijke toezegging",
        "maxYearlyShare": "25000.00",
        "note": "Na besluit college.",
        "version": 1,
        "updatedAt": None,
        "_links": None,
    }
    changed = call(client, "put", f"{path}/utrecht", keys["editor_utrecht"], {"kind": "belangstelling"})
    assert changed.status_code == 200 and changed.json()["maxYearlyShare"] is None and changed.json()["version"] == 2
    assert_problem(call(client, "delete", f"{path}/utrecht", keys["reader_utrecht"]), 403)
    assert call(client, "delete", f"{path}/utrecht", keys["editor_utrecht"]).status_code == 204
    assert not Pledge.objects.exists()

    dashboard.status = ProvisionStatus.ENDED
    dashboard.save()
    ended = call(client, "put", f"{path}/utrecht", keys["editor_utrecht"], pledge)
    assert_problem(ended, 400)
    assert "beëindigd" in ended.json()["invalidParams"][0]["reason"]


def test_a_plan_joins_and_leaves_with_if_match(client, world, dashboard):
    plan = PlanFactory(organisation=world.utrecht, created_by=world.editor_utrecht)
    keys = tokens(world)
    base = f"{API}/plans/{plan.pk}/provisions"
    budget_before = call(client, "get", f"{API}/plans/{plan.pk}/budget", keys["reader_utrecht"]).json()["totals"]
    body = {"provision": "gedeeld-energiedashboard"}
    before = fingerprint(*TABLES)
    assert_problem(call(client, "post", base, None, body, etag_of(plan)), 401)
    assert_problem(call(client, "post", base, keys["editor_amersfoort"], body, etag_of(plan)), 404)
    assert_problem(call(client, "post", base, keys["coordinator"], body, etag_of(plan)), 404)
    assert_problem(call(client, "post", base, keys["reader_utrecht"], body, etag_of(plan)), 403)
    assert_problem(
        call(client, "post", base, token_for(world.editor_utrecht, TokenScope.READ), body, etag_of(plan)), 403
    )
    assert_problem(call(client, "post", base, keys["editor_utrecht"], body), 428)
    assert_problem(call(client, "post", base, keys["editor_utrecht"], body, f'"{plan.pk}-v9"'), 412)
    unknown = call(client, "post", base, keys["editor_utrecht"], {"provision": "onbekend"}, etag_of(plan))
    assert_problem(unknown, 400)
    assert unknown.json()["invalidParams"][0]["name"] == "provision"
    assert fingerprint(*TABLES) == before

    etag = etag_of(plan)
    joined = call(client, "post", base, keys["editor_utrecht"], body, etag)
    assert joined.status_code == 201, joined.content
    assert joined["ETag"] == etag_of(plan) != etag
    assert joined["Location"].endswith(f"/api/v1/plans/{plan.pk}/provisions/gedeeld-energiedashboard")
    join = joined.json()
    assert join["excludedLines"] == [
        "energiedashboard/dashboard-bouwen",
        "energiedashboard/dashboard-licenties",
        "energiedashboard/dashboard-beheer",
    ]
    # Joining alone, Utrecht pays the whole € 60.000 a year.
    assert join["yearlyShare"] == "60000.00" and len(join["sharedLines"]) == 1
    effect = ProvisionJoin.objects.get()
    reading = pf.join_effect(effect)
    assert [row["year"] for row in join["effect"]] == list(plan.years)
    for row, (_year, before_, replaced, shared, after, difference) in zip(join["effect"], reading.rows(), strict=True):
        assert (row["before"], row["after"], row["difference"]) == (cents(before_), cents(after), cents(difference))
        assert (row["replaced"], row["shared"]) == (cents(replaced), cents(shared))
    assert join["effect"][0]["before"] == budget_before[0]["total"]
    again = call(client, "post", base, keys["editor_utrecht"], body, etag_of(plan))
    assert_problem(again, 400)

    listed = call(client, "get", base, keys["reader_utrecht"])
    assert listed.status_code == 200 and listed["ETag"] == etag_of(plan)
    assert [j["provision"] for j in listed.json()] == ["gedeeld-energiedashboard"]
    one = call(client, "get", f"{base}/gedeeld-energiedashboard", keys["reader_utrecht"])
    assert one.status_code == 200 and one.json()["yearlyShare"] == "60000.00"
    assert_problem(call(client, "get", base, keys["editor_amersfoort"]), 404)
    assert_problem(call(client, "get", f"{base}/onbekend", keys["reader_utrecht"]), 404)
    public = client.get(f"{API}/provisions/gedeeld-energiedashboard").json()
    assert public["joinedPlanCount"] == 1 and public["hiddenParticipants"] == 1

    path = f"{base}/gedeeld-energiedashboard"
    assert_problem(call(client, "delete", path, keys["reader_utrecht"], None, etag_of(plan)), 403)
    assert_problem(call(client, "delete", path, keys["editor_utrecht"], None, etag), 412)
    left = call(client, "delete", path, keys["editor_utrecht"], None, etag_of(plan))
    assert left.status_code == 204 and left["ETag"] == etag_of(plan)
    assert not ProvisionJoin.objects.exists()
    budget_after = call(client, "get", f"{API}/plans/{plan.pk}/budget", keys["reader_utrecht"]).json()["totals"]
    assert budget_after == budget_before
    assert_problem(call(client, "delete", path, keys["editor_utrecht"], None, etag_of(plan)), 404)


def test_junk_is_a_problem_never_a_500(client, world, dashboard):
    plan = PlanFactory(organisation=world.utrecht, created_by=world.editor_utrecht)
    keys = tokens(world)
    pledge = {"kind": "toezegging", "maxYearlyShare": "25000.00", "note": "x"}
    path = f"{API}/provisions/gedeeld-energiedashboard/pledges/utrecht"
    junk_sweep(client, "put", path, keys["editor_utrecht"], pledge)
    for amount in ("NaN", "Infinity", "-1", "0", "1e400", "12,50", "1.005", "9" * 20):
        response = call(client, "put", path, keys["editor_utrecht"], pledge | {"maxYearlyShare": amount})
        assert_problem(response, 400)
        assert response.json()["invalidParams"][0]["name"] == "maxYearlyShare", amount
    base = f"{API}/plans/{plan.pk}/provisions"
    before = fingerprint(*TABLES)
    junk_sweep(client, "post", base, keys["editor_utrecht"], {"provision": "onbekend"}, lambda: etag_of(plan))
    assert fingerprint(*TABLES) == before
    refused_text(client, "put", path, keys["editor_utrecht"], pledge, ["kind", "note", "maxYearlyShare"])
    refused_text(client, "post", base, keys["editor_utrecht"], {"provision": "x"}, ["provision"], etag_of(plan))
    for junk in ("%00", "a%00b", "x" * 300):
        assert client.get(f"{API}/provisions/{junk}").status_code == 404
