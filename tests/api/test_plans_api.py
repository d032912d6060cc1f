"""/api/v1/plans with personal API tokens: the permissions of the plan pages per role (tests/plans/
test_permissions.py), the If-Match precondition, every change in the plan history, the budget equal to
the plan's downloads, and bad input as problem+json 400. On the synthetic edition, with factories."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from modelgemeente.accounts.services import create_token, revoke_token
from modelgemeente.core.enums import Role, TokenScope
from modelgemeente.plans.budget import plan_report
from modelgemeente.plans.models import ExtraLine, LineAdjustment, PlanChange

from ..exports.readers import csv_rows
from ..factories import ExtraLineFactory, MembershipFactory, PlanFactory, UserFactory, choice

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


@pytest.fixture
def plan():
    return PlanFactory()


def token_for(user, scope=TokenScope.READ_WRITE) -> str:
    _token, secret = create_token(user, "test", scope, timezone.localdate() + timedelta(days=30))
    return secret


def member_token(plan, role, scope=TokenScope.READ_WRITE) -> str:
    return token_for(MembershipFactory(organisation=plan.organisation, role=role).user, scope)


def call(client, method, path, secret=None, body=None, if_match=None):
    headers = {}
    if secret:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    if if_match:
        headers["HTTP_IF_MATCH"] = if_match
    kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body is not None else {}
    return getattr(client, method)(path, **kwargs, **headers)


def etag(plan) -> str:
    plan.refresh_from_db()
    return f'"{plan.pk}-v{plan.version}"'


def urls(plan, extra_id=0):
    base = f"/api/v1/plans/{plan.pk}"
    reads = [base, base + "/budget"]
    writes = [
        ("patch", base + "/choices/energiedashboard", {"included": False}),
        ("patch", base + "/adjustments/digitaal-loket/loket-bouwen", {"excluded": True, "reason": "Niet nodig."}),
        ("post", base + "/extra-lines", {**NEW_LINE}),
        ("patch", f"{base}/extra-lines/{extra_id}", {"description": "Anders"}),
        ("delete", f"{base}/extra-lines/{extra_id}", None),
    ]
    return reads, writes


NEW_LINE = {
    "development": "energiedashboard",
    "description": "Koppeling met de warmtemonitor",
    "kind": "incidental",
    "category": "implementation",
    "amount": "12000.50",
    "reason": "Eigen wens van het college.",
}


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    assert response.json()["status"] == status


# Permissions, as on the pages ---------------------------------------------------------------------


def test_no_token_is_401_with_www_authenticate(client, plan):
    extra = ExtraLineFactory(plan=plan)
    reads, writes = urls(plan, extra.pk)
    for path in ["/api/v1/plans", *reads]:
        response = call(client, "get", path)
        assert_problem(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")
    for method, path, body in writes:
        assert_problem(call(client, method, path, body=body, if_match=etag(plan)), 401)


def test_a_session_is_no_credential_for_the_api(client, plan):
    client.force_login(MembershipFactory(organisation=plan.organisation, role=Role.ADMIN).user)
    assert_problem(call(client, "get", f"/api/v1/plans/{plan.pk}"), 401)


def test_expired_and_revoked_tokens_are_401(client, plan):
    user = MembershipFactory(organisation=plan.organisation, role=Role.EDITOR).user
    token, secret = create_token(user, "oud", TokenScope.READ_WRITE, timezone.localdate() + timedelta(days=1))
    assert call(client, "get", f"/api/v1/plans/{plan.pk}", secret).status_code == 200
    token.expires_at = timezone.now() - timedelta(seconds=1)
    token.save()
    assert_problem(call(client, "get", f"/api/v1/plans/{plan.pk}", secret), 401)
    token2, secret2 = create_token(user, "nieuw", TokenScope.READ_WRITE, timezone.localdate() + timedelta(days=1))
    revoke_token(token2, user)
    assert_problem(call(client, "get", f"/api/v1/plans/{plan.pk}", secret2), 401)


def test_outsider_gets_404_on_every_plan_endpoint(client, plan):
    extra = ExtraLineFactory(plan=plan)
    outsider = MembershipFactory(role=Role.ADMIN).user  # admin of another organisation
    secret = token_for(outsider)
    reads, writes = urls(plan, extra.pk)
    for path in reads:
        assert_problem(call(client, "get", path, secret), 404)
    for method, path, body in writes:
        assert_problem(call(client, method, path, secret, body, etag(plan)), 404)
    assert call(client, "get", "/api/v1/plans", secret).json()["totalCount"] == 0
    assert etag(plan) == f'"{plan.pk}-v1"'


@pytest.mark.parametrize("role", [Role.MEMBER, Role.EDITOR, Role.ADMIN])
def test_every_member_reads_the_plan_and_its_budget(client, plan, role):
    secret = member_token(plan, role, TokenScope.READ)
    listing = call(client, "get", "/api/v1/plans", secret).json()
    assert [p["id"] for p in listing["_embedded"]["plans"]] == [plan.pk]
    assert listing["_links"]["self"]["href"].startswith("http://testserver/api/v1/plans")
    reads, _writes = urls(plan)
    for path in reads:
        response = call(client, "get", path, secret)
        assert response.status_code == 200
        assert response["ETag"] == f'"{plan.pk}-v1"'


def test_reader_and_read_scope_tokens_cannot_write(client, plan):
    extra = ExtraLineFactory(plan=plan)
    _reads, writes = urls(plan, extra.pk)
    for secret in (member_token(plan, Role.MEMBER), member_token(plan, Role.ADMIN, TokenScope.READ)):
        for method, path, body in writes:
            assert_problem(call(client, method, path, secret, body, etag(plan)), 403)
    assert etag(plan) == f'"{plan.pk}-v1"'
    assert PlanChange.objects.filter(plan=plan).count() == 1  # only "created"


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ADMIN])
def test_editor_and_admin_make_every_change(client, plan, role):
    extra = ExtraLineFactory(plan=plan)
    secret = member_token(plan, role)
    _reads, writes = urls(plan, extra.pk)
    for method, path, body in writes:
        before = etag(plan)
        response = call(client, method, path, secret, body, before)
        assert response.status_code in (200, 201, 204), (path, response.content)
        assert response["ETag"] == etag(plan) != before


# The plan and its ETag ----------------------------------------------------------------------------


def test_a_plan_with_choices_adjustments_and_extra_lines(client, plan):
    extra = ExtraLineFactory(plan=plan)
    LineAdjustment.objects.create(
        plan=plan,
        budget_line=plan.edition.developments.get(slug="digitaal-loket").budget_lines.get(slug="loket-bouwen"),
        amount=Decimal("50000"),
        reason="Offerte.",
    )
    body = call(client, "get", f"/api/v1/plans/{plan.pk}", member_token(plan, Role.MEMBER)).json()
    assert body["id"] == plan.pk and body["version"] == 1 and body["years"] == [2091, 2092, 2093, 2094]
    assert {c["development"] for c in body["choices"]} >= {"energiedashboard", "digitaal-loket"}
    assert body["adjustments"] == [
        {
            "key": "digitaal-loket/loket-bouwen",
            "development": "digitaal-loket",
            "line": "loket-bouwen",
            "excluded": False,
            "amount": "50000.00",
            "hoursPerWeek": None,
            "priceYear": None,
            "reason": "Offerte.",
        }
    ]
    assert body["extraLines"][0]["id"] == extra.pk and body["extraLines"][0]["amount"] == "12000.00"
    links = body["_links"]
    assert links["budget"]["href"] == f"http://testserver/api/v1/plans/{plan.pk}/budget"
    assert links["xlsx"]["href"].endswith(f"/plannen/{plan.pk}/plan.xlsx")
    assert links["pdf"]["href"].endswith(f"/plannen/{plan.pk}/plan.pdf")


def test_the_budget_equals_the_plan_csv_to_the_cent(client, plan):
    secret = member_token(plan, Role.MEMBER)
    api = call(client, "get", f"/api/v1/plans/{plan.pk}/budget", secret).json()
    report = plan_report(plan)
    assert api["years"] == list(report.years)
    user = plan.organisation.memberships.first().user
    client.force_login(user)
    csv = csv_rows(client.get(plan.get_absolute_url() + "plan.csv").content)
    total_label = next(r.label for r in report.summary if r.key == "total")
    assert [Decimal(v.replace(",", ".")) for v in csv[total_label][: len(api["years"])]] == [
        Decimal(t["total"]) for t in api["totals"]
    ]


# Changes: If-Match, history ----------------------------------------------------------------------


def test_a_change_without_if_match_is_428_and_changes_nothing(client, plan):
    secret = member_token(plan, Role.EDITOR)
    response = call(client, "patch", f"/api/v1/plans/{plan.pk}/choices/energiedashboard", secret, {"included": False})
    assert_problem(response, 428)
    assert choice(plan, "energiedashboard").included is True


def test_a_stale_if_match_is_412_and_changes_nothing(client, plan):
    extra = ExtraLineFactory(plan=plan)
    secret = member_token(plan, Role.EDITOR)
    stale = etag(plan)
    call(client, "patch", f"/api/v1/plans/{plan.pk}/choices/klantcontact", secret, {"motivation": "Eerst."}, stale)
    current = etag(plan)
    assert current != stale
    rows = (
        list(plan.choices.values()),
        list(plan.adjustments.values()),
        list(plan.extra_lines.values()),
        PlanChange.objects.filter(plan=plan).count(),
    )
    _reads, writes = urls(plan, extra.pk)
    for method, path, body in [*writes, ("patch", writes[0][1], {})]:
        for if_match in (stale, '"999-v2"', "*", "garbage"):
            response = call(client, method, path, secret, body, if_match)
            assert_problem(response, 412)
            assert current in response.json()["detail"]
    assert etag(plan) == current
    after = (
        list(plan.choices.values()),
        list(plan.adjustments.values()),
        list(plan.extra_lines.values()),
        PlanChange.objects.filter(plan=plan).count(),
    )
    assert after == rows


def test_every_change_is_in_the_history_with_the_tokens_user(client, plan):
    user = MembershipFactory(organisation=plan.organisation, role=Role.EDITOR).user
    secret = token_for(user)
    base = f"/api/v1/plans/{plan.pk}"
    response = call(client, "patch", base + "/choices/energiedashboard", secret, {"startYear": 2093}, etag(plan))
    assert response.json()["startYear"] == 2093
    change = PlanChange.objects.get(plan=plan, version=2)
    assert change.user == user and change.kind == "choices"
    assert change.details[0]["object"]["key"] == "energiedashboard"
    assert change.details[0]["field"] == "start_year" and change.details[0]["new"] == 2093

    body = {"amount": "50000.50", "reason": "Offerte van de leverancier."}
    response = call(client, "patch", base + "/adjustments/digitaal-loket/loket-bouwen", secret, body, etag(plan))
    assert response.status_code == 200 and response.json()["amount"] == "50000.50"
    change = PlanChange.objects.get(plan=plan, version=3)
    assert change.user == user and change.kind == "lines"
    assert {d["field"] for d in change.details} >= {"amount", "reason"}

    response = call(client, "post", base + "/extra-lines", secret, NEW_LINE, etag(plan))
    assert response.status_code == 201
    new_id = response.json()["id"]
    assert response["Location"].endswith(f"{base}/extra-lines/{new_id}")
    assert ExtraLine.objects.get(pk=new_id).amount == Decimal("12000.50")
    change = PlanChange.objects.get(plan=plan, version=4)
    assert change.user == user and change.kind == "extra_added" and change.details[0]["action"] == "added"

    response = call(client, "patch", f"{base}/extra-lines/{new_id}", secret, {"spread": 2}, etag(plan))
    assert response.json()["spread"] == 2
    assert PlanChange.objects.get(plan=plan, version=5).kind == "extra_changed"

    assert call(client, "delete", f"{base}/extra-lines/{new_id}", secret, None, etag(plan)).status_code == 204
    change = PlanChange.objects.get(plan=plan, version=6)
    assert change.user == user and change.kind == "extra_deleted"
    assert not ExtraLine.objects.filter(pk=new_id).exists()


# Bad input: problem+json 400 with Dutch messages, never 500 ----------------------------------------


@pytest.mark.parametrize(
    ("path", "method", "body", "param"),
    [
        ("/choices/energiedashboard", "patch", {"startYear": 2099}, "startYear"),
        ("/choices/energiedashboard", "patch", {"priority": "soms"}, "priority"),
        ("/choices/energiedashboard", "patch", {"motivation": "x" * 4001}, "motivation"),
        ("/choices/energiedashboard", "patch", {"startYear": "twee"}, "startYear"),
        ("/adjustments/digitaal-loket/loket-bouwen", "patch", {"amount": "50000"}, "reason"),
        ("/adjustments/digitaal-loket/loket-bouwen", "patch", {"amount": "-1", "reason": "x"}, "amount"),
        ("/adjustments/digitaal-loket/loket-bouwen", "patch", {"amount": "1.234", "reason": "x"}, "amount"),
        ("/adjustments/digitaal-loket/loket-bouwen", "patch", {"hoursPerWeek": "2", "reason": "x"}, "hoursPerWeek"),
        ("/adjustments/digitaal-loket/loket-beheer", "patch", {"hoursPerWeek": "201", "reason": "x"}, "hoursPerWeek"),
        ("/extra-lines", "post", {**NEW_LINE, "hoursPerWeek": "8"}, "amount"),
        ("/extra-lines", "post", {**NEW_LINE, "development": "bestaat-niet"}, "development"),
        ("/extra-lines", "post", {"development": "energiedashboard"}, "description"),
        ("/extra-lines", "post", {**NEW_LINE, "priceYear": 1999}, "priceYear"),
    ],
)
def test_bad_input_is_a_400_problem_with_dutch_invalid_params(client, plan, path, method, body, param):
    secret = member_token(plan, Role.EDITOR)
    response = call(client, method, f"/api/v1/plans/{plan.pk}{path}", secret, body, etag(plan))
    assert_problem(response, 400)
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert param in names, response.json()
    assert etag(plan) == f'"{plan.pk}-v1"'


def test_unknown_development_line_or_extra_line_is_404(client, plan):
    secret = member_token(plan, Role.EDITOR)
    base = f"/api/v1/plans/{plan.pk}"
    for method, path in [
        ("patch", "/choices/bestaat-niet"),
        ("patch", "/adjustments/digitaal-loket/bestaat-niet"),
        ("patch", "/extra-lines/999999"),
        ("delete", "/extra-lines/999999"),
    ]:
        assert_problem(call(client, method, base + path, secret, {} if method == "patch" else None, etag(plan)), 404)
    assert_problem(call(client, "get", "/api/v1/plans/999999", secret), 404)


def test_the_catalogue_stays_anonymous_and_readable_with_a_token(client, test_edition):
    assert client.get("/api/v1/editions").status_code == 200
    secret = token_for(UserFactory(), TokenScope.READ)
    assert call(client, "get", "/api/v1/editions", secret).status_code == 200


@pytest.mark.parametrize("body", ["{" * 1, "[" * 5000 + "]" * 5000, '{"included": tru}'], ids=["cut", "deep", "typo"])
def test_an_unreadable_body_is_400_in_dutch_and_changes_nothing(client, plan, body):
    """Also a body nested deeper than Python's JSON decoder goes (a RecursionError was a 500)."""
    version = plan.version
    response = client.patch(
        f"/api/v1/plans/{plan.pk}/choices/energiedashboard",
        data=body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {member_token(plan, Role.EDITOR)}",
        HTTP_IF_MATCH=etag(plan),
    )
    assert_problem(response, 400)
    assert response.json()["detail"] == "De inhoud van het verzoek is geen geldige JSON."
    plan.refresh_from_db()
    assert plan.version == version
