"""Schemathesis against the live OpenAPI document (issue 12, item 6): generated calls to every operation,
in-process through the WSGI application, on the synthetic edition (tests/data/editions/2090).
Anonymous for the catalogue; the plan operations (/api/v1/plans...) and the organisation's maturity data
(assessments, ambitions, product measurements) get a read-write token of an editor of a test plan's
organisation, which has an assessment, an ambition and a measurement. Most calls name an edition,
development, municipality, plan, line, assessment, ambition, measurement and product that exist (`aim`).

Every response must pass the schema checks: no server error, a status code, content type, headers and body
that the document declares. The module makes at least MIN_CALLS calls in all; `test_calls_made` (the last
test) counts them. Generation is derandomised, so CI makes the same calls on every run; to explore new
inputs locally, set HYPOTHESIS_SEED or drop `derandomize` below.
"""

from collections import Counter
from datetime import timedelta

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from modelgemeente.accounts.services import create_token
from modelgemeente.catalog.models import BudgetLine
from modelgemeente.core.enums import AmbitionMetric, Role, TokenScope
from modelgemeente.maturity.models import Ambition, Assessment, ProductMeasurement
from modelgemeente.maturity.services import ambitions, assessments, digitalisation
from modelgemeente.plans.models import ExtraLine, Plan
from tests.factories import MembershipFactory, PlanFactory
from tests.maturity.conftest import test_products  # noqa: F401  (the synthetic product list, autouse here)

MIN_CALLS = 1000
EXAMPLES_PER_OPERATION = 50
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
calls = {"made": 0, "operations": set(), "statuses": Counter()}


@pytest.fixture
def api_data(test_edition, settings):
    """The synthetic edition in the database; an editor of a plan on it with a read-write token; and throttle
    rates no generated run reaches: a 429 would hide the answer the run is there to check (throttling has its
    own tests in test_framework.py)."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "token": "1000000/minute"},
    }
    cache.clear()
    # Django's WSGI handler closes the database connection after each request; in a test that would close
    # the test's own transaction (on PostgreSQL). The test client leaves the connection open; so does this.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    membership = MembershipFactory(role=Role.EDITOR)
    plan = PlanFactory(organisation=membership.organisation, created_by=membership.user)
    _token, secret = create_token(
        membership.user, "schemathesis", TokenScope.READ_WRITE, timezone.now() + timedelta(days=30)
    )
    line = BudgetLine.objects.filter(development__edition=test_edition).select_related("development").first()
    ExtraLine.objects.create(
        plan=plan,
        development=line.development,
        description="Eigen regel",
        kind=BudgetLine.Kind.STRUCTURAL,
        category=line.category,
        amount=1000,
        reason="Voor de schemathesis-run",
    )
    organisation, user = plan.organisation, membership.user
    assessments.start_assessment(organisation, 2091, test_edition, user)
    digitalisation.start_measurement(organisation, 2091, user, inhabitants=12_500, inhabitants_source="BRP")
    yield {"plan": plan, "secret": secret, "line": line, "user": user}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    cache.clear()


PLANS = "/plans"  # operation paths are relative to the server, /api/v1
# The organisation's own data: called with the editor's token, {id} is the object of the test organisation.
OWN = {
    "/maturity/assessments": Assessment,
    "/maturity/ambitions": Ambition,
    "/products/measurements": ProductMeasurement,
}


def own_object(path: str, data):
    """The object an operation's {id} names (and whose ETag If-Match carries): the plan, or the organisation's
    assessment, ambition or measurement. An ambition deleted by an earlier call is made again."""
    plan = Plan.objects.get(pk=data["plan"].pk)
    model = next((model for prefix, model in OWN.items() if path.startswith(prefix)), None)
    if model is None:
        return plan
    found = model.objects.filter(organisation=plan.organisation).order_by("pk").first()
    if found is None and model is Ambition:
        found = ambitions.create_ambition(
            plan.organisation,
            data["user"],
            title="Gewogen index",
            metric=AmbitionMetric.WEIGHTED_INDEX,
            plan=plan,
            targets={2092: 70},
        )
    return found


def aim_body(value, known: dict):
    """Replace, anywhere in a generated body, the values of fields that name something (an organisation, plan,
    release, dimension, statement, product, development) by ones that exist."""
    if isinstance(value, list):
        return [aim_body(item, known) for item in value]
    if not isinstance(value, dict):
        return value
    return {key: known[key] if key in known else aim_body(item, known) for key, item in value.items()}


def aim(case, data) -> dict:
    """Three calls in four name what exists instead of generated path values, body values and ETags: the
    synthetic edition, a development and line of it, a municipality, the test plan, an extra line of it, the
    organisation's assessment, ambition and measurement, a product of the list, and the current ETag of the
    object the path names (and a new object's organisation, plan, release, dimension, statement and product),
    so the calls reach the views' validation and the services rather than stopping at a 404 or 412; the fourth
    keeps what was generated (unknown ids, stale ETags). Plan operations and the organisation's maturity data
    get the read-write token. Returns the headers to send."""
    path = case.operation.path
    own = path.startswith((PLANS, *OWN))
    headers = {"Authorization": f"Bearer {data['secret']}"} if own else {}
    if calls["made"] % 4 == 3:
        return headers
    target = own_object(path, data)
    plan = Plan.objects.get(pk=data["plan"].pk)
    line = data["line"]
    extra = ExtraLine.objects.filter(plan=plan).first()
    known = {
        "year": data["line"].development.edition.year,
        "slug": line.development.slug,
        "cbsCode": "GM0344",
        "id": "paspoort" if path == "/products/{id}" else target.pk,
        "developmentSlug": line.development.slug,
        "lineSlug": line.slug,
        "extraLineId": extra.pk if extra else None,
    }
    for name, value in known.items():
        if case.path_parameters and name in case.path_parameters and value is not None:
            case.path_parameters[name] = value
    if isinstance(case.body, (dict, list)):
        case.body = aim_body(
            case.body,
            {
                "development": line.development.slug,
                "developments": [line.development.slug],
                "organisation": plan.organisation.slug,
                "plan": plan.pk,
                "release": line.development.edition.release_id,
                "dimension": "data",
                "statement": "niveau-2-a",
                "product": "paspoort",
            }
            # (an ambition's target value: the schema of a decimal allows "", which names no number)
            | ({"value": "70"} if path.startswith("/maturity/ambitions") else {}),
        )
    if case.headers and "If-Match" in case.headers:
        case.headers["If-Match"] = f'"{target.pk}-v{target.version}"'
    return headers


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@pytest.mark.django_db
def test_api(case, api_data):
    response = case.call(headers=aim(case, api_data))
    calls["made"] += 1
    calls["operations"].add(case.operation.label)
    calls["statuses"][f"{case.method} {case.operation.path}", response.status_code] += 1
    case.validate_response(response, checks=CHECKS)


@pytest.mark.django_db
def test_calls_made():
    """The run above made at least MIN_CALLS calls (when all its operations ran, not a -k selection)."""
    operations = {result.ok().label for result in schema.get_all_operations()}
    if calls["operations"] != operations:
        pytest.skip("not every operation ran (a selection of tests)")
    print(f"schemathesis: {calls['made']} calls to {len(operations)} operations")
    for (label, status), count in sorted(calls["statuses"].items()):
        print(f"  {label}: {status} x{count}")
    assert calls["made"] >= MIN_CALLS, calls["made"]
