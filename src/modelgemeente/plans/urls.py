from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache

from . import migration_views, plan_views, scenario_views, status_views, views

app_name = "plans"

P = "organisaties/<slug:org>/plannen/<int:pk>/"

urlpatterns = [
    path("mijn/", views.dashboard, name="dashboard"),
    path("organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("organisaties/<slug:org>/", views.organisation, name="organisation"),
    path("organisaties/<slug:org>/uitnodigen/", views.invite, name="invite"),
    path("organisaties/<slug:org>/leden/<int:member_id>/", views.member_update, name="member_update"),
    path("uitnodiging/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("organisaties/<slug:org>/plannen/nieuw/", plan_views.plan_create, name="plan_create"),
    path(P, plan_views.plan, name="plan"),
    path(P + "uitgangspunten/", plan_views.plan_settings, name="plan_settings"),
    path(P + "ontwikkelingen/", plan_views.plan_developments, name="plan_developments"),
    path(P + "ontwikkeling/<slug:slug>/", plan_views.plan_development, name="plan_development"),
    path(P + "voorjaarsnota/", plan_views.voorjaarsnota, name="voorjaarsnota"),
    path(P + "begroting/", plan_views.begroting, name="begroting"),
    path(P + "vergelijking/", plan_views.comparison, name="comparison"),
    path(P + "historie/", plan_views.history, name="history"),
    path(P + "naar-release/", migration_views.migrate, name="migrate"),
    path(P + "status/", status_views.plan_status, name="status"),
    path(P + "scenarios/", scenario_views.plan_scenarios, name="scenarios"),
    path(P + "scenarios/vergelijking/", scenario_views.scenario_compare, name="scenario_compare"),
    path(P + "plan.<str:fmt>", plan_views.download, name="download"),
]

# Every page and export here shows an organisation's own data (or an invitation): browsers and proxies
# must not keep a copy (Cache-Control: private, no-store; docs/security.md). Applied here, once, so a
# new plan page cannot forget it; the public catalogue keeps its own caching.
urlpatterns = [URLPattern(p.pattern, never_cache(p.callback), p.default_args, p.name) for p in urlpatterns]
