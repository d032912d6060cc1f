"""/api/v1/plans/{id}/status, /scenarios and /comparison: the steps per role with If-Match, a vastgesteld plan refused
on every write endpoint (403 problem+json, nothing changed), copying with its 201 and Location, the comparison equal to
each plan's budget, another organisation's plan a 404, junk a 400 problem+json. On the synthetic edition."""

import pytest

from modelgemeente.consultation.models import ProvisionJoin
from modelgemeente.core.enums import PlanStatus, Role, TokenScope
from modelgemeente.plans import scenarios, services
from modelgemeente.plans.budget import plan_report
from modelgemeente.plans.models import FrozenExport, Plan, PlanChange
from tests.consultation.test_provisions import loket_provision

from ..factories import ExtraLineFactory, MembershipFactory, PlanFactory
from .test_plans_api import assert_problem, call, etag, member_token, token_for, urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return PlanFactory()


def status_url(plan):
    return f"/api/v1/plans/{plan.pk}/status"


def test_steps_per_role_with_if_match(client, plan):
    reader, editor, admin = (member_token(plan, role) for role in (Role.MEMBER, Role.EDITOR, Role.ADMIN))
    body = call(client, "get", status_url(plan), reader).json()
    assert body["status"] == "concept" and body["next"] == [{"status": "ingediend", "allowed": False}]
    assert body["frozenExports"] == [] and body["_links"]["plan"]["href"].endswith(f"/api/v1/plans/{plan.pk}")
    assert call(client, "get", f"/api/v1/plans/{plan.pk}", reader).json()["status"] == "concept"

    submit = {"status": "ingediend"}
    assert_problem(call(client, "put", status_url(plan), reader, submit, etag(plan)), 403)
    assert_problem(call(client, "put", status_url(plan), editor, submit), 428)
    assert_problem(call(client, "put", status_url(plan), editor, submit, f'"{plan.pk}-v9"'), 412)
    read_only = member_token(plan, Role.ADMIN, TokenScope.READ)
    assert_problem(call(client, "put", status_url(plan), read_only, submit, etag(plan)), 403)
    assert etag(plan) == f'"{plan.pk}-v1"'

    response = call(client, "put", status_url(plan), editor, submit, etag(plan))
    assert response.status_code == 200 and response["ETag"] == f'"{plan.pk}-v2"'
    assert response.json()["status"] == "ingediend"
    adopt = {"status": "vastgesteld", "confirm": True, "decisionDate": "2026-07-03", "decisionReference": "RB 41"}
    response = call(client, "put", status_url(plan), editor, adopt, etag(plan))
    assert_problem(response, 403)
    assert "beheerder" in response.json()["detail"]
    response = call(client, "put", status_url(plan), admin, adopt | {"confirm": False}, etag(plan))
    assert_problem(response, 400)
    assert response.json()["invalidParams"][0]["name"] == "confirm"
    response = call(client, "put", status_url(plan), admin, adopt, etag(plan))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["decisionDate"], body["decisionReference"]) == ("vastgesteld", "2026-07-03", "RB 41")
    assert {f["format"] for f in body["frozenExports"]} == set(FrozenExport.objects.values_list("fmt", flat=True))
    assert body["frozenExports"][0]["version"] == 3 and body["next"] == []


@pytest.mark.parametrize(
    "body, name",
    [
        ({"status": "gesloten"}, "status"),
        ({}, "status"),
        ({"status": 3}, "status"),
        ({"status": "vastgesteld", "confirm": True}, "status"),  # from concept
        ({"status": "concept"}, "status"),  # already
        ({"status": "ingediend", "decisionReference": "RB 1"}, "decisionDate"),
        ({"status": "ingediend", "decisionDate": "31-02-2026"}, "decisionDate"),
        ({"status": "ingediend", "decisionReference": "x" * 101}, "decisionReference"),
        ({"status": "ingediend", "confirm": "misschien"}, "confirm"),
    ],
)
def test_junk_is_a_400_problem_and_changes_nothing(client, plan, body, name):
    response = call(client, "put", status_url(plan), member_token(plan, Role.ADMIN), body, etag(plan))
    assert_problem(response, 400)
    assert name in [p["name"] for p in response.json()["invalidParams"]]
    assert etag(plan) == f'"{plan.pk}-v1"'


def test_a_vastgesteld_plan_refuses_every_write_endpoint(client, plan):
    extra = ExtraLineFactory(plan=plan)
    secret = member_token(plan, Role.ADMIN)
    provision = loket_provision()
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ADOPTED)
    _reads, writes = urls(plan, extra.pk)
    writes += [
        ("put", status_url(plan), {"status": "concept"}),
        ("post", f"/api/v1/plans/{plan.pk}/provisions", {"provision": provision.slug}),
        ("delete", f"/api/v1/plans/{plan.pk}/provisions/{provision.slug}", None),
    ]
    for method, path, body in writes:
        response = call(client, method, path, secret, body, etag(plan))
        assert_problem(response, 403)
        assert "Dit plan is vastgesteld" in response.json()["detail"], path
    assert etag(plan) == f'"{plan.pk}-v1"' and PlanChange.objects.filter(plan=plan).count() == 1
    assert plan.extra_lines.get().pk == extra.pk and not ProvisionJoin.objects.exists()


def test_copy_list_and_compare(client, plan):
    editor = member_token(plan, Role.EDITOR)
    base = f"/api/v1/plans/{plan.pk}"
    assert_problem(
        call(client, "post", base + "/scenarios", member_token(plan, Role.MEMBER), {"name": "x"}, etag(plan)), 403
    )
    assert_problem(call(client, "post", base + "/scenarios", editor, {"name": "sober"}), 428)
    response = call(client, "post", base + "/scenarios", editor, {"name": "sober"}, etag(plan))
    assert response.status_code == 201, response.content
    copy = Plan.objects.get(scenario_of=plan)
    assert response["Location"] == f"http://testserver/api/v1/plans/{copy.pk}" and response["ETag"] == f'"{copy.pk}-v1"'
    body = response.json()
    assert (body["scenarioOf"], body["scenarioName"], body["status"]) == (plan.pk, "sober", "concept")
    assert len(body["choices"]) == plan.choices.count()
    for junk, name in [({"name": ""}, "name"), ({"name": "Sober"}, "name"), ({}, "name"), ({"name": "x" * 81}, "name")]:
        response = call(client, "post", base + "/scenarios", editor, junk, etag(plan))
        assert_problem(response, 400)
        assert response.json()["invalidParams"][0]["name"] == name
    listing = call(client, "get", base + "/scenarios", editor).json()
    assert [s["id"] for s in listing] == [copy.pk]

    services.save_choices(copy, None, copy.version, {"energiedashboard": {"included": False}})
    response = call(client, "get", f"{base}/comparison?with={copy.pk}", editor)
    assert response.status_code == 200 and response["ETag"] == etag(plan)
    body = response.json()
    mine, theirs = plan_report(plan), plan_report(Plan.objects.get(pk=copy.pk))
    assert body["years"] == list(plan.years)
    for year_row in body["totals"]:
        y = year_row["year"]
        total_mine, total_theirs = mine.grand_total.values[y], theirs.grand_total.values[y]
        assert year_row["plan"]["total"] == f"{total_mine:.2f}" and year_row["other"]["total"] == f"{total_theirs:.2f}"
        assert year_row["difference"]["total"] == f"{total_theirs - total_mine:.2f}"
    assert [d["key"] for d in body["byDomain"]] == [row.key for row in mine.by_domain]
    assert body["_links"]["html"]["href"].endswith(f"/scenarios/vergelijking/?met={copy.pk}")


def test_comparison_partners_and_junk(client, plan):
    secret = member_token(plan, Role.MEMBER)
    base = f"/api/v1/plans/{plan.pk}/comparison"
    other_org = PlanFactory()
    assert_problem(call(client, "get", f"{base}?with={other_org.pk}", secret), 404)
    for junk in ("", "abc", "0", "-1", "1.5", "99999999999999999999"):
        response = call(client, "get", f"{base}?with={junk}", secret)
        assert_problem(response, 400)
        assert response.json()["invalidParams"][0]["name"] == "with"
    response = call(client, "get", f"{base}?with={plan.pk}", secret)
    assert_problem(response, 400)
    assert "dan dit plan zelf" in response.json()["invalidParams"][0]["reason"]


def test_outsider_gets_404_on_every_new_endpoint(client, plan):
    secret = token_for(MembershipFactory(role=Role.ADMIN).user)
    copy = scenarios.copy_as_scenario(plan, None, "sober")
    base = f"/api/v1/plans/{plan.pk}"
    for path in (base + "/status", base + "/scenarios", f"{base}/comparison?with={copy.pk}"):
        assert_problem(call(client, "get", path, secret), 404)
    assert_problem(call(client, "put", base + "/status", secret, {"status": "ingediend"}, etag(plan)), 404)
    assert_problem(call(client, "post", base + "/scenarios", secret, {"name": "x"}, etag(plan)), 404)
    assert etag(plan) == f'"{plan.pk}-v1"' and Plan.objects.count() == 2
