"""/api/v1/plans/{id}/migration-preview (issue 13, part 5): the preview of moving a plan to another release,
read-only, for a token that may read the plan; and the 409 for a change to a plan that was moved."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from modelgemeente.core.enums import Role
from modelgemeente.plans import migration, services

from ..factories import LineAdjustmentFactory, MembershipFactory, line
from ..plans.test_migration import second_release  # noqa: F401 (fixture)
from .test_plans_api import PROBLEM, call, etag, member_token, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


@pytest.fixture
def own(plan):
    LineAdjustmentFactory(
        plan=plan, budget_line=line(plan.edition, "digitaal-loket/loket-bouwen"), amount=Decimal("44000")
    )
    return plan


def url(plan, to="2090.2"):
    return f"/api/v1/plans/{plan.pk}/migration-preview?to={to}"


def test_member_token_reads_the_preview(client, own, second_release):  # noqa: F811
    response = call(client, "get", url(own), member_token(own, Role.MEMBER))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["release"] == "2090.1" and body["to"] == "2090.2" and body["toIsPublished"] is True
    items = {item["key"]: item for item in body["items"]}
    assert items["adj:digitaal-loket/loket-bouwen"]["status"] == "decide"
    assert items["adj:digitaal-loket/loket-bouwen"]["decision"] == "keep"
    assert items["new:nieuw-dashboard"]["status"] == "new"
    expected = migration.preview(own, second_release)
    assert [t["after"] for t in body["totals"]] == [f"{v:.2f}" for v in expected.after.values()]
    assert body["_links"]["plan"]["href"].endswith(f"/api/v1/plans/{own.pk}")
    assert response["ETag"] == etag(own)
    assert not own.__class__.objects.filter(supersedes=own).exists()  # nothing changed


def test_other_organisation_gets_404(client, own, second_release):  # noqa: F811
    outsider = MembershipFactory(role=Role.ADMIN).user
    response = call(client, "get", url(own), token_for(outsider))
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_unknown_release_or_none_is_a_problem(client, own, second_release):  # noqa: F811
    secret = member_token(own, Role.MEMBER)
    for to in ("2090.9", "junk", "2090.1"):
        response = call(client, "get", url(own, to), secret)
        assert response.status_code == 400, to
        assert response["Content-Type"] == PROBLEM
        assert response.json()["invalidParams"][0]["name"] == "to"
    response = call(client, "get", f"/api/v1/plans/{own.pk}/migration-preview", secret)
    assert response.status_code == 400


def test_anonymous_is_refused(client, own, second_release):  # noqa: F811
    assert call(client, "get", url(own)).status_code in (401, 403)


def test_change_to_a_moved_plan_is_409(client, own, second_release, editor):  # noqa: F811
    secret = member_token(own, Role.EDITOR)
    version = etag(own)
    services.migrate_plan(own, second_release, {}, editor, own.version)
    response = call(
        client, "patch", f"/api/v1/plans/{own.pk}/choices/klantcontact", secret, {"included": False}, version
    )
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    assert "2090.2" in response.json()["detail"]
