"""/api/v1: paths without a trailing slash, kebab-case segments (docs/api.md).

The plan endpoints and the open-data download hang under the same `urlpatterns` (see docs/api.md,
"Tokens and plans").
"""

from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView, SpectacularYAMLAPIView

from . import (
    community_urls,
    consultation_urls,
    maturity_urls,
    migration_views,
    plan_status,
    plan_views,
    products,
    release_views,
    scenarios,
    views,
)


class YearConverter:
    """Four digits: a longer number is no edition (and would overflow an integer column)."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class CbsCodeConverter:
    regex = "[A-Za-z]{2}[0-9]{4}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(YearConverter, "year")
register_converter(CbsCodeConverter, "cbs")


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from this site (drf-spectacular-sidecar), its start script a separate file: the site's
    Content-Security-Policy allows no inline script or style and no other hosts."""

    template_name = "api/swagger_ui.html"
    url_name = "api:openapi-json"
    title = "Open Modelgemeente API"


app_name = "api"
E = "editions/<year:year>"
urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi-json"),
    path("openapi.yaml", SpectacularYAMLAPIView.as_view(), name="openapi-yaml"),
    path("docs", DocsView.as_view(), name="docs"),
    path("editions", views.EditionList.as_view(), name="editions"),
    path(E, views.EditionDetail.as_view(), name="edition"),
    path(E + "/domains", views.DomainList.as_view(), name="domains"),
    path(E + "/developments", views.DevelopmentList.as_view(), name="developments"),
    path(E + "/developments/<slug:slug>", views.DevelopmentDetail.as_view(), name="development"),
    path(E + "/laws", views.LawList.as_view(), name="laws"),
    path(E + "/opgaven", views.OpgaveList.as_view(), name="opgaven"),
    path(E + "/search", views.Search.as_view(), name="search"),
    path(E + "/budget", views.Budget.as_view(), name="budget"),
    path(E + "/releases", release_views.ReleaseList.as_view(), name="releases"),
    path(E + "/diff", release_views.Diff.as_view(), name="diff"),
    path("community/", include((community_urls.urlpatterns, "community"))),
    path("maturity/", include((maturity_urls.maturity, "maturity"))),
    path("", include((maturity_urls.products_patterns, "products"))),
    path("", include((consultation_urls.urlpatterns, "consultation"))),
    path("municipalities", views.MunicipalityList.as_view(), name="municipalities"),
    path("municipalities/<cbs:cbsCode>", views.MunicipalityDetail.as_view(), name="municipality"),
    path("plans", plan_views.PlanList.as_view(), name="plans"),
    path("plans/<int:id>", plan_views.PlanDetail.as_view(), name="plan"),
    path("plans/<int:id>/budget", plan_views.PlanBudget.as_view(), name="plan-budget"),
    path("plans/<int:id>/status", plan_status.PlanStatusView.as_view(), name="plan-status"),
    path("plans/<int:id>/scenarios", scenarios.ScenarioList.as_view(), name="plan-scenarios"),
    path("plans/<int:id>/comparison", scenarios.PlanComparison.as_view(), name="plan-comparison"),
    path("plans/<int:id>/migration-preview", migration_views.MigrationPreview.as_view(), name="plan-migration-preview"),
    path("plans/<int:id>/digitalisation", products.PlanDigitalisation.as_view(), name="plan-digitalisation"),
    path("plans/<int:id>/choices/<slug:developmentSlug>", plan_views.ChoiceDetail.as_view(), name="plan-choice"),
    path(
        "plans/<int:id>/adjustments/<slug:developmentSlug>/<slug:lineSlug>",
        plan_views.AdjustmentDetail.as_view(),
        name="plan-adjustment",
    ),
    path("plans/<int:id>/extra-lines", plan_views.ExtraLineList.as_view(), name="plan-extra-lines"),
    path("plans/<int:id>/extra-lines/<int:extraLineId>", plan_views.ExtraLineDetail.as_view(), name="plan-extra-line"),
]
