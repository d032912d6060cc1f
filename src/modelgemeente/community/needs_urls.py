"""URLs of the needs part of the community (included by community/urls.py)."""

from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache

from . import need_views

urlpatterns = [
    path("behoeften/", need_views.needs, name="needs"),
    path("behoeften/overzicht/", need_views.need_overview, name="need_overview"),
    path("behoeften/nieuw/", need_views.need_create, name="need_create"),
    path("behoeften/<int:pk>/wijzigen/", need_views.need_update, name="need_update"),
    path("behoeften/<int:pk>/verwijderen/", need_views.need_delete, name="need_delete"),
]

# Organisations' needs and forms: browsers and proxies keep no copy.
urlpatterns = [URLPattern(p.pattern, never_cache(p.callback), p.default_args, p.name) for p in urlpatterns]
