"""URLs of the measurable ambitions (see urls.py): an organisation's own data, so no cached copies."""

from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache

from . import ambition_views

A = "organisaties/<slug:org>/ambities/"

urlpatterns = [
    path(A, ambition_views.ambitions, name="ambitions"),
    path(A + "nieuw/", ambition_views.ambition_create, name="ambition_create"),
    path(A + "<int:pk>/", ambition_views.ambition, name="ambition"),
    path(A + "<int:pk>/verwijderen/", ambition_views.ambition_delete, name="ambition_delete"),
]

urlpatterns = [URLPattern(p.pattern, never_cache(p.callback), p.default_args, p.name) for p in urlpatterns]
