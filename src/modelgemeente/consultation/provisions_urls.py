"""/voorzieningen/: the collective (+1) provisions (consultation/provision_views.py)."""

from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache

from . import provision_views as views

urlpatterns = [
    path("voorzieningen/", views.provisions, name="provisions"),
    path("voorzieningen/<slug:slug>/", views.provision, name="provision"),
    path("voorzieningen/<slug:slug>/meedoen/", views.provision_pledge, name="provision_pledge"),
    path("voorzieningen/<slug:slug>/intrekken/", views.provision_withdraw, name="provision_withdraw"),
    path("voorzieningen/<slug:slug>/aansluiten/", views.provision_join, name="provision_join"),
    path("voorzieningen/<slug:slug>/deelname/<int:pk>/", views.provision_joined, name="provision_joined"),
    path("voorzieningen/<slug:slug>/deelname/<int:pk>/verlaten/", views.provision_leave, name="provision_leave"),
]

# Live figures that depend on the user and change with every pledge: browsers and proxies keep no copy.
urlpatterns = [URLPattern(p.pattern, never_cache(p.callback), p.default_args, p.name) for p in urlpatterns]
