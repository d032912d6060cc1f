"""An organisation's pages and exports are never kept by a browser or proxy cache; the public
catalogue stays cacheable. On the synthetic edition."""

import pytest

from ..plans.test_editing import url

pytestmark = pytest.mark.django_db


def assert_private(response):
    assert response.status_code == 200, response.request["PATH_INFO"]
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives, response["Cache-Control"]


def test_plan_pages_and_exports_are_private_and_not_stored(client, plan, reader):  # noqa: F811
    client.force_login(reader)
    for suffix in ("", "voorjaarsnota/", "historie/", "plan.xlsx", "plan.csv", "status/", "scenarios/"):
        assert_private(client.get(url(plan, suffix)))
    assert_private(client.get("/mijn/"))
    assert_private(client.get(f"/organisaties/{plan.organisation.slug}/"))


def test_every_route_of_the_plans_app_is_wrapped():
    """Also routes added later: the wrapping is done once, over the whole list (plans/urls.py)."""
    from modelgemeente.plans import migration_views, plan_views, scenario_views, status_views, urls, views

    modules = (views, plan_views, migration_views, status_views, scenario_views)
    raw_views = {v for module in modules for v in vars(module).values() if callable(v)}
    assert urls.urlpatterns
    for pattern in urls.urlpatterns:
        assert pattern.callback not in raw_views and pattern.callback.__wrapped__ in raw_views, pattern


def test_public_catalogue_stays_cacheable(client, test_edition):
    for path in ("/", "/editie/2090/begroting/", "/editie/2090/begroting.xlsx"):
        response = client.get(path)
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", ""), path
        assert "private" not in response.get("Cache-Control", ""), path
