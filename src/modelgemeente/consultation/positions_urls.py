"""/standpunten/: positions of the national level with each region's stance (position_views.py)."""

from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache

from . import position_views as views

urlpatterns = [
    path("standpunten/", views.positions, name="positions"),
    path("standpunten/nieuw/", views.position_create, name="position_create"),
    path("standpunten/<int:pk>/", views.position_detail, name="position"),
    path("standpunten/<int:pk>/opstelling/", views.position_stance, name="position_stance"),
    path("standpunten/<int:pk>/bewerken/", views.position_edit, name="position_edit"),
    path("standpunten/<int:pk>/vaststellen/", views.position_finalise, name="position_finalise"),
    path("standpunten/<int:pk>/standpunt.pdf", views.position_pdf, name="position_pdf"),
    path("standpunten/<int:pk>/versies/", views.position_history, name="position_history"),
    path("standpunten/<int:pk>/versies/<int:number>/", views.position_version, name="position_version"),
]

# What a page shows depends on the user's roles (drafts, forms): browsers and proxies keep no copy.
urlpatterns = [URLPattern(p.pattern, never_cache(p.callback), p.default_args, p.name) for p in urlpatterns]
