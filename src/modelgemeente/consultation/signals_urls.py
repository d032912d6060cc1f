"""URLs of the start page, the regions and the signals (see urls.py)."""

from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache

from . import region_views, signal_views

urlpatterns = [
    path("overleg/", region_views.index, name="index"),
    path("regio/", region_views.regions, name="regions"),
    path("regio/<slug:slug>/", region_views.region, name="region"),
    path("signalen/", signal_views.signals, name="signals"),
    path("signalen/nieuw/", signal_views.signal_create, name="signal_create"),
    path("signalen/landelijk/", signal_views.signal_overview, name="signal_overview"),
    path("signalen/<int:pk>/", signal_views.signal_detail, name="signal"),
    path("signalen/<int:pk>/steunen/", signal_views.signal_support, name="signal_support"),
    path("signalen/<int:pk>/steun-intrekken/", signal_views.signal_withdraw, name="signal_withdraw"),
    path("signalen/<int:pk>/sluiten/", signal_views.signal_close, name="signal_close"),
    path("signalen/bundelen/<slug:slug>/", signal_views.bundle_create, name="bundle_create"),
    path("signalen/bundel/<int:pk>/", signal_views.bundle_detail, name="bundle"),
    path("signalen/bundel/<int:pk>/inbrengen/", signal_views.bundle_raise, name="bundle_raise"),
    path("signalen/bundel/<int:pk>/beantwoorden/", signal_views.bundle_answer, name="bundle_answer"),
    path("signalen/bundel/<int:pk>/sluiten/", signal_views.bundle_close, name="bundle_close"),
]

# Pages with the user's roles, signals and forms: browsers and proxies keep no copy.
urlpatterns = [URLPattern(p.pattern, never_cache(p.callback), p.default_args, p.name) for p in urlpatterns]
